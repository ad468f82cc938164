package events

import (
	"strings"
	"testing"
	"time"
)

// FuzzParseID: only a positive decimal int64 is an event id.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "+5", "007", "9223372036854775807", "9223372036854775808", "1e9", "5.ics", "", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := ParseID(s)
		if !ok {
			return
		}
		if id <= 0 || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("ParseID(%q) = %d", s, id)
		}
	})
}

// FuzzParseOcc: an occurrence's ?occ= is accepted only in the one form
// FormatOcc writes, so one occurrence has one address.
func FuzzParseOcc(f *testing.F) {
	for _, s := range []string{"2025-06-12T07:00:00Z", "1749711600", "2025-06-12T07:00:00+00:00", "2025-06-12T07:00:00.5Z", "0001-01-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-06-12t07:00:00z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rid, ok := ParseOcc(s)
		if !ok {
			return
		}
		if got := FormatOcc(rid); got != s {
			t.Fatalf("ParseOcc(%q) = %v, written back as %q", s, rid, got)
		}
		if rid.Location() != time.UTC || rid.Nanosecond() != 0 {
			t.Fatalf("ParseOcc(%q) = %v: not UTC whole seconds", s, rid)
		}
	})
}

// FuzzEventRepeat feeds arbitrary Repeat values to the event values: it
// never panics, and a rule it accepts is stored canonical and expands.
func FuzzEventRepeat(f *testing.F) {
	f.Add("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10", "", "2025-06-10T09:00", false)
	f.Add("custom", "FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20271231", "2025-01-31", true)
	f.Add("FREQ=YEARLY;INTERVAL=4", "", "2024-02-29T10:00", false)
	f.Add("FREQ=HOURLY", "", "2025-06-10T09:00", false)
	f.Add("custom", "", "2025-06-10T09:00", false)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, rrule, custom, start string, allDay bool) {
		in := Input{Title: "x", Start: start, End: start, AllDay: allDay, Color: "blue", Rrule: rrule, RruleCustom: custom, RruleSet: true}
		vals, errs := in.Validate(berlin)
		if len(errs) > 0 || vals.Rule.IsZero() {
			return
		}
		s := vals.Series
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted %q, but the series is invalid: %v", in.RuleText(), err)
		}
		if rule, _ := seriesColumns(s); rule != vals.Rule.String() {
			t.Fatalf("stored rule %q is not canonical %q", rule, vals.Rule.String())
		}
		_ = s.Between(s.Start, s.Start.AddDate(0, 2, 0), 0)
	})
}
