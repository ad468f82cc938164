package events_test

import (
	"errors"
	"testing"

	"github.com/eventcal/eventcal/events"
)

// Writes to a series from one of its occurrences — only this one, this
// and following, all — and the delete scopes, through the service: what
// the database then holds and what Days, Upcoming, Search and Resolve
// return. Europe/Berlin, on the clock of main_test.go.

const standupRule = "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"

// this, following and all name occurrence occ of series id with a scope.
func this(id int64, occ string) events.Ref {
	return events.Ref{ID: id, Occ: occ, Scope: events.ScopeThis}
}
func following(id int64, occ string) events.Ref {
	return events.Ref{ID: id, Occ: occ, Scope: events.ScopeFollowing}
}
func all(id int64, occ string) events.Ref {
	return events.Ref{ID: id, Occ: occ, Scope: events.ScopeAll}
}

func TestSeriesCreate(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	m := f.stored(t, id)
	if m.Rrule != standupRule || m.Tzid != "Europe/Berlin" || m.UntilAt == nil || !m.UntilAt.Equal(utc(6, 26, 7, 30)) ||
		len(m.Exdates) != 0 || m.SeriesID != nil || !m.StartsAt.Equal(utc(6, 10, 7, 0)) || !m.EndsAt.Equal(utc(6, 10, 7, 30)) {
		t.Fatalf("stored master %+v", m)
	}
	equal(t, "June", f.occs(t, juneGrid)[id], standupRIDs)
	equal(t, "the 12th", f.on(t, date(6, 12)), []string{"2025-06-12 09:00–09:30 Standup " + ref(id, rid(6, 12, 7, 0))})
	equal(t, "the 13th", f.on(t, date(6, 13)), nil)
	// Upcoming from 14:00 on the 10th: the five later occurrences.
	equal(t, "upcoming", f.upcoming(t), []string{
		"2025-06-12 09:00–09:30 Standup " + ref(id, standupRIDs[1]), "2025-06-17 09:00–09:30 Standup " + ref(id, standupRIDs[2]),
		"2025-06-19 09:00–09:30 Standup " + ref(id, standupRIDs[3]), "2025-06-24 09:00–09:30 Standup " + ref(id, standupRIDs[4]),
		"2025-06-26 09:00–09:30 Standup " + ref(id, standupRIDs[5]),
	})
	// Search: the series once, at its next occurrence.
	if got, n := f.search(t, "standup"); n != 1 {
		t.Errorf("search: %d matches", n)
	} else {
		equal(t, "search", got, []string{"2025-06-12 09:00–09:30 Standup " + ref(id, standupRIDs[1])})
	}
	tg := f.resolve(t, id, rid(6, 17, 7, 0))
	if !tg.HasOcc || tg.Override || tg.ID() != id || !tg.Event.StartsAt.Equal(utc(6, 17, 7, 0)) || !tg.Event.EndsAt.Equal(utc(6, 17, 7, 30)) ||
		tg.Repeats() != "Weekly on Tuesday and Thursday, 6 times" || tg.OccParam() != rid(6, 17, 7, 0) {
		t.Errorf("occurrence %+v, repeats %q", tg, tg.Repeats())
	}
	if tg := f.resolve(t, id, ""); tg.HasOcc || !tg.RID.Equal(utc(6, 10, 7, 0)) || tg.OccParam() != "" || tg.Rule() != standupRule {
		t.Errorf("the whole series %+v", tg)
	}
}

