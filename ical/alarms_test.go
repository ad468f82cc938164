package ical

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// TestTriggerValue: the TRIGGER written for a reminder is PT0S at the
// start, else whole hours and minutes before it (never days), and reads
// back as the same minutes.
func TestTriggerValue(t *testing.T) {
	for _, c := range []struct {
		minutes int
		want    string
	}{
		{0, "PT0S"},
		{1, "-PT1M"},
		{10, "-PT10M"},
		{59, "-PT59M"},
		{60, "-PT1H"},
		{90, "-PT1H30M"},
		{900, "-PT15H"},
		{1440, "-PT24H"},
		{10079, "-PT167H59M"},
		{MaxReminderMinutes, "-PT672H"},
	} {
		got := triggerValue(c.minutes)
		if got != c.want {
			t.Errorf("triggerValue(%d) = %q, want %q", c.minutes, got, c.want)
		}
		days, exact, ok := parseDuration(got)
		if !ok || days != 0 || exact != -time.Duration(c.minutes)*time.Minute {
			t.Errorf("%q reads as %d days %v (%v)", got, days, exact, ok)
		}
	}
}

func TestNormalizeReminders(t *testing.T) {
	for _, c := range []struct {
		in, want []int
	}{
		{nil, nil},
		{[]int{}, []int{}},
		{[]int{30, 0, 10, 10, 30}, []int{0, 10, 30}},
		{[]int{-1, MaxReminderMinutes + 1, 5, MaxReminderMinutes}, []int{5, MaxReminderMinutes}},
		{[]int{60, 50, 40, 30, 20, 10, 0}, []int{0, 10, 20, 30, 40}},
	} {
		got := normalizeReminders(c.in)
		if !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
			t.Errorf("normalizeReminders(%v) = %#v, want %#v", c.in, got, c.want)
		}
	}
}

// TestEncodeAlarms: a VALARM per reminder (in range, sorted, without
// duplicates) with ACTION:DISPLAY, the title as DESCRIPTION (escaped,
// folded) and TRIGGER;RELATED=START; an override without its own
// reminders repeats its series', one with none says so with ACTION:NONE.
func TestEncodeAlarms(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	title := "Board meeting, Q3; budget — " + strings.Repeat("ü", 40)
	start := time.Date(2025, 6, 10, 9, 0, 0, 0, time.UTC)
	series := Event{UID: "s@x", Title: "Yoga", Start: start, End: start.Add(time.Hour), Loc: ber,
		Rule: "FREQ=DAILY;COUNT=5", Reminders: []int{1440, 5},
		Overrides: []Event{
			{Title: "Yoga (as the series)", Start: start.Add(25 * time.Hour), End: start.Add(26 * time.Hour), RecurrenceID: start.Add(24 * time.Hour)},
			{Title: "Yoga (own)", Start: start.Add(49 * time.Hour), End: start.Add(50 * time.Hour), RecurrenceID: start.Add(48 * time.Hour), Reminders: []int{120}},
			{Title: "Yoga (none)", Start: start.Add(73 * time.Hour), End: start.Add(74 * time.Hour), RecurrenceID: start.Add(72 * time.Hour), Reminders: []int{}},
		}}
	single := Event{UID: "e@x", Title: title, Start: start, End: start.Add(time.Hour), Loc: ber,
		Reminders: []int{30, 0, 10, 10, -5, MaxReminderMinutes + 1}}
	out := string(encode(t, []Event{single, series}, EncodeOptions{Now: now}))
	for _, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(l) > 75 {
			t.Errorf("unfolded line %q", l)
		}
	}
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	desc := `DESCRIPTION:Board meeting\, Q3\; budget — ` + strings.Repeat("ü", 40)
	for _, trig := range []string{"PT0S", "-PT10M", "-PT30M"} {
		if !inOneComponent(unfolded, "BEGIN:VALARM", "ACTION:DISPLAY", desc, "TRIGGER;RELATED=START:"+trig) {
			t.Errorf("no VALARM with TRIGGER %s", trig)
		}
	}
	for _, want := range []string{"DESCRIPTION:Yoga", "DESCRIPTION:Yoga (as the series)"} {
		for _, trig := range []string{"-PT5M", "-PT24H"} {
			if !inOneComponent(unfolded, "BEGIN:VALARM", "ACTION:DISPLAY", want, "TRIGGER;RELATED=START:"+trig) {
				t.Errorf("no VALARM with %s and TRIGGER %s", want, trig)
			}
		}
	}
	if !inOneComponent(unfolded, "BEGIN:VALARM", "DESCRIPTION:Yoga (own)", "TRIGGER;RELATED=START:-PT2H") {
		t.Error("the override's own reminder is missing")
	}
	if !inOneComponent(unfolded, "BEGIN:VALARM", "ACTION:NONE", "TRIGGER;VALUE=DATE-TIME:19760401T005545Z") {
		t.Error("the override without reminders has no ACTION:NONE alarm")
	}
	if n := strings.Count(out, "BEGIN:VALARM"); n != 3+2+2+1+1 {
		t.Errorf("%d VALARMs, want 9", n)
	}
}

