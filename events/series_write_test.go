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
	got, n := f.search(t, "friday")
	if n != 1 {
		t.Errorf("search friday: %d matches", n)
	}
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

// splitStandup makes the standup's state of the "following" tests: an
// override on the 24th ("Standup late", 10:00), a cancelled 26th, then
// from the 17th on an hour later as "Standup v2". It returns the old and
// the new master's ids.
func splitStandup(t *testing.T, f *fixture) (old, nw int64) {
	t.Helper()
	old = f.standup(t)
	f.update(t, this(old, standupRIDs[4]), form("Standup late", "2025-06-24T10:00", "2025-06-24T10:30", standupRule))
	f.remove(t, this(old, standupRIDs[5]))
	f.occs(t, juneGrid) // cached
	saved := f.update(t, following(old, standupRIDs[2]), form("Standup v2", "2025-06-17T10:00", "2025-06-17T10:30", standupRule))
	if saved.ID == old || saved.ID == 0 || saved.Occ != "" {
		t.Fatalf("saved %+v", saved)
	}
	return old, saved.ID
}

func TestSeriesEditFollowing(t *testing.T) {
	f := newFixture(t)
	id, newID := splitStandup(t, f)
	old := f.stored(t, id)
	if old.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=2" || !old.UntilAt.Equal(utc(6, 12, 7, 30)) || len(old.Exdates) != 0 || old.Title != "Standup" {
		t.Errorf("old master %q until %v exdates %v", old.Rrule, old.UntilAt, old.Exdates)
	}
	nw := f.stored(t, newID)
	if nw.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" || nw.Title != "Standup v2" || !nw.StartsAt.Equal(utc(6, 17, 8, 0)) ||
		!nw.EndsAt.Equal(utc(6, 17, 8, 30)) || nw.Tzid != "Europe/Berlin" || !nw.UntilAt.Equal(utc(6, 26, 8, 30)) || nw.SeriesID != nil {
		t.Errorf("new master %+v", nw)
	}
	// The cancelled 26th and the override of the 24th moved with the hour.
	if !times(nw.Exdates, utc(6, 26, 8, 0)) {
		t.Errorf("new exdates %v", nw.Exdates)
	}
	if ovs := overrides(t, newID); len(ovs) != 1 || ovs[0].Title != "Standup late" || !ovs[0].RecurrenceID.Equal(utc(6, 24, 8, 0)) ||
		!ovs[0].StartsAt.Equal(utc(6, 24, 8, 0)) {
		t.Errorf("new overrides %+v", ovs)
	}
	if ovs := overrides(t, id); len(ovs) != 0 {
		t.Errorf("old overrides %+v", ovs)
	}
	occs := f.occs(t, juneGrid)
	equal(t, "old part", occs[id], standupRIDs[:2])
	equal(t, "new part", occs[newID], []string{rid(6, 17, 8, 0), rid(6, 19, 8, 0), rid(6, 24, 8, 0)})
	equal(t, "the 19th", f.on(t, date(6, 19)), []string{"2025-06-19 10:00–10:30 Standup v2 " + ref(newID, rid(6, 19, 8, 0))})
	equal(t, "the 24th", f.on(t, date(6, 24)), []string{"2025-06-24 10:00–10:30 Standup late " + ref(newID, rid(6, 24, 8, 0))})
	equal(t, "the 26th", f.on(t, date(6, 26)), nil)
	equal(t, "upcoming", f.upcoming(t), []string{
		"2025-06-12 09:00–09:30 Standup " + ref(id, standupRIDs[1]), "2025-06-17 10:00–10:30 Standup v2 " + ref(newID, rid(6, 17, 8, 0)),
		"2025-06-19 10:00–10:30 Standup v2 " + ref(newID, rid(6, 19, 8, 0)), "2025-06-24 10:00–10:30 Standup late " + ref(newID, rid(6, 24, 8, 0)),
	})
	got, _ := f.search(t, "v2")
	equal(t, "search v2", got, []string{"2025-06-17 10:00–10:30 Standup v2 " + ref(newID, rid(6, 17, 8, 0))})
	// The old series no longer has the 17th; the new one names the moved 24th.
	if _, err := f.svc.Resolve(t.Context(), f.user.ID, id, standupRIDs[2]); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("old series at the 17th: %v", err)
	}
	if tg := f.resolve(t, newID, rid(6, 24, 8, 0)); !tg.Override || tg.Event.Title != "Standup late" || tg.Repeats() != "Weekly on Tuesday and Thursday, 4 times" {
		t.Errorf("the 24th %+v, %q", tg, tg.Repeats())
	}
}

