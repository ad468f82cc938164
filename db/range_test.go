package db_test

import (
	"context"
	"fmt"
	"reflect"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

// TestEachEventInRangeMatchesList holds EachEventInRange to the rows
// ListEventsInRange returns (reflect.DeepEqual: every field, the times'
// Location, nil against empty slices): single events of the user's own
// calendars and of a shared one, calendar colours empty or not, non-ASCII
// and empty strings, times before 2000 (and before 1970) and far in the
// future, all-day events, series masters with and without an end, exdates
// and overrides, and an override; and one row's strings, slices and
// pointers never leaking into the next (the rows are kept to the end). It
// also checks which rows were decoded from their bytes: all but the master
// with exdates and overrides and the event after year 9999, which pgx
// scans.
func TestEachEventInRangeMatchesList(t *testing.T) {
	ctx := context.Background()
	u := seedRangeEvents(t, ctx)
	arg := db.ListEventsInRangeParams{UserID: u.ID, FromTime: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Hour), ToTime: time.Date(13000, 1, 1, 0, 0, 0, 0, time.UTC)}
	want, err := env.Store.ListEventsInRange(ctx, arg)
	if err != nil {
		t.Fatal(err)
	}
	var got, scanned []db.ListEventsInRangeRow
	decodedN, scannedN, err := env.Store.EachEventInRangeCounted(ctx, arg, func(r *db.ListEventsInRangeRow) { got = append(got, *r) })
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.EachEventInRangeScanned(ctx, arg, func(r *db.ListEventsInRangeRow) { scanned = append(scanned, *r) }); err != nil {
		t.Fatal(err)
	}
	if len(want) != 19 {
		t.Fatalf("ListEventsInRange returned %d rows, want 19", len(want))
	}
	if !reflect.DeepEqual(scanned, want) {
		t.Fatalf("EachEventInRange scanning every row:\n%+v\nListEventsInRange:\n%+v", scanned, want)
	}
	if len(got) != len(want) {
		t.Fatalf("EachEventInRange returned %d rows, ListEventsInRange %d", len(got), len(want))
	}
	for k := range want {
		if !reflect.DeepEqual(got[k], want[k]) {
			t.Errorf("row %d (%q):\nEachEventInRange: %s\nListEventsInRange: %s", k, want[k].Event.Title, describeRow(got[k]), describeRow(want[k]))
		}
	}
	if decodedN != len(want)-2 || scannedN != 2 {
		t.Errorf("%d rows decoded and %d scanned, want %d and 2", decodedN, scannedN, len(want)-2)
	}
}

// seedRangeEvents stores the events of TestEachEventInRangeMatchesList
// and returns the user who sees them.
func seedRangeEvents(t *testing.T, ctx context.Context) db.User {
	t.Helper()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "ranger", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	create := func(p db.CreateEventParams) db.Event {
		t.Helper()
		p.UserID = cmpOr(p.UserID, u.ID)
		p.EndsAt = cmpOrTime(p.EndsAt, p.StartsAt.Add(time.Hour))
		e, err := env.Store.CreateEvent(ctx, p)
		if err != nil {
			t.Fatalf("%s: %v", p.Title, err)
		}
		return e
	}
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	until := at.AddDate(0, 0, 20)
	master := create(db.CreateEventParams{Title: "Standup", StartsAt: at, EndsAt: at.Add(15 * time.Minute),
		Color: "", Rrule: "FREQ=DAILY", Tzid: "UTC", UntilAt: &until, Exdates: []time.Time{at.AddDate(0, 0, 1), at.AddDate(0, 0, 2)}})
	rid := at.AddDate(0, 0, 3)
	moved := rid.Add(2 * time.Hour)
	create(db.CreateEventParams{Title: "Standup (moved)", StartsAt: moved, Color: "red", SeriesID: &master.ID, RecurrenceID: &rid})
	create(db.CreateEventParams{Title: "Endless weekly", StartsAt: at.Add(time.Hour), Rrule: "FREQ=WEEKLY", Tzid: "Europe/Berlin"})
	for i := range 5 {
		s := at.AddDate(0, 0, i).Add(3 * time.Hour)
		create(db.CreateEventParams{Title: "Single", Description: "d", Location: "l", StartsAt: s, AllDay: i == 2, Color: "blue"})
	}
	create(db.CreateEventParams{Title: "Café ☕ 日本語 🎉", Description: "Zürich\n\tünïcödé", Location: "Ω", StartsAt: at.Add(90 * time.Minute), Color: "ä"})
	create(db.CreateEventParams{Title: "x", StartsAt: at.Add(123456789 * time.Microsecond)})
	for _, s := range []time.Time{
		time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(1999, 12, 31, 23, 59, 59, 1000, time.UTC),
		time.Date(1899, 3, 4, 5, 6, 7, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2999, 12, 31, 12, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 22, 0, 0, 0, time.UTC),
	} {
		create(db.CreateEventParams{Title: "At " + s.Format(time.RFC3339Nano), StartsAt: s, AllDay: s.Year() == 1899})
	}
	create(db.CreateEventParams{Title: "After 9999", StartsAt: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)})

	noColour, err := env.Store.CreateCalendar(ctx, db.CreateCalendarParams{OwnerID: u.ID, Name: "Plain", Color: ""})
	if err != nil {
		t.Fatal(err)
	}
	create(db.CreateEventParams{Title: "Uncoloured", StartsAt: at.Add(4 * time.Hour), Color: "", CalendarID: &noColour.ID})
	owner, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "ranger-friend", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	shared, err := env.Store.CreateCalendar(ctx, db.CreateCalendarParams{OwnerID: owner.ID, Name: "Team", Color: "green"})
	if err != nil {
		t.Fatal(err)
	}
	if err := env.Store.UpsertShare(ctx, db.UpsertShareParams{CalendarID: shared.ID, UserID: u.ID, Role: "view"}); err != nil {
		t.Fatal(err)
	}
	create(db.CreateEventParams{UserID: owner.ID, Title: "Team event", Description: "shared", StartsAt: at.Add(5 * time.Hour), Color: "", CalendarID: &shared.ID})
	return u
}

