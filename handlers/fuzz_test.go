package handlers

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/views"
)

// calendarDay is a calendar.Date.
func calendarDay(y int, m time.Month, d int) calendar.Date { return calendar.MakeDate(y, m, d) }

// FuzzEventForm feeds arbitrary form values to the event form's
// validation: it never panics, refuses invalid UTF-8 and control
// characters field by field, and whatever it accepts is storable (trimmed,
// within the limits, end not before start, a palette colour); the form
// re-shown after an error is valid UTF-8.
func FuzzEventForm(f *testing.F) {
	f.Add("Standup", "notes\r\nline 2", "Room 1", "2025-06-09T09:00", "2025-06-09T10:00", false, "")
	f.Add("Trip", "", "", "2025-06-09", "2025-06-12", true, "green")
	f.Add("DST gap", "", "", "2025-03-30T02:30", "2025-03-30T03:30", false, "blue")
	f.Add("bad \xff", "\x00", "a\nb", "9999-12-31T23:59", "0001-01-01T00:00", false, "javascript:")
	f.Add(" ", strings.Repeat("é", 10001), "", "2025-06-09T24:00", "", true, " red ")
	f.Add("x", "", "", "+2025-06-09T09:00", "2025-06-09T09:00:00", false, "")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, title, desc, location, start, end string, allDay bool, color string) {
		in := eventInput{Title: title, Description: desc, Location: location, Start: start, End: end, AllDay: allDay, Color: color}
		for _, loc := range []*time.Location{time.UTC, berlin} {
			vals, errs := in.validate(loc)
			for field, raw := range map[string]string{"title": title, "description": desc, "location": location} {
				if !utf8.ValidString(raw) && errs[field] == "" {
					t.Fatalf("%s %q: invalid UTF-8 accepted", field, raw)
				}
			}
			form := formOfInput(in)
			for _, s := range []string{form.Title, form.Description, form.Location, form.Start, form.End, form.Color} {
				if !utf8.ValidString(s) {
					t.Fatalf("re-shown form holds invalid UTF-8: %q", s)
				}
			}
			if len(errs) > 0 {
				continue
			}
			if vals.Title == "" || vals.Title != strings.TrimSpace(vals.Title) || utf8.RuneCountInString(vals.Title) > maxTitleRunes {
				t.Fatalf("accepted title %q", vals.Title)
			}
			if utf8.RuneCountInString(vals.Description) > maxDescriptionRunes || utf8.RuneCountInString(vals.Location) > maxLocationRunes {
				t.Fatalf("accepted over-long text")
			}
			for _, s := range []string{vals.Title, vals.Location, vals.Description} {
				for _, r := range s {
					if unicode.IsControl(r) && r != '\t' && r != '\n' {
						t.Fatalf("accepted control character %U in %q", r, s)
					}
				}
			}
			if strings.ContainsAny(vals.Title+vals.Location, "\r\n") || strings.Contains(vals.Description, "\r") {
				t.Fatalf("accepted line breaks: %q %q %q", vals.Title, vals.Location, vals.Description)
			}
			if _, ok := palette.Name(vals.Color); !ok {
				t.Fatalf("accepted colour %q", vals.Color)
			}
			if vals.End.Before(vals.Start) {
				t.Fatalf("accepted end %v before start %v", vals.End, vals.Start)
			}
			if y := vals.Start.In(loc).Year(); y < minEventYear || y > maxEventYear {
				t.Fatalf("accepted year %d", y)
			}
			if allDay && (vals.Start.In(loc).Hour() != 0 || vals.Start.In(loc).Minute() != 0) { // Berlin has every midnight
				t.Fatalf("all-day start %v is not a local midnight", vals.Start.In(loc))
			}
		}
	})
}

// FuzzSafeNext: whatever a `next` parameter holds, the redirect target is a
// local path without control characters, scheme or host.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/calendar?view=week", "//evil.example", "/\\evil.example", "https://x/",
		"/\r\nSet-Cookie: a=b", "/%0d%0a", "javascript:alert(1)", "", "/\x00", "/ok#frag", "/a/../../b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		if got != "/" && got != next {
			t.Fatalf("safeNext(%q) = %q: neither the input nor /", next, got)
		}
		if !strings.HasPrefix(got, "/") || strings.HasPrefix(got, "//") || strings.HasPrefix(got, "/\\") {
			t.Fatalf("safeNext(%q) = %q leaves the site", next, got)
		}
		if strings.ContainsAny(got, "\r\n\t") {
			t.Fatalf("safeNext(%q) = %q holds a line break", next, got)
		}
		u, err := url.Parse(got)
		if err != nil || u.Scheme != "" || u.Host != "" {
			t.Fatalf("safeNext(%q) = %q parses as %v, %v", next, got, u, err)
		}
	})
}

// FuzzParseEventID: only a positive decimal int64 is an event id.
func FuzzParseEventID(f *testing.F) {
	for _, s := range []string{"1", "0", "-1", "+5", "007", "9223372036854775807", "9223372036854775808", "1e9", "5.ics", "", "١٢"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id, ok := parseEventID(s)
		if !ok {
			return
		}
		if id <= 0 || strings.Trim(s, "0123456789") != "" {
			t.Fatalf("parseEventID(%q) = %d", s, id)
		}
	})
}

// FuzzParseOcc: an occurrence's ?occ= is accepted only in the one form
// formatOcc writes, so one occurrence has one address.
func FuzzParseOcc(f *testing.F) {
	for _, s := range []string{"2025-06-12T07:00:00Z", "1749711600", "2025-06-12T07:00:00+00:00", "2025-06-12T07:00:00.5Z", "0001-01-01T00:00:00Z", "2025-02-29T00:00:00Z", "2025-06-12t07:00:00z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rid, ok := parseOcc(s)
		if !ok {
			return
		}
		if got := formatOcc(rid); got != s {
			t.Fatalf("parseOcc(%q) = %v, written back as %q", s, rid, got)
		}
		if rid.Location() != time.UTC || rid.Nanosecond() != 0 {
			t.Fatalf("parseOcc(%q) = %v: not UTC whole seconds", s, rid)
		}
	})
}

// FuzzEventRepeat feeds arbitrary Repeat values to the event form: it never
// panics, and a rule it accepts is stored canonical and expands.
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
		in := eventInput{Title: "x", Start: start, End: start, AllDay: allDay, Color: "blue", Rrule: rrule, RruleCustom: custom, RruleSet: true}
		vals, errs := in.validate(berlin)
		var form views.EventForm
		withRepeat(&form, rrule, custom, calendarDay(2025, 6, 10))
		if !utf8.ValidString(form.RepeatCustom) {
			t.Fatalf("re-shown custom rule is invalid UTF-8: %q", form.RepeatCustom)
		}
		if len(errs) > 0 || vals.Rule.IsZero() {
			return
		}
		s := vals.Series
		if err := s.Validate(); err != nil {
			t.Fatalf("accepted %q, but the series is invalid: %v", in.ruleText(), err)
		}
		if rule, _ := seriesColumns(s); rule != vals.Rule.String() {
			t.Fatalf("stored rule %q is not canonical %q", rule, vals.Rule.String())
		}
		_ = s.Between(s.Start, s.Start.AddDate(0, 2, 0), 0)
	})
}
