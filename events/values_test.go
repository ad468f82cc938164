package events_test

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/recur"
)

// Input.Validate: a message for every invalid field, and clean values
// otherwise (times read in Berlin).

// baseInput is a valid timed event's form, everything filled in.
func baseInput() events.Input {
	return events.Input{
		Title: "Planning <day> & \"more\"", Description: "Bring <notes> & 'ideas'\nsecond line", Location: "Room \"B\"",
		Start: "2025-06-09T09:00", End: "2025-06-09T10:00", Color: "purple", RruleSet: true,
	}
}

func TestValidateMessages(t *testing.T) {
	allDay := func(first, last string) func(*events.Input) {
		return func(in *events.Input) { in.AllDay, in.Start, in.End = true, first, last }
	}
	rule := func(r, custom string) func(*events.Input) {
		return func(in *events.Input) { in.Rrule, in.RruleCustom = r, custom }
	}
	cases := []struct {
		name string
		edit func(*events.Input)
		want events.FieldErrors
	}{
		{"empty title", func(in *events.Input) { in.Title = "   " }, events.FieldErrors{"title": "Enter a title."}},
		{"201-char title", func(in *events.Input) { in.Title = strings.Repeat("é", 201) }, events.FieldErrors{"title": "Use at most 200 characters (this has 201)."}},
		{"two-line title", func(in *events.Input) { in.Title = "a\nb" }, events.FieldErrors{"title": "Use a single line."}},
		{"invalid UTF-8 title", func(in *events.Input) { in.Title = "ok\xff\xfe" }, events.FieldErrors{"title": "This contains characters that are not valid text."}},
		{"long description", func(in *events.Input) { in.Description = strings.Repeat("x", 10001) }, events.FieldErrors{"description": "Use at most 10 000 characters (this has 10 001)."}},
		{"long location", func(in *events.Input) { in.Location = strings.Repeat("L", 201) }, events.FieldErrors{"location": "Use at most 200 characters (this has 201)."}},
		{"NUL in location", func(in *events.Input) { in.Location = "a\x00b" }, events.FieldErrors{"location": "This contains control characters; remove them."}},
		{"unknown colour", func(in *events.Input) { in.Color = "magenta" }, events.FieldErrors{"color": "Choose one of the listed colours."}},
		{"end before start", func(in *events.Input) { in.End = "2025-06-09T08:59" }, events.FieldErrors{"end": "The end cannot be before the start."}},
		{"empty start", func(in *events.Input) { in.Start = "" }, events.FieldErrors{"start": "Enter the start."}},
		{"garbage start", func(in *events.Input) { in.Start = "tomorrow <b>" }, events.FieldErrors{"start": "Enter the start as a date and time, like 2025-06-09T09:00."}},
		{"garbage end", func(in *events.Input) { in.End = "2025-13-45T99:99" }, events.FieldErrors{"end": "Enter the end as a date and time, like 2025-06-09T09:00."}},
		{"year after the bound", func(in *events.Input) { in.End = "9999-12-31T23:00" }, events.FieldErrors{"end": "Enter a year between 1000 and 9998."}},
		{"year before the bound", func(in *events.Input) { in.Start = "0999-12-31T09:00" }, events.FieldErrors{"start": "Enter a year between 1000 and 9998."}},
		{"over ten years", func(in *events.Input) { in.End = "2035-06-10T10:00" }, events.FieldErrors{"end": "An event can last at most ten years."}},
		{"all-day last before first", allDay("2025-06-09", "2025-06-08"), events.FieldErrors{"end": "The last day cannot be before the first day."}},
		{"all-day garbage", allDay("9 June", ""), events.FieldErrors{"start": "Enter the first day as a date, like 2025-06-09."}},
		{"all-day year", allDay("2025-06-09", "9999-01-01"), events.FieldErrors{"end": "Enter a year between 1000 and 9998."}},
		{"hourly", rule("FREQ=HOURLY", ""), events.FieldErrors{"rrule": "Repeating more often than daily (FREQ=HOURLY) is not supported."}},
		{"never repeats", rule("FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", ""), events.FieldErrors{"rrule": "No month in BYMONTH has the days in BYMONTHDAY, so the rule never repeats."}},
		{"count and until", rule("FREQ=DAILY;COUNT=2;UNTIL=20251231", ""), events.FieldErrors{"rrule": "A repeat rule can end after COUNT times or on an UNTIL date, not both."}},
		{"custom until before the start", rule(recur.Custom, "FREQ=WEEKLY;UNTIL=20250101"), events.FieldErrors{"rrule": "The repeat rule ends (UNTIL) before the event starts."}},
		{"custom empty", rule(recur.Custom, " "), events.FieldErrors{"rrule": "Type the custom rule, or choose another Repeat option."}},
		{"several at once", func(in *events.Input) { in.Title, in.Start, in.Rrule = "", "", "FREQ=SECONDLY" },
			events.FieldErrors{"title": "Enter a title.", "start": "Enter the start.", "rrule": "Repeating more often than daily (FREQ=SECONDLY) is not supported."}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := baseInput()
			tc.edit(&in)
			if _, errs := in.Validate(berlin); !maps.Equal(errs, tc.want) {
				t.Errorf("errors %q, want %q", errs, tc.want)
			}
		})
	}
	if _, errs := baseInput().Validate(berlin); len(errs) != 0 {
		t.Errorf("the base input: %q", errs)
	}
}

