package events_test

import (
	"errors"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// Series writes beyond the three scopes: the whole series by its own
// address, UNTIL rules, all-day series, daylight saving time, and a rule
// that no longer fits.

func TestSeriesEditWholeSeriesWithoutOcc(t *testing.T) {
	f := newFixture(t)
	id := f.standup(t)
	f.occs(t, juneGrid)
	// The master's own address edits the whole series.
	saved := f.update(t, events.Ref{ID: id}, form("Standup", "2025-06-10T09:00", "2025-06-10T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4"))
	if saved != (events.Saved{ID: id}) {
		t.Errorf("saved %+v", saved)
	}
	equal(t, "June", f.occs(t, juneGrid)[id], standupRIDs[:4])
	if m := f.stored(t, id); m.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" || !m.UntilAt.Equal(utc(6, 19, 7, 30)) {
		t.Errorf("stored %q until %v", m.Rrule, m.UntilAt)
	}
	// A post without the Repeat control (a script's) keeps the rule.
	in := form("Kept rule", "2025-06-10T09:00", "2025-06-10T09:30", "")
	in.RruleSet = false
	f.update(t, events.Ref{ID: id}, in)
	if m := f.stored(t, id); m.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" || m.Title != "Kept rule" {
		t.Errorf("stored %q %q", m.Rrule, m.Title)
	}
	equal(t, "the 19th", f.on(t, date(6, 19)), []string{"2025-06-19 09:00–09:30 Kept rule " + ref(id, standupRIDs[3])})
	// A single event becomes a series, and back.
	single := f.create(t, form("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", ""))
	f.update(t, events.Ref{ID: single}, form("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", "FREQ=DAILY;COUNT=3"))
	if m := f.stored(t, single); m.Rrule != "FREQ=DAILY;COUNT=3" || m.Tzid != "Europe/Berlin" || !m.UntilAt.Equal(utc(6, 13, 11, 0)) {
		t.Errorf("made a series: %+v", m)
	}
	equal(t, "series made from a single", f.occs(t, juneGrid)[single], []string{rid(6, 11, 10, 0), rid(6, 12, 10, 0), rid(6, 13, 10, 0)})
	f.update(t, events.Ref{ID: single}, form("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", ""))
	equal(t, "back to single", f.plain(t, juneGrid), []int64{single})
	equal(t, "no occurrences", f.occs(t, juneGrid)[single], nil)
	// Deleting the series' own address deletes it whole.
	f.remove(t, events.Ref{ID: id})
	if !f.gone(t, id) || f.rows(t) != 1 {
		t.Errorf("the series is still there (%d rows)", f.rows(t))
	}
	equal(t, "the 10th", f.on(t, date(6, 10)), nil)
}

func TestSeriesMovedWithUntilKeepsItsEnd(t *testing.T) {
	f := newFixture(t)
	// Mondays 2, 9, 16 and 23 June at 09:00 Berlin, until the 23rd 07:00 UTC.
	const rule = "FREQ=WEEKLY;UNTIL=20250623T070000Z"
	id := f.create(t, form("Until", "2025-06-02T09:00", "2025-06-02T10:00", rule))
	equal(t, "before", f.occs(t, juneGrid)[id], []string{rid(6, 2, 7, 0), rid(6, 9, 7, 0), rid(6, 16, 7, 0), rid(6, 23, 7, 0)})
	// From the 9th: a day and two hours later, for all; UNTIL moves along.
	f.update(t, all(id, rid(6, 9, 7, 0)), form("Until", "2025-06-10T11:00", "2025-06-10T12:00", rule))
	equal(t, "after moving all", f.occs(t, juneGrid)[id], []string{rid(6, 3, 9, 0), rid(6, 10, 9, 0), rid(6, 17, 9, 0), rid(6, 24, 9, 0)})
	if m := f.stored(t, id); m.Rrule != "FREQ=WEEKLY;UNTIL=20250624T090000Z" || !m.UntilAt.Equal(utc(6, 24, 10, 0)) {
		t.Errorf("rule %q until %v", m.Rrule, m.UntilAt)
	}
	// Date-form UNTIL: all-day on Mondays 2, 9 and 16 June, moved a day
	// later from its second occurrence.
	bid := f.create(t, allDayForm("Bins", "2025-06-02", "2025-06-02", "FREQ=WEEKLY;UNTIL=20250616"))
	saved := f.update(t, following(bid, rid(6, 8, 22, 0)), allDayForm("Bins", "2025-06-10", "2025-06-10", "FREQ=WEEKLY;UNTIL=20250616"))
	occs := f.occs(t, juneGrid)
	equal(t, "before the split", occs[bid], []string{rid(6, 1, 22, 0)})
	equal(t, "after the split", occs[saved.ID], []string{rid(6, 9, 22, 0), rid(6, 16, 22, 0)})
	if nw := f.stored(t, saved.ID); nw.Rrule != "FREQ=WEEKLY;UNTIL=20250617" || !nw.AllDay || nw.Color != "blue" {
		t.Errorf("new master %+v", nw)
	}
	equal(t, "the 17th", f.on(t, date(6, 17)), []string{
		"2025-06-17..2025-06-17 Bins " + ref(saved.ID, rid(6, 16, 22, 0)), "2025-06-17 11:00–12:00 Until " + ref(id, rid(6, 17, 9, 0)),
	})
}

