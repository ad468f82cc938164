package quickadd

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

func TestErrors(t *testing.T) {
	now, loc := berlinNow(t)
	cases := []struct {
		text string
		kind error
		msg  string // a part of the message
	}{
		{"", ErrEmpty, "Type what and when"},
		{"  \t ", ErrEmpty, "Type what and when"},
		{"Lunch with Ann", ErrNoDate, "no date or time in “Lunch with Ann”"},
		{"Meeting at Main St 5", ErrNoDate, "no date or time"},
		{"Walk for 2 hours", ErrNoDate, "no date or time"},
		{"Party 12/24", ErrInvalidDate, "write the day first, like 24/12"},
		{"Party 24/13", ErrInvalidDate, "no month 13"},
		{"Party Feb 30", ErrInvalidDate, "There is no 30 February"},
		{"Party 31/04/2027", ErrInvalidDate, "is not a date"},
		{"Party 2027-02-29", ErrInvalidDate, "is not a date"},
		{"Trip Dec 26-24", ErrInvalidDate, "cannot end on day 24"},
		{"Trip 26-24 Dec", ErrInvalidDate, "not a range of dates"},
		{"Trip Dec 24 2030 - Jan 2 2030", ErrInvalidDate, "before it starts"},
		{"Party Dec 24 9999", ErrInvalidDate, "year between 1000 and 9998"},
		{"Far future in 9999 years", ErrInvalidDate, "year between"},
		{"Ping every 5 hours", ErrInvalidRepeat, "more often than daily"},
		{"Ping every 5000 days", ErrInvalidRepeat, "every 1 to 1000"},
		{"Yoga every mon until Nov 1 2026", ErrInvalidRepeat, ""},
		{"Pills daily 2000 times", ErrInvalidRepeat, "1 to 1000 times"},
		{"Bad \x00 byte tomorrow", ErrInvalidText, "control characters"},
		{"Bad \xff tomorrow", ErrInvalidText, "not valid text"},
		{strings.Repeat("a", MaxLen+1), ErrTooLong, "at most 500 characters"},
	}
	for _, c := range cases {
		r, err := Parse(c.text, now, loc, time.Monday)
		wantErr(t, c.text, err, c.kind)
		var e *Error
		if errors.As(err, &e) && !strings.Contains(strings.ToLower(e.Msg), strings.ToLower(c.msg)) {
			t.Errorf("%q: message %q lacks %q", c.text, e.Msg, c.msg)
		}
		if !r.Start.IsZero() {
			t.Errorf("%q: a result with the error: %+v", c.text, r)
		}
	}
}

// Exactly MaxLen characters (not bytes) are accepted.
func TestLongInput(t *testing.T) {
	now, loc := berlinNow(t)
	text := strings.Repeat("ü", MaxLen-len(" tomorrow")) + " tomorrow"
	r, err := Parse(text, now, loc, time.Monday)
	if err != nil {
		t.Fatalf("%d characters: %v", MaxLen, err)
	}
	checkValid(t, "long", r, loc)
	_, err = Parse("x"+text, now, loc, time.Monday)
	wantErr(t, "too long", err, ErrTooLong)
	_, err = Parse(strings.Repeat("Dec 24-26 ", 1000), now, loc, time.Monday)
	wantErr(t, "very long", err, ErrTooLong)
}

// With a date but no title, the error comes with what was understood, for
// the preview.
func TestNoTitleKeepsTheResult(t *testing.T) {
	now, loc := berlinNow(t)
	r, err := Parse("tomorrow 13:00", now, loc, time.Monday)
	wantErr(t, "tomorrow 13:00", err, ErrNoTitle)
	if got := r.Start.In(loc).Format(stamp); got != "2026-12-03 13:00 CET" {
		t.Errorf("start %s", got)
	}
	if got := r.Summary(calendar.Clock24); got != "Thu 3 Dec 13:00–14:00" {
		t.Errorf("summary %q", got)
	}
}

func TestErrorText(t *testing.T) {
	err := errorf(ErrNoDate, "Found %s.", "nothing")
	if err.Error() != "quickadd: Found nothing." || !errors.Is(err, ErrNoDate) {
		t.Errorf("%v", err)
	}
	if got := clip(strings.Repeat("é", 50)); got != strings.Repeat("é", 40)+"…" {
		t.Errorf("clip: %q", got)
	}
}
