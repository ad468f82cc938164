package db_test

import (
	"context"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

func TestMigrationsApplyToEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	pending, err := db.PendingMigrations(ctx, env.Pool)
	if err != nil || pending {
		t.Fatalf("pending=%v err=%v after Setup migrated", pending, err)
	}
	n, err := db.Migrate(ctx, env.Pool)
	if err != nil || n != 0 {
		t.Fatalf("second migrate ran %d: %v", n, err)
	}
	for _, table := range []string{"users", "events"} {
		var ok bool
		if err := env.Pool.QueryRow(ctx, "SELECT to_regclass($1) IS NOT NULL", table).Scan(&ok); err != nil || !ok {
			t.Fatalf("table %s missing: %v", table, err)
		}
	}
}

func TestConstraints(t *testing.T) {
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "Alice", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = env.Store.CreateUser(ctx, db.CreateUserParams{Username: "alice", PasswordHash: "x", Timezone: "UTC"})
	if !db.IsUniqueViolation(err, "users_username_lower_key") {
		t.Fatalf("usernames must be unique case-insensitively, got %v", err)
	}
	start := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	_, err = env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Backwards", StartsAt: start, EndsAt: start.Add(-time.Hour), Color: "blue"})
	if err == nil {
		t.Fatal("an event ending before it starts was stored")
	}
	_, err = env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "", StartsAt: start, EndsAt: start, Color: "blue"})
	if err == nil {
		t.Fatal("an event without a title was stored")
	}
}

func TestInTxRollsBackAndNotFound(t *testing.T) {
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "bob", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	boom := errors.New("boom")
	var id int64
	err = env.Store.InTx(ctx, func(q *db.Queries) error {
		e, err := q.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Lost", StartsAt: start, EndsAt: start, Color: "blue"})
		id = e.ID
		if err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("InTx returned %v", err)
	}
	_, err = env.Store.GetEvent(ctx, db.GetEventParams{ID: id, UserID: u.ID})
	if !errors.Is(db.NotFound(err), db.ErrNotFound) {
		t.Fatalf("rolled-back event still there: %v", err)
	}
}

func TestRangeQueryOverlap(t *testing.T) {
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "carol", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2025, 6, 2, 0, 0, 0, 0, time.UTC)
	mk := func(title string, s, e time.Time) {
		t.Helper()
		if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: title, StartsAt: s, EndsAt: e, Color: "blue"}); err != nil {
			t.Fatal(err)
		}
	}
	mk("inside", day.Add(9*time.Hour), day.Add(10*time.Hour))
	mk("spanning", day.Add(-48*time.Hour), day.Add(48*time.Hour))
	mk("ends at midnight before", day.Add(-2*time.Hour), day)
	mk("zero length at start", day, day)
	mk("next day", day.Add(24*time.Hour), day.Add(25*time.Hour))
	got, err := env.Store.ListEventsInRange(ctx, db.ListEventsInRangeParams{UserID: u.ID, FromTime: day, ToTime: day.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, e := range got {
		titles[e.Event.Title] = true
	}
	if len(got) != 3 || !titles["inside"] || !titles["spanning"] || !titles["zero length at start"] {
		t.Fatalf("range returned %v", titles)
	}

	// Series masters: by [starts_at, until_at or ∞), with the recurrence ids
	// of their overrides; an override is found by its own times.
	series := func(title string, start time.Time, until *time.Time) db.Event {
		t.Helper()
		e, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: title, StartsAt: start, EndsAt: start.Add(time.Hour),
			Color: "blue", Rrule: "FREQ=DAILY", Tzid: "UTC", UntilAt: until})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ended := day.Add(-time.Hour)
	endless := series("endless", day.AddDate(0, -1, 0), nil)
	series("ended", day.AddDate(0, -1, 0), &ended)
	series("later", day.AddDate(0, 0, 1), nil)
	rid := day.Add(-10 * 24 * time.Hour)
	if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "moved", StartsAt: day.Add(30 * time.Hour), EndsAt: day.Add(31 * time.Hour),
		Color: "blue", SeriesID: &endless.ID, RecurrenceID: &rid}); err != nil {
		t.Fatal(err)
	}
	got, err = env.Store.ListEventsInRange(ctx, db.ListEventsInRangeParams{UserID: u.ID, FromTime: day, ToTime: day.Add(24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var masters []string
	for _, e := range got {
		if e.Event.Rrule != "" {
			masters = append(masters, e.Event.Title)
			if len(e.Overridden) != 1 || !e.Overridden[0].Equal(rid) || len(e.Event.Exdates) != 0 {
				t.Errorf("master %s: overridden %v, exdates %v", e.Event.Title, e.Overridden, e.Event.Exdates)
			}
		} else if len(e.Overridden) != 0 {
			t.Errorf("single %s: overridden %v", e.Event.Title, e.Overridden)
		}
	}
	if len(got) != 4 || len(masters) != 1 || masters[0] != "endless" {
		t.Fatalf("range with series: %d rows, masters %v", len(got), masters)
	}
	// An override names both its series and its occurrence.
	if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "half", StartsAt: day, EndsAt: day, Color: "blue", SeriesID: &endless.ID}); err == nil {
		t.Error("an override without a recurrence id was stored")
	}
	// One override per occurrence.
	if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "twice", StartsAt: day, EndsAt: day, Color: "blue", SeriesID: &endless.ID, RecurrenceID: &rid}); !db.IsUniqueViolation(err, "events_series_recurrence_key") {
		t.Errorf("a second override of one occurrence: %v", err)
	}
	// Deleting the master deletes its overrides.
	if _, err := env.Store.DeleteEvent(ctx, db.DeleteEventParams{ID: endless.ID, UserID: u.ID}); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := env.Pool.QueryRow(ctx, "SELECT count(*) FROM events WHERE series_id = $1", endless.ID).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d overrides left (%v)", n, err)
	}
}