// describeRow spells out a row's times with their Locations.
func describeRow(r db.ListEventsInRangeRow) string {
	loc := func(t time.Time) string { return t.Format(time.RFC3339Nano) + "@" + fmt.Sprintf("%p", t.Location()) }
	return fmt.Sprintf("%+v starts %s ends %s created %s", r, loc(r.Event.StartsAt), loc(r.Event.EndsAt), loc(r.Event.CreatedAt))
}

func cmpOr(a, b int64) int64 {
	if a != 0 {
		return a
	}
	return b
}

func cmpOrTime(a, b time.Time) time.Time {
	if !a.IsZero() {
		return a
	}
	return b
}

// BenchmarkEachEventInRange reads a month of 20 calendars of 60 single
// events each (1200 rows), shared with the reader, with every row scanned
// by pgx ("scan") and as EachEventInRange reads them ("decode").
// cpu-ns/row is this process's CPU time per row (Postgres' not counted),
// the query's round trip and pgx's reading of the messages included.
func BenchmarkEachEventInRange(b *testing.B) {
	const calendars, perCalendar = 20, 60
	ctx := context.Background()
	reader, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "range-bench", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		b.Fatal(err)
	}
	from := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for c := range calendars {
		owner, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "range-bench-" + strconv.Itoa(c), PasswordHash: "x", Timezone: "UTC"})
		if err != nil {
			b.Fatal(err)
		}
		evs := make([]db.CreateEventsParams, perCalendar)
		for i := range evs {
			at := from.Add(time.Duration(i*12+c) * time.Hour)
			evs[i] = db.CreateEventsParams{UserID: owner.ID, Title: "Event " + strconv.Itoa(i), Location: "Room " + strconv.Itoa(c),
				Color: "green", StartsAt: at, EndsAt: at.Add(time.Hour), AllDay: i%10 == 0}
		}
		if _, err := env.Store.CreateEvents(ctx, evs); err != nil {
			b.Fatal(err)
		}
		cal, err := env.Store.FirstOwnCalendar(ctx, owner.ID)
		if err != nil {
			b.Fatal(err)
		}
		if err := env.Store.UpsertShare(ctx, db.UpsertShareParams{CalendarID: cal, UserID: reader.ID, Role: "view"}); err != nil {
			b.Fatal(err)
		}
	}
	arg := db.ListEventsInRangeParams{UserID: reader.ID, FromTime: from, ToTime: from.AddDate(0, 0, 42)} // a month view's six weeks
	for _, m := range []struct {
		name string
		each func(context.Context, db.ListEventsInRangeParams, func(*db.ListEventsInRangeRow)) error
	}{{"scan", env.Store.EachEventInRangeScanned}, {"decode", env.Store.EachEventInRange}} {
		b.Run(m.name, func(b *testing.B) {
			count := func() int {
				n := 0
				if err := m.each(ctx, arg, func(*db.ListEventsInRangeRow) { n++ }); err != nil {
					b.Fatal(err)
				}
				return n
			}
			if n := count(); n != calendars*perCalendar {
				b.Fatalf("%d rows, want %d", n, calendars*perCalendar)
			}
			b.ReportAllocs()
			rows, cpu := 0, processCPU()
			for b.Loop() {
				rows += count()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(rows), "ns/row")
			b.ReportMetric(float64(processCPU()-cpu)/float64(rows), "cpu-ns/row")
		})
	}
}

// processCPU is the CPU time (user and system) the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