// TestRemindersRoundTrip: what Encode writes, Decode reads back: single,
// all-day and series reminders, and an override's own, none, or as the
// series (nil, also when its list equals the series').
func TestRemindersRoundTrip(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	start := time.Date(2025, 3, 28, 9, 0, 0, 0, ber) // a series across the DST change
	day := time.Date(2025, 6, 10, 0, 0, 0, 0, ber)
	in := []Event{
		{UID: "none@x", Title: "No reminders", Start: start, End: start.Add(time.Hour), Loc: ber},
		{UID: "one@x", Title: "One", Start: start, End: start.Add(time.Hour), Loc: ber, Reminders: []int{0}},
		{UID: "five@x", Title: "Five", Start: start, End: start.Add(time.Hour), Loc: ber, Reminders: []int{1, 59, 61, 1441, MaxReminderMinutes}},
		{UID: "allday@x", Title: "All day", AllDay: true, Start: day, End: day.AddDate(0, 0, 1), Loc: ber, Reminders: []int{900, 2340}},
		{UID: "series@x", Title: "Series", Start: start, End: start.Add(time.Hour), Loc: ber, Rule: "FREQ=DAILY;COUNT=6",
			Reminders: []int{10, 1440}, Overrides: []Event{
				{Title: "As the series", Start: start.AddDate(0, 0, 1), End: start.AddDate(0, 0, 1).Add(time.Hour), Loc: ber, RecurrenceID: start.AddDate(0, 0, 1).UTC()},
				{Title: "Own", Start: start.AddDate(0, 0, 2), End: start.AddDate(0, 0, 2).Add(time.Hour), Loc: ber, RecurrenceID: start.AddDate(0, 0, 2).UTC(), Reminders: []int{5}},
				{Title: "None", Start: start.AddDate(0, 0, 3), End: start.AddDate(0, 0, 3).Add(time.Hour), Loc: ber, RecurrenceID: start.AddDate(0, 0, 3).UTC(), Reminders: []int{}},
				{Title: "Same", Start: start.AddDate(0, 0, 4), End: start.AddDate(0, 0, 4).Add(time.Hour), Loc: ber, RecurrenceID: start.AddDate(0, 0, 4).UTC(), Reminders: []int{10, 1440}},
			}},
	}
	res := decode(t, encode(t, in, EncodeOptions{Now: now}), ber)
	if len(res.Events) != len(in) || len(res.Skipped) > 0 {
		t.Fatalf("%d events, skipped %v", len(res.Events), res.Skipped)
	}
	for i, e := range in {
		if got := res.Events[i].Reminders; !slices.Equal(got, e.Reminders) || (got == nil) != (len(e.Reminders) == 0) {
			t.Errorf("%s: reminders %#v, want %v", e.UID, got, e.Reminders)
		}
	}
	ovs := res.Events[4].Overrides
	want := [][]int{nil, {5}, {}, nil}
	for i, o := range ovs {
		if !slices.Equal(o.Reminders, want[i]) || (o.Reminders == nil) != (want[i] == nil) {
			t.Errorf("override %q: reminders %#v, want %#v", o.Title, o.Reminders, want[i])
		}
	}
}