func TestSeriesAllDay(t *testing.T) {
	f := newFixture(t)
	id := f.create(t, allDayForm("Festival", "2025-06-06", "2025-06-07", "FREQ=WEEKLY;COUNT=3"))
	if m := f.stored(t, id); !m.AllDay || !m.StartsAt.Equal(utc(6, 5, 22, 0)) || !m.EndsAt.Equal(utc(6, 7, 22, 0)) || !m.UntilAt.Equal(utc(6, 21, 22, 0)) {
		t.Errorf("stored %+v", m)
	}
	// Two days each: 6–7, 13–14, 20–21 June; all-day ids are local midnights.
	want := []string{rid(6, 5, 22, 0), rid(6, 12, 22, 0), rid(6, 19, 22, 0)}
	equal(t, "June", f.occs(t, juneGrid)[id], want)
	for i, d := range []int{6, 7, 13, 14, 20, 21} {
		first := date(6, 6).AddDays(i / 2 * 7)
		w := first.String() + ".." + first.AddDays(1).String() + " Festival " + ref(id, want[i/2])
		equal(t, date(6, d).String(), f.on(t, date(6, d)), []string{w})
	}
	equal(t, "the 8th", f.on(t, date(6, 8)), nil)
	tg := f.resolve(t, id, want[1])
	if !tg.Event.AllDay || !tg.Event.StartsAt.Equal(utc(6, 12, 22, 0)) || !tg.Event.EndsAt.Equal(utc(6, 14, 22, 0)) || tg.Repeats() != "Weekly on Friday, 3 times" {
		t.Errorf("the 13th %+v, %q", tg.Event, tg.Repeats())
	}
	// Only the 13th becomes one day, on the 15th.
	f.update(t, this(id, want[1]), allDayForm("Festival (short)", "2025-06-15", "2025-06-15", "FREQ=WEEKLY;COUNT=3"))
	equal(t, "the 13th", f.on(t, date(6, 13)), nil)
	equal(t, "the 14th", f.on(t, date(6, 14)), nil)
	equal(t, "the 15th", f.on(t, date(6, 15)), []string{"2025-06-15..2025-06-15 Festival (short) " + ref(id, want[1])})
	if ovs := overrides(t, id); len(ovs) != 1 || !ovs[0].AllDay || !ovs[0].StartsAt.Equal(utc(6, 14, 22, 0)) || !ovs[0].EndsAt.Equal(utc(6, 15, 22, 0)) {
		t.Errorf("override %+v", ovs)
	}
}

// octoberGrid is the dates of the October 2025 month grid: 29 September
// to 9 November.
var octoberGrid = span(calendar.MakeDate(2025, 9, 29), 42)

