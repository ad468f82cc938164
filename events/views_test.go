package events_test

import (
	"context"
	"slices"
	"strconv"
	"testing"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// What the read models return, written as short strings that tests
// compare whole: "2025-06-13 15:00–15:45 Standup (Friday) 12?occ=…".

// item is how a listed event reads: its Berlin times (its days when all
// day), its title and what its link names (id, and ?occ= for an
// occurrence).
func item(e db.Event) string {
	id, occ := events.Link(&e)
	return when(e) + " " + e.Title + " " + ref(id, occ)
}

// ref is a link's target as item writes it.
func ref(id int64, occ string) string {
	if occ == "" {
		return strconv.FormatInt(id, 10)
	}
	return strconv.FormatInt(id, 10) + "?occ=" + occ
}

// when is an event's times in Berlin: "2025-06-13 15:00–15:45", or
// "2025-06-06..2025-06-07" for an all-day event.
func when(e db.Event) string {
	if e.AllDay {
		first, last := calendar.SpanDates(e.StartsAt, e.EndsAt, true, berlin)
		return first.String() + ".." + last.String()
	}
	return e.StartsAt.In(berlin).Format("2006-01-02 15:04") + "–" + e.EndsAt.In(berlin).Format("15:04")
}

// items writes each of evs with item.
func items(evs []db.Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = item(e)
	}
	return out
}

// span is n consecutive dates from first.
func span(first calendar.Date, n int) []calendar.Date {
	out := make([]calendar.Date, n)
	for i := range out {
		out[i] = first.AddDays(i)
	}
	return out
}

// juneGrid is the dates of the June 2025 month grid (weeks from Monday):
// 26 May to 6 July.
var juneGrid = span(date(5, 26), 42)

// days reads the fixture's user's events on dates through Days.
func (f *fixture) days(t *testing.T, dates []calendar.Date) map[calendar.Date][]db.Event {
	t.Helper()
	got, err := f.svc.Days(context.Background(), f.o, dates)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(dates) {
		t.Fatalf("Days: %d days, want %d", len(got), len(dates))
	}
	return got
}

// on is what Days lists on date d, as items.
func (f *fixture) on(t *testing.T, d calendar.Date) []string {
	t.Helper()
	return items(f.days(t, []calendar.Date{d})[d])
}

// occs maps each series listed by Days on dates to the ?occ= of its
// listed occurrences (override rows included), by date and then in list
// order, without repeats — what a month grid links.
func (f *fixture) occs(t *testing.T, dates []calendar.Date) map[int64][]string {
	t.Helper()
	got := f.days(t, dates)
	out := map[int64][]string{}
	for _, d := range dates {
		for _, e := range got[d] {
			if id, occ := events.Link(&e); occ != "" && !slices.Contains(out[id], occ) {
				out[id] = append(out[id], occ)
			}
		}
	}
	return out
}

// plain lists the ids of the single events (no occurrence) Days lists on
// dates, without repeats.
func (f *fixture) plain(t *testing.T, dates []calendar.Date) []int64 {
	t.Helper()
	got := f.days(t, dates)
	var out []int64
	for _, d := range dates {
		for _, e := range got[d] {
			if id, occ := events.Link(&e); occ == "" && !slices.Contains(out, id) {
				out = append(out, id)
			}
		}
	}
	return out
}

// upcoming is the fixture's user's upcoming list, as items.
func (f *fixture) upcoming(t *testing.T) []string {
	t.Helper()
	evs, err := f.svc.Upcoming(context.Background(), f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	return items(evs)
}

// search is the first page of the fixture's user's search for q, as items,
// with the total.
func (f *fixture) search(t *testing.T, q string) ([]string, int64) {
	t.Helper()
	p, err := f.svc.Search(context.Background(), f.user.ID, q, 1)
	if err != nil {
		t.Fatal(err)
	}
	return items(p.Events), p.Total
}

// resolve is Resolve for the fixture's user, failing the test on an error.
func (f *fixture) resolve(t *testing.T, id int64, occ string) events.Target {
	t.Helper()
	tg, err := f.svc.Resolve(context.Background(), f.user.ID, id, occ)
	if err != nil {
		t.Fatalf("Resolve(%d, %q): %v", id, occ, err)
	}
	return tg
}

// hits is how many cache hits of family the fixture's cache has counted.
func (f *fixture) hits(family string) uint64 { return f.cache.Counts()[family][0] }

// equal fails the test unless got equals want.
func equal[T comparable](t *testing.T, what string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}
