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
		titles[e.Title] = true
	}
	if len(got) != 3 || !titles["inside"] || !titles["spanning"] || !titles["zero length at start"] {
		t.Fatalf("range returned %v", titles)
	}
}
