package db_test

import (
	"context"
	"slices"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventcal/eventcal/db"
)

// eventsSnapshot is every event's row (without its calendar) as text, by id.
const eventsSnapshot = `SELECT e.id::text || '|' || e.user_id || '|' || e.title || '|' || e.description || '|' ||
	e.location || '|' || e.starts_at || '|' || e.ends_at || '|' || e.all_day || '|' || e.color || '|' ||
	e.rrule || '|' || e.tzid || '|' || COALESCE(e.until_at::text, '-') || '|' || e.exdates::text || '|' ||
	COALESCE(e.series_id::text, '-') || '|' || COALESCE(e.recurrence_id::text, '-') || '|' ||
	e.created_at || '|' || e.updated_at
	FROM events e ORDER BY e.id`

// TestCalendarsMigrationKeepsEvents migrates a database holding users,
// single events, a series with an override and a cancelled occurrence
// from the schema before calendars: every event is unchanged and in its
// owner's one "Personal" calendar, and new users and events get theirs.
func TestCalendarsMigrationKeepsEvents(t *testing.T) {
	ctx := context.Background()
	pool := env.EmptyDatabase(t)
	if _, err := db.MigrateTo(ctx, pool, 5); err != nil {
		t.Fatal(err)
	}
	_, err := pool.Exec(ctx, `
		INSERT INTO users (username, password_hash, timezone) VALUES ('ann', 'x', 'Europe/Berlin'), ('bob', 'x', 'UTC'), ('cy', 'x', 'UTC');
		INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color)
		SELECT u.id, 'Event ' || g, 'About ' || g, 'Room ' || g, '2025-06-01'::timestamptz + g * interval '7 hours',
		       '2025-06-01'::timestamptz + g * interval '7 hours' + interval '1 hour', g % 5 = 0, 'green'
		FROM users u, generate_series(1, 40) g WHERE u.username <> 'cy';
		INSERT INTO events (user_id, title, starts_at, ends_at, rrule, tzid, until_at, exdates)
		SELECT id, 'Standup', '2025-06-02 07:00Z', '2025-06-02 07:15Z', 'FREQ=DAILY;COUNT=10', 'Europe/Berlin',
		       '2025-06-11 07:15Z', ARRAY['2025-06-04 07:00Z'::timestamptz] FROM users WHERE username = 'ann';
		INSERT INTO events (user_id, title, starts_at, ends_at, series_id, recurrence_id)
		SELECT user_id, 'Standup (late)', '2025-06-05 09:00Z', '2025-06-05 09:15Z', id, '2025-06-05 07:00Z'
		FROM events WHERE rrule <> '';`)
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, pool)

	if _, err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	if after := snapshot(t, pool); !slices.Equal(before, after) {
		t.Fatalf("events changed by the migration:\nbefore %d rows\nafter  %d rows", len(before), len(after))
	}
	var users, calendars, misplaced int
	err = pool.QueryRow(ctx, `SELECT (SELECT count(*) FROM users),
		(SELECT count(*) FROM calendars WHERE name = 'Personal'),
		(SELECT count(*) FROM events e JOIN calendars c ON c.id = e.calendar_id WHERE c.owner_id <> e.user_id)`).
		Scan(&users, &calendars, &misplaced)
	if err != nil || users != 3 || calendars != 3 || misplaced != 0 {
		t.Fatalf("users %d, Personal calendars %d, events outside their owner's calendar %d (%v)", users, calendars, misplaced, err)
	}

	// A user made afterwards has "Personal"; an event written without a
	// calendar goes into it, an override into its series' calendar.
	var uid, cal, evCal, ovCal int64
	err = pool.QueryRow(ctx, `WITH u AS (INSERT INTO users (username, password_hash) VALUES ('dee', 'x') RETURNING id)
		SELECT id FROM u`).Scan(&uid)
	if err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `SELECT id FROM calendars WHERE owner_id = $1 AND name = 'Personal'`, uid).Scan(&cal); err != nil {
		t.Fatalf("new user's Personal calendar: %v", err)
	}
	err = pool.QueryRow(ctx, `INSERT INTO events (user_id, title, starts_at, ends_at, rrule, tzid)
		VALUES ($1, 'Gym', now(), now(), 'FREQ=WEEKLY', 'UTC') RETURNING calendar_id`, uid).Scan(&evCal)
	if err != nil || evCal != cal {
		t.Fatalf("new event's calendar %d, want %d (%v)", evCal, cal, err)
	}
	err = pool.QueryRow(ctx, `INSERT INTO events (user_id, title, starts_at, ends_at, series_id, recurrence_id)
		SELECT $1, 'Gym (moved)', now(), now(), id, now() FROM events WHERE title = 'Gym' RETURNING calendar_id`, uid).Scan(&ovCal)
	if err != nil || ovCal != cal {
		t.Fatalf("override's calendar %d, want %d (%v)", ovCal, cal, err)
	}
}

// snapshot reads eventsSnapshot.
func snapshot(t *testing.T, pool *pgxpool.Pool) []string {
	t.Helper()
	rows, err := pool.Query(context.Background(), eventsSnapshot)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 80 {
		t.Fatalf("%d events in the snapshot", len(out))
	}
	return out
}
