package db_test

import (
	"context"
	"slices"
	"testing"
	"time"

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

// TestEventCountsFollowWrites: users.event_count starts as each user's
// events and follows inserts (one, many, COPY), deletes and the cascade
// of a deleted calendar.
func TestEventCountsFollowWrites(t *testing.T) {
	ctx := context.Background()
	pool := env.EmptyDatabase(t)
	if _, err := db.MigrateTo(ctx, pool, 6); err != nil {
		t.Fatal(err)
	}
	_, err := pool.Exec(ctx, `
		INSERT INTO users (username, password_hash) VALUES ('ann', 'x'), ('bob', 'x');
		INSERT INTO events (user_id, title, starts_at, ends_at)
		SELECT u.id, 'E' || g, now(), now() FROM users u, generate_series(1, 7) g WHERE u.username = 'ann';`)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx, pool); err != nil {
		t.Fatal(err)
	}
	q := db.New(pool)
	check := func(what string) {
		t.Helper()
		var bad int
		err := pool.QueryRow(ctx, `SELECT count(*) FROM users u
			WHERE u.event_count <> (SELECT count(*) FROM events e WHERE e.user_id = u.id)`).Scan(&bad)
		if err != nil || bad != 0 {
			t.Fatalf("%s: %d users with a wrong event_count (%v)", what, bad, err)
		}
	}
	check("after the migration")
	var ann, bob int64
	if err := pool.QueryRow(ctx, `SELECT (SELECT id FROM users WHERE username = 'ann'), (SELECT id FROM users WHERE username = 'bob')`).Scan(&ann, &bob); err != nil {
		t.Fatal(err)
	}
	if n, err := q.UserEventCount(ctx, ann); err != nil || n != 7 {
		t.Fatalf("ann's count %d (%v), want 7", n, err)
	}
	rows := make([]db.CreateEventsParams, 30)
	for i := range rows {
		rows[i] = db.CreateEventsParams{UserID: bob, Title: "Copied", StartsAt: time.Now(), EndsAt: time.Now(), Color: "blue"}
	}
	if _, err := q.CreateEvents(ctx, rows); err != nil {
		t.Fatal(err)
	}
	check("after COPY")
	if _, err := pool.Exec(ctx, `DELETE FROM events WHERE user_id = $1 AND title IN ('E1', 'E2')`, ann); err != nil {
		t.Fatal(err)
	}
	check("after a delete")
	if _, err := pool.Exec(ctx, `INSERT INTO calendars (owner_id, name) VALUES ($1, 'Work')`, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE events SET calendar_id = (SELECT id FROM calendars WHERE name = 'Work') WHERE user_id = $1 AND id % 2 = 0`, bob); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `DELETE FROM calendars WHERE name = 'Work'`); err != nil {
		t.Fatal(err)
	}
	check("after a calendar's events went with it")
	if n, _ := q.UserEventCount(ctx, bob); n == 0 || n >= 30 {
		t.Fatalf("bob's count %d after half his events went", n)
	}
}