func TestValidateValues(t *testing.T) {
	in := baseInput()
	in.Title = "  " + strings.Repeat("é", 200) + "  "
	in.Description = "\r\n  Line one\r\nline two\rthree \n\n"
	in.Color = ""
	v := values(t, in)
	if v.Title != strings.Repeat("é", 200) || v.Description != "  Line one\nline two\nthree" || v.Color != "" ||
		!v.Start.Equal(utc(6, 9, 7, 0)) || !v.End.Equal(utc(6, 9, 8, 0)) || v.AllDay || !v.Rule.IsZero() || !v.RuleSet {
		t.Errorf("values %+v", v)
	}
	// An end equal to the start is fine; a time in the DST gap moves forward.
	if v := values(t, form("Instant", "2025-06-09T09:00", "2025-06-09T09:00", "")); !v.Start.Equal(v.End) {
		t.Errorf("instant %v–%v", v.Start, v.End)
	}
	if v := values(t, form("Gap", "2025-03-30T02:30", "2025-03-30T04:00", "")); !v.Start.Equal(time.Date(2025, 3, 30, 1, 30, 0, 0, time.UTC)) {
		t.Errorf("in the gap: %v", v.Start)
	}
	// The year bounds are inclusive, and so is the ten years' limit.
	if v := values(t, form("First", "1000-01-01T00:00", "1000-01-01T01:00", "")); v.Start.In(berlin).Year() != 1000 {
		t.Errorf("first year %v", v.Start)
	}
	if v := values(t, form("Last", "9998-12-31T22:00", "9998-12-31T23:00", "")); v.End.In(berlin).Year() != 9998 {
		t.Errorf("last year %v", v.End)
	}
	if v := values(t, form("Ten years", "2025-06-09T09:00", "2035-06-09T10:00", "")); !v.End.Equal(time.Date(2035, 6, 9, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("ten years %v", v.End)
	}
}

func TestValidateAllDayAndRules(t *testing.T) {
	// All day: local midnight of the first day to the one after the last;
	// no last day is one day; a time is ignored.
	for _, tc := range []struct{ first, last, start, end string }{
		{"2025-06-06", "2025-06-07", "2025-06-05T22:00:00Z", "2025-06-07T22:00:00Z"},
		{"2025-06-06", "", "2025-06-05T22:00:00Z", "2025-06-06T22:00:00Z"},
		{"2025-10-26T15:00", "2025-10-26", "2025-10-25T22:00:00Z", "2025-10-26T23:00:00Z"},
	} {
		v := values(t, allDayForm("Away", tc.first, tc.last, ""))
		if !v.AllDay || events.FormatOcc(v.Start) != tc.start || events.FormatOcc(v.End) != tc.end {
			t.Errorf("%s..%s: %v–%v", tc.first, tc.last, v.Start, v.End)
		}
	}
	// A custom rule is taken when Custom… is chosen, and canonicalised;
	// under a preset the custom text is ignored.
	in := form("Custom", "2025-06-10T09:00", "2025-06-10T10:00", recur.Custom)
	in.RruleCustom = "rrule:freq=weekly;byday=th,tu;count=3;"
	v := values(t, in)
	if v.Rule.String() != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3" || !v.Series.Start.Equal(utc(6, 10, 7, 0)) || v.Series.Loc != berlin {
		t.Errorf("custom: %q from %v in %v", v.Rule.String(), v.Series.Start, v.Series.Loc)
	}
	in.Rrule = "FREQ=DAILY"
	if v := values(t, in); v.Rule.String() != "FREQ=DAILY" {
		t.Errorf("preset: %q", v.Rule.String())
	}
	// Without the Repeat control (a script's post) no rule is read at all.
	in.RruleSet, in.Rrule = false, "FREQ=HOURLY"
	if v := values(t, in); !v.Rule.IsZero() || v.RuleSet {
		t.Errorf("no control: %+v", v.Rule)
	}
}
