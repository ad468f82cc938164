package quickadd

import (
	"errors"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
)

// FuzzParse: no panic; a Result is valid (end not before start, a rule
// recur accepts in canonical form, a title, all-day bounds at midnight);
// an error is an *Error with a message.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"Lunch with Ann tomorrow 13:00", "Dentist fri 9:30-10:15 at Main St 5", "Holiday Dec 24-26",
		"Standup every weekday 9:15", "Rent every month Jan 31", "x 24/12/26 1-2pm", "at", "@ 5",
		"every other mon and wed until Feb 28", "Owls tomorrow 2:30", "tonight 11-1", "in 9999 hours",
		"Feb 29 every year", "x 2026-12-24 - 2027-01-02 22:00-1:00 for 3 days", "every last sun 10 times",
		"a 9.30", "b 31.12.", "c 12/24", "d 1:30 p.m. to 2 a.m.", "e the 31st",
	} {
		f.Add(s, int64(0), uint8(1), false)
	}
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		f.Fatal(err)
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		f.Fatal(err)
	}
	base := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string, shift int64, ws uint8, useNY bool) {
		loc := berlin
		if useNY {
			loc = ny
		}
		// Any minute within about ten years around the base.
		now := base.Add(time.Duration(shift%(10*366*24*60)) * time.Minute)
		r, err := Parse(text, now, loc, time.Weekday(ws%7))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("%q: error %v is not an *Error with a message", text, err)
			}
			return
		}
		checkValid(t, text, r, loc)
		if !utf8.ValidString(r.Title) || !utf8.ValidString(r.Location) {
			t.Fatalf("%q: invalid UTF-8 in %q / %q", text, r.Title, r.Location)
		}
		for _, p := range r.Parts {
			if p.Pos < 0 || p.End > len(text) || p.Pos >= p.End {
				t.Fatalf("%q: part %+v out of the text", text, p)
			}
		}
		_ = r.Summary(calendar.Clock(ws % 2))
	})
}

// TestGrammarSoup parses many sentences made of the grammar's own words,
// where odd combinations are likeliest, and checks them like FuzzParse.
func TestGrammarSoup(t *testing.T) {
	words := []string{
		"Lunch", "at", "@", "Main St 5", "tomorrow", "tonight", "today", "fri", "next", "sun", "week",
		"every", "other", "weekday", "mon", "and", "wed", "mondays", "daily", "monthly", "yearly", "last",
		"2nd", "of the month", "Dec 24", "24", "-", "26", "Jan 31", "Feb 29", "29/2", "2028-02-29", "30th",
		"13:00", "1pm", "9:30", "1", "2pm", "noon", "to", "until", "from", "for", "2 hours", "3 days",
		"10 times", "in", "a", "week", "12am", "11", "23:59", "0:00", ",",
	}
	berlin := mustLoad(t, "Europe/Berlin")
	days := []time.Time{
		time.Date(2026, 12, 31, 23, 30, 0, 0, berlin), time.Date(2026, 3, 28, 23, 0, 0, 0, berlin),
		time.Date(2026, 10, 24, 12, 0, 0, 0, berlin), time.Date(2028, 2, 29, 8, 0, 0, 0, berlin),
	}
	seed := uint64(1)
	next := func(n int) int { // a small LCG: the same soup every run
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % n
	}
	for k := 0; k < 20000; k++ {
		text := ""
		for n := 1 + next(7); n > 0; n-- {
			text += words[next(len(words))] + " "
		}
		now := days[k%len(days)]
		r, err := Parse(text, now, berlin, time.Weekday(k%7))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg == "" {
				t.Fatalf("%q: %v", text, err)
			}
			continue
		}
		checkValid(t, text, r, berlin)
	}
}