func TestSeriesDeleteFollowing(t *testing.T) {
	f := newFixture(t)
	id, newID := splitStandup(t, f)
	// Delete following from the 19th: the new part ends on the 17th, and
	// the override and cancellation after the cut go.
	f.remove(t, following(newID, rid(6, 19, 8, 0)))
	nw := f.stored(t, newID)
	if nw.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=1" || !nw.UntilAt.Equal(utc(6, 17, 8, 30)) || len(nw.Exdates) != 0 {
		t.Errorf("cut master %q until %v exdates %v", nw.Rrule, nw.UntilAt, nw.Exdates)
	}
	if ovs := overrides(t, newID); len(ovs) != 0 {
		t.Errorf("the override after the cut survived: %+v", ovs)
	}
	occs := f.occs(t, juneGrid)
	equal(t, "new part", occs[newID], []string{rid(6, 17, 8, 0)})
	equal(t, "old part", occs[id], standupRIDs[:2])
	equal(t, "the 24th", f.on(t, date(6, 24)), nil)
	if n := f.rows(t); n != 2 {
		t.Errorf("%d rows, want the two masters", n)
	}
	// Following from the first occurrence is the whole series.
	f.remove(t, following(id, standupRIDs[0]))
	if !f.gone(t, id) || f.gone(t, newID) {
		t.Errorf("after deleting following from the first: old gone %v, new gone %v", f.gone(t, id), f.gone(t, newID))
	}
	equal(t, "the 10th", f.on(t, date(6, 10)), nil)
}

// movedAll makes the state of the "all" tests: an override of the 19th
// moved to Friday the 20th ("Standup moved"), a cancelled 24th, then from
// the 17th every occurrence at 08:15 instead of 09:00 as "Daily sync".
func movedAll(t *testing.T, f *fixture) int64 {
	t.Helper()
	id := f.standup(t)
	f.update(t, this(id, standupRIDs[3]), form("Standup moved", "2025-06-20T09:00", "2025-06-20T09:30", standupRule))
	f.remove(t, this(id, standupRIDs[4]))
	f.occs(t, juneGrid) // cached
	saved := f.update(t, all(id, standupRIDs[2]), form("Daily sync", "2025-06-17T08:15", "2025-06-17T08:45", standupRule))
	if saved != (events.Saved{ID: id}) {
		t.Fatalf("saved %+v", saved)
	}
	return id
}

func TestSeriesEditAll(t *testing.T) {
	f := newFixture(t)
	id := movedAll(t, f)
	m := f.stored(t, id)
	if !m.StartsAt.Equal(utc(6, 10, 6, 15)) || !m.EndsAt.Equal(utc(6, 10, 6, 45)) || m.Title != "Daily sync" || m.Rrule != standupRule ||
		!m.UntilAt.Equal(utc(6, 26, 6, 45)) {
		t.Errorf("master %v–%v %q %q until %v", m.StartsAt, m.EndsAt, m.Title, m.Rrule, m.UntilAt)
	}
	if !times(m.Exdates, utc(6, 24, 6, 15)) {
		t.Errorf("exdates %v, want the 24th moved to 06:15 UTC", m.Exdates)
	}
	// The override moved along: its recurrence id, not its own times.
	if ovs := overrides(t, id); len(ovs) != 1 || !ovs[0].RecurrenceID.Equal(utc(6, 19, 6, 15)) || ovs[0].Title != "Standup moved" ||
		!ovs[0].StartsAt.Equal(utc(6, 20, 7, 0)) {
		t.Errorf("overrides %+v", ovs)
	}
	equal(t, "June", f.occs(t, juneGrid)[id], []string{rid(6, 10, 6, 15), rid(6, 12, 6, 15), rid(6, 17, 6, 15), rid(6, 19, 6, 15), rid(6, 26, 6, 15)})
	equal(t, "the 12th", f.on(t, date(6, 12)), []string{"2025-06-12 08:15–08:45 Daily sync " + ref(id, rid(6, 12, 6, 15))})
	equal(t, "the 20th", f.on(t, date(6, 20)), []string{"2025-06-20 09:00–09:30 Standup moved " + ref(id, rid(6, 19, 6, 15))})
	equal(t, "the 24th", f.on(t, date(6, 24)), nil)
	if up := f.upcoming(t); len(up) != 4 || up[0] != "2025-06-12 08:15–08:45 Daily sync "+ref(id, rid(6, 12, 6, 15)) {
		t.Errorf("upcoming %q", up)
	}
	got, n := f.search(t, "sync")
	equal(t, "search sync", got, []string{"2025-06-12 08:15–08:45 Daily sync " + ref(id, rid(6, 12, 6, 15))})
	// "standup" now matches only the moved occurrence's own title.
	got, n2 := f.search(t, "standup")
	equal(t, "search standup", got, []string{"2025-06-20 09:00–09:30 Standup moved " + ref(id, rid(6, 19, 6, 15))})
	if n != 1 || n2 != 1 {
		t.Errorf("matches %d and %d", n, n2)
	}
}