func TestSeriesEditThisOccurrence(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	equal(t, "the 12th before", f.on(t, date(6, 12)), []string{"2025-06-12 09:00–09:30 Standup " + ref(id, standupRIDs[1])})
	before := f.stored(t, id)
	// Move Thursday the 12th to Friday the 13th, 15:00, and rename it.
	saved := f.update(t, this(id, standupRIDs[1]), form("Standup (Friday)", "2025-06-13T15:00", "2025-06-13T15:45", standupRule))
	if saved != (events.Saved{ID: id, Occ: standupRIDs[1]}) {
		t.Errorf("saved %+v", saved)
	}
	ovs := overrides(t, id)
	if len(ovs) != 1 || ovs[0].Title != "Standup (Friday)" || !ovs[0].RecurrenceID.Equal(utc(6, 12, 7, 0)) || ovs[0].Rrule != "" ||
		*ovs[0].SeriesID != id || !ovs[0].StartsAt.Equal(utc(6, 13, 13, 0)) || !ovs[0].EndsAt.Equal(utc(6, 13, 13, 45)) {
		t.Fatalf("overrides %+v", ovs)
	}
	// The master and its other occurrences are unchanged.
	if m := f.stored(t, id); m.Title != "Standup" || m.Rrule != standupRule || !m.StartsAt.Equal(before.StartsAt) ||
		!m.UntilAt.Equal(*before.UntilAt) || len(m.Exdates) != 0 {
		t.Errorf("master %+v", m)
	}
	equal(t, "June", f.occs(t, juneGrid)[id], standupRIDs)
	equal(t, "the 12th", f.on(t, date(6, 12)), nil)
	equal(t, "the 13th", f.on(t, date(6, 13)), []string{"2025-06-13 15:00–15:45 Standup (Friday) " + ref(id, standupRIDs[1])})
	equal(t, "the 17th", f.on(t, date(6, 17)), []string{"2025-06-17 09:00–09:30 Standup " + ref(id, standupRIDs[2])})
	if up := f.upcoming(t); len(up) != 5 || up[0] != "2025-06-13 15:00–15:45 Standup (Friday) "+ref(id, standupRIDs[1]) {
		t.Errorf("upcoming %q", up)
	}
	// Search: the series at its next occurrence (the moved one is an
	// exception), and the renamed occurrence by its own name.
	got, _ := f.search(t, "standup")
	equal(t, "search standup", got, []string{"2025-06-17 09:00–09:30 Standup " + ref(id, standupRIDs[2])})
	got, _ = f.search(t, "friday")
	equal(t, "search friday", got, []string{"2025-06-13 15:00–15:45 Standup (Friday) " + ref(id, standupRIDs[1])})
	// The occurrence names the override, by the series' address or its own id.
	for _, tg := range []events.Target{f.resolve(t, id, standupRIDs[1]), f.resolve(t, ovs[0].ID, "")} {
		if !tg.Override || !tg.HasOcc || tg.ID() != id || tg.OccParam() != standupRIDs[1] || tg.Event.Title != "Standup (Friday)" ||
			tg.Repeats() != "Weekly on Tuesday and Thursday, 6 times" {
			t.Errorf("target %+v", tg)
		}
	}
	// Editing it again updates the same override.
	f.update(t, this(id, standupRIDs[1]), form("Standup (Fri)", "2025-06-13T15:00", "2025-06-13T15:45", standupRule))
	if again := overrides(t, id); len(again) != 1 || again[0].ID != ovs[0].ID || again[0].Title != "Standup (Fri)" {
		t.Fatalf("after a second edit: %+v", again)
	}
	equal(t, "the 13th again", f.on(t, date(6, 13)), []string{"2025-06-13 15:00–15:45 Standup (Fri) " + ref(id, standupRIDs[1])})
	if n := f.rows(t); n != 2 {
		t.Errorf("%d rows, want the master and one override", n)
	}
}

func TestSeriesDeleteThisOccurrence(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	f.update(t, this(id, standupRIDs[1]), form("Standup (Fri)", "2025-06-13T15:00", "2025-06-13T15:45", standupRule))
	f.occs(t, juneGrid)
	// Delete the 19th: cancelled, the rest stays.
	f.remove(t, this(id, standupRIDs[3]))
	equal(t, "June", f.occs(t, juneGrid)[id], []string{standupRIDs[0], standupRIDs[1], standupRIDs[2], standupRIDs[4], standupRIDs[5]})
	if m := f.stored(t, id); !times(m.Exdates, utc(6, 19, 7, 0)) || m.Rrule != standupRule {
		t.Errorf("master %q exdates %v", m.Rrule, m.Exdates)
	}
	equal(t, "the 19th", f.on(t, date(6, 19)), nil)
	if _, err := f.svc.Resolve(t.Context(), f.user.ID, id, standupRIDs[3]); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("cancelled occurrence: %v", err)
	}
	// Deleting the moved occurrence cancels it and drops its override.
	f.remove(t, this(id, standupRIDs[1]))
	if ovs := overrides(t, id); len(ovs) != 0 {
		t.Errorf("overrides %+v", ovs)
	}
	if m := f.stored(t, id); !times(m.Exdates, utc(6, 19, 7, 0), utc(6, 12, 7, 0)) {
		t.Errorf("exdates %v", m.Exdates)
	}
	equal(t, "June after", f.occs(t, juneGrid)[id], []string{standupRIDs[0], standupRIDs[2], standupRIDs[4], standupRIDs[5]})
	equal(t, "the 13th", f.on(t, date(6, 13)), nil)
	if n := f.rows(t); n != 1 {
		t.Errorf("%d rows, want the master", n)
	}
	// A named occurrence without a scope is "this".
	f.remove(t, events.Ref{ID: id, Occ: standupRIDs[2]})
	equal(t, "without scope", f.occs(t, juneGrid)[id], []string{standupRIDs[0], standupRIDs[4], standupRIDs[5]})
}