func TestSeriesKeepsWallClockAcrossDST(t *testing.T) {
	f := newFixture(t)
	id := f.create(t, form("Choir", "2025-10-21T19:00", "2025-10-21T21:00", "FREQ=WEEKLY"))
	// 19:00 CEST is 17:00 UTC; after the change on the 26th, 19:00 CET is 18:00 UTC.
	equal(t, "October", f.occs(t, octoberGrid)[id], []string{
		events.FormatOcc(time.Date(2025, 10, 21, 17, 0, 0, 0, time.UTC)), events.FormatOcc(time.Date(2025, 10, 28, 18, 0, 0, 0, time.UTC)),
		events.FormatOcc(time.Date(2025, 11, 4, 18, 0, 0, 0, time.UTC)),
	})
	after := events.FormatOcc(time.Date(2025, 10, 28, 18, 0, 0, 0, time.UTC))
	equal(t, "after the change", f.on(t, calendar.MakeDate(2025, 10, 28)), []string{"2025-10-28 19:00–21:00 Choir " + ref(id, after)})
	// An hour later for all, from an occurrence after the change: every
	// occurrence at 20:00 local, on both sides of it.
	f.update(t, all(id, after), form("Choir", "2025-10-28T20:00", "2025-10-28T22:00", "FREQ=WEEKLY"))
	if m := f.stored(t, id); !m.StartsAt.Equal(time.Date(2025, 10, 21, 18, 0, 0, 0, time.UTC)) {
		t.Errorf("master at %v, want 20:00 CEST", m.StartsAt)
	}
	equal(t, "moved", f.occs(t, octoberGrid)[id], []string{
		events.FormatOcc(time.Date(2025, 10, 21, 18, 0, 0, 0, time.UTC)), events.FormatOcc(time.Date(2025, 10, 28, 19, 0, 0, 0, time.UTC)),
		events.FormatOcc(time.Date(2025, 11, 4, 19, 0, 0, 0, time.UTC)),
	})
	equal(t, "before the change", f.on(t, calendar.MakeDate(2025, 10, 21)), []string{
		"2025-10-21 20:00–22:00 Choir " + ref(id, events.FormatOcc(time.Date(2025, 10, 21, 18, 0, 0, 0, time.UTC))),
	})
	// This and following from after the change: the split keeps the local hour.
	saved := f.update(t, following(id, events.FormatOcc(time.Date(2025, 11, 4, 19, 0, 0, 0, time.UTC))),
		form("Choir (winter)", "2025-11-04T19:30", "2025-11-04T21:30", "FREQ=WEEKLY"))
	if nw := f.stored(t, saved.ID); !nw.StartsAt.Equal(time.Date(2025, 11, 4, 18, 30, 0, 0, time.UTC)) || nw.Rrule != "FREQ=WEEKLY" {
		t.Errorf("new master %v %q", nw.StartsAt, nw.Rrule)
	}
	equal(t, "the 28th", f.on(t, calendar.MakeDate(2025, 10, 28)), []string{
		"2025-10-28 20:00–22:00 Choir " + ref(id, events.FormatOcc(time.Date(2025, 10, 28, 19, 0, 0, 0, time.UTC))),
	})
	equal(t, "4 November", f.on(t, calendar.MakeDate(2025, 11, 4)), []string{
		"2025-11-04 19:30–21:30 Choir (winter) " + ref(saved.ID, events.FormatOcc(time.Date(2025, 11, 4, 18, 30, 0, 0, time.UTC))),
	})
}

func TestSeriesRuleThatDoesNotFitWritesNothing(t *testing.T) {
	f := newFixture(t)
	// Thursdays 12, 19 and 26 June.
	id := f.create(t, form("Thursdays", "2025-06-12T09:00", "2025-06-12T10:00", "FREQ=WEEKLY;BYDAY=TH;UNTIL=20250626"))
	before := f.stored(t, id)
	f.occs(t, juneGrid)
	// The last one and following moved to Friday by a post that keeps the
	// rule: its UNTIL moves a day, but Thursdays from Friday 27 June until
	// then never come.
	in := form("Fridays", "2025-06-27T09:00", "2025-06-27T10:00", "")
	in.RruleSet = false
	_, err := f.svc.Update(t.Context(), f.o, following(id, rid(6, 26, 7, 0)), values(t, in))
	var fe *events.FormError
	if !errors.As(err, &fe) || fe.Fields["rrule"] != "The repeat rule ends (UNTIL) before it first repeats." {
		t.Fatalf("Update: %v, want a FormError on rrule", err)
	}
	if m := f.stored(t, id); m.Rrule != before.Rrule || !m.UntilAt.Equal(*before.UntilAt) || !m.UpdatedAt.Equal(before.UpdatedAt) || m.Title != "Thursdays" {
		t.Errorf("the master changed: %+v", m)
	}
	if n := f.rows(t); n != 1 {
		t.Errorf("%d rows, want the master only", n)
	}
	equal(t, "June", f.occs(t, juneGrid)[id], []string{rid(6, 12, 7, 0), rid(6, 19, 7, 0), rid(6, 26, 7, 0)})
	// The form's own rule is refused by Validate already.
	in.RruleSet, in.Rrule = true, "FREQ=WEEKLY;BYDAY=TH;UNTIL=20250626"
	if _, errs := in.Validate(berlin); errs["rrule"] == "" {
		t.Errorf("Validate accepted the rule: %v", errs)
	}
}