func TestSeriesEditAllNewRuleAndNoRepeat(t *testing.T) {
	f := newFixture(t)
	id := movedAll(t, f)
	// A new rule from an occurrence: daily, twice. Exceptions that are no
	// longer occurrences go.
	f.update(t, all(id, rid(6, 12, 6, 15)), form("Daily sync", "2025-06-12T08:15", "2025-06-12T08:45", "FREQ=DAILY;COUNT=2"))
	equal(t, "new rule", f.occs(t, juneGrid)[id], []string{rid(6, 10, 6, 15), rid(6, 11, 6, 15)})
	if m := f.stored(t, id); m.Rrule != "FREQ=DAILY;COUNT=2" || len(m.Exdates) != 0 || len(overrides(t, id)) != 0 {
		t.Errorf("rule %q, stale exceptions: %v, %d overrides", m.Rrule, m.Exdates, len(overrides(t, id)))
	}
	if n := f.rows(t); n != 1 {
		t.Errorf("%d rows", n)
	}
	// "Does not repeat" for all: one event at the edited occurrence's time.
	saved := f.update(t, all(id, rid(6, 11, 6, 15)), form("Just once", "2025-06-11T12:00", "2025-06-11T13:00", ""))
	if saved != (events.Saved{ID: id}) {
		t.Errorf("saved %+v", saved)
	}
	if m := f.stored(t, id); m.Rrule != "" || m.Tzid != "" || m.UntilAt != nil || len(m.Exdates) != 0 || !m.StartsAt.Equal(utc(6, 11, 10, 0)) {
		t.Errorf("single %+v", m)
	}
	equal(t, "single", f.plain(t, juneGrid), []int64{id})
	equal(t, "no occurrences", f.occs(t, juneGrid)[id], nil)
	equal(t, "the 11th", f.on(t, date(6, 11)), []string{"2025-06-11 12:00–13:00 Just once " + ref(id, "")})
	equal(t, "the 10th", f.on(t, date(6, 10)), nil)
}

func TestSeriesDeleteAll(t *testing.T) {
	f := newFixture(t)
	single := f.create(t, form("One-off", "2025-06-12T12:00", "2025-06-12T13:00", ""))
	id := f.standup(t)
	f.update(t, this(id, standupRIDs[3]), form("Standup moved", "2025-06-20T09:00", "2025-06-20T09:30", standupRule))
	ov := overrides(t, id)[0].ID
	f.occs(t, juneGrid)
	f.upcoming(t)
	f.remove(t, all(id, standupRIDs[2]))
	if !f.gone(t, id) || !f.gone(t, ov) || f.rows(t) != 1 {
		t.Errorf("master gone %v, override gone %v, %d rows left (want the single event)", f.gone(t, id), f.gone(t, ov), f.rows(t))
	}
	equal(t, "June", f.occs(t, juneGrid)[id], nil)
	equal(t, "the 20th", f.on(t, date(6, 20)), nil)
	equal(t, "upcoming", f.upcoming(t), []string{"2025-06-12 12:00–13:00 One-off " + ref(single, "")})
	if got, n := f.search(t, "standup"); n != 0 || len(got) != 0 {
		t.Errorf("search %q", got)
	}
}
