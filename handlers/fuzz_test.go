package handlers

import (
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
)

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
		in := events.Input{Title: title, Description: desc, Location: location, Start: start, End: end, AllDay: allDay, Color: color}
		for _, loc := range []*time.Location{time.UTC, berlin} {
			vals, errs := in.Validate(loc)
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
			if vals.Title == "" || vals.Title != strings.TrimSpace(vals.Title) || utf8.RuneCountInString(vals.Title) > events.MaxTitleRunes {
				t.Fatalf("accepted title %q", vals.Title)
			}
			if utf8.RuneCountInString(vals.Description) > events.MaxDescriptionRunes || utf8.RuneCountInString(vals.Location) > events.MaxLocationRunes {
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
			if _, ok := palette.Name(vals.Color); !ok && vals.Color != "" { // "": the calendar's
				t.Fatalf("accepted colour %q", vals.Color)
			}
			if vals.End.Before(vals.Start) {
				t.Fatalf("accepted end %v before start %v", vals.End, vals.Start)
			}
			if y := vals.Start.In(loc).Year(); y < events.MinEventYear || y > events.MaxEventYear {
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
