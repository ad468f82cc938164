package db_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

// TestEachEventInRangeMatchesList holds EachEventInRange to the rows
// ListEventsInRange returns: single events, a series master with exdates,
// an end and an override, and one row's slices and pointers never leaking
// into the next.
func TestEachEventInRangeMatchesList(t *testing.T) {
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "ranger", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	until := at.AddDate(0, 0, 20)
	master, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Standup", StartsAt: at, EndsAt: at.Add(15 * time.Minute),
		Color: "", Rrule: "FREQ=DAILY", Tzid: "UTC", UntilAt: &until, Exdates: []time.Time{at.AddDate(0, 0, 1), at.AddDate(0, 0, 2)}})
	if err != nil {
		t.Fatal(err)
	}
	rid := at.AddDate(0, 0, 3)
	moved := rid.Add(2 * time.Hour)
	if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Standup (moved)", StartsAt: moved, EndsAt: moved.Add(time.Hour),
		Color: "red", SeriesID: &master.ID, RecurrenceID: &rid}); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		s := at.AddDate(0, 0, i).Add(3 * time.Hour)
		if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Single", Description: "d", Location: "l",
			StartsAt: s, EndsAt: s.Add(time.Hour), AllDay: i == 2, Color: "blue"}); err != nil {
			t.Fatal(err)
		}
	}
	arg := db.ListEventsInRangeParams{UserID: u.ID, FromTime: at.AddDate(0, 0, -1), ToTime: at.AddDate(0, 1, 0)}
	want, err := env.Store.ListEventsInRange(ctx, arg)
	if err != nil {
		t.Fatal(err)
	}
	var got []db.ListEventsInRangeRow
	if err := env.Store.EachEventInRange(ctx, arg, func(r *db.ListEventsInRangeRow) { got = append(got, *r) }); err != nil {
		t.Fatal(err)
	}
	if len(want) != 7 || !reflect.DeepEqual(got, want) {
		t.Fatalf("EachEventInRange:\n%+v\nListEventsInRange:\n%+v", got, want)
	}
}
