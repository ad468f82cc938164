package events_test

import (
	"testing"

	"github.com/eventcal/eventcal/events"
)

// Reads go through the cache and every write keeps them fresh: read (the
// cache fills), write, read again — the change shows.

// counts is the fixture's cache's hits and misses of family.
func (f *fixture) counts(family string) (hits, misses uint64) {
	c := f.cache.Counts()[family]
	return c[0], c[1]
}

// readAll reads the June grid, the upcoming list, the standup's whole
// series and a search for "standup", filling the cache.
func (f *fixture) readAll(t *testing.T, id int64) {
	t.Helper()
	f.occs(t, juneGrid)
	f.upcoming(t)
	f.resolve(t, id, "")
	f.search(t, "standup")
}

func TestReadsAreCached(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	lunch := f.create(t, form("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", ""))
	f.readAll(t, id)
	dh, dm := f.counts("date")
	if dh != 0 || dm != 42 {
		t.Errorf("first read of the grid: %d hits, %d misses", dh, dm)
	}
	f.readAll(t, id)
	for _, fam := range []string{"date", "upcoming", "event", "search"} {
		if f.hits(fam) == 0 {
			t.Errorf("%s: no hit on the second read (%v)", fam, f.cache.Counts())
		}
	}
	if h, m := f.counts("date"); h != 42 || m != 42 {
		t.Errorf("second read of the grid: %d hits, %d misses in all", h, m)
	}
	// Moving a single event invalidates the dates it was and is on, only.
	f.update(t, events.Ref{ID: lunch}, form("Lunch", "2025-06-14T12:00", "2025-06-14T13:00", ""))
	f.occs(t, juneGrid)
	if h, m := f.counts("date"); h != 42+40 || m != 42+2 {
		t.Errorf("after moving a single event: %d hits, %d misses in all, want 82 and 44", h, m)
	}
	equal(t, "the 11th", f.on(t, date(6, 11)), nil)
	equal(t, "the 14th", f.on(t, date(6, 14)), []string{"2025-06-14 12:00–13:00 Lunch " + ref(lunch, "")})
}

func TestSeriesWritesKeepReadsFresh(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	f.readAll(t, id)
	// A new event.
	one := f.create(t, form("One-off", "2025-06-12T12:00", "2025-06-12T13:00", ""))
	equal(t, "created", f.on(t, date(6, 12)), []string{
		"2025-06-12 09:00–09:30 Standup " + ref(id, standupRIDs[1]), "2025-06-12 12:00–13:00 One-off " + ref(one, ""),
	})
	f.readAll(t, id)
	// Only this one.
	f.update(t, this(id, standupRIDs[1]), form("Moved", "2025-06-13T09:00", "2025-06-13T09:30", standupRule))
	equal(t, "the 12th", f.on(t, date(6, 12)), []string{"2025-06-12 12:00–13:00 One-off " + ref(one, "")})
	equal(t, "the 13th", f.on(t, date(6, 13)), []string{"2025-06-13 09:00–09:30 Moved " + ref(id, standupRIDs[1])})
	if tg := f.resolve(t, id, standupRIDs[1]); !tg.Override || tg.Event.Title != "Moved" {
		t.Errorf("resolved %+v", tg)
	}
	if tg := f.resolve(t, id, ""); tg.Master == nil || len(tg.Master.Overrides) != 1 {
		t.Errorf("the master's cached record has no override: %+v", tg.Master)
	}
	if up := f.upcoming(t); len(up) != 6 || up[1] != "2025-06-13 09:00–09:30 Moved "+ref(id, standupRIDs[1]) {
		t.Errorf("upcoming %q", up)
	}
	f.readAll(t, id)
	// This and following, deleted.
	f.remove(t, following(id, standupRIDs[3]))
	equal(t, "cut", f.occs(t, juneGrid)[id], standupRIDs[:3])
	if up := f.upcoming(t); len(up) != 3 {
		t.Errorf("upcoming %q", up)
	}
	f.readAll(t, id)
	// All, renamed.
	f.update(t, all(id, standupRIDs[2]), form("Renamed", "2025-06-17T09:00", "2025-06-17T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3"))
	equal(t, "the 10th", f.on(t, date(6, 10)), []string{"2025-06-10 09:00–09:30 Renamed " + ref(id, standupRIDs[0])})
	if tg := f.resolve(t, id, ""); tg.Event.Title != "Renamed" {
		t.Errorf("resolved %q", tg.Event.Title)
	}
	if got, n := f.search(t, "standup"); n != 0 {
		t.Errorf("search standup after the rename: %q", got)
	}
	f.readAll(t, id)
	// All, deleted.
	f.remove(t, all(id, standupRIDs[0]))
	equal(t, "deleted", f.occs(t, juneGrid)[id], nil)
	equal(t, "upcoming", f.upcoming(t), []string{"2025-06-12 12:00–13:00 One-off " + ref(one, "")})
	_, err := f.svc.Resolve(t.Context(), f.user.ID, id, "")
	notFound(t, "Resolve", err)
}
