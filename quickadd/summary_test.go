package quickadd

import (
	"slices"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

func TestSummary(t *testing.T) {
	now, loc := berlinNow(t)
	cases := []struct {
		text  string
		clock calendar.Clock
		want  string
	}{
		{"Dentist fri 9:30-10:15 at Main St 5", calendar.Clock24, "Fri 4 Dec 09:30–10:15 · at Main St 5"},
		{"Dentist fri 9:30-10:15 at Main St 5", calendar.Clock12, "Fri 4 Dec 9:30–10:15 AM · at Main St 5"},
		{"Holiday Dec 24-26", calendar.Clock24, "Thu 24 Dec – Sat 26 Dec, all day"},
		{"Review Jan 3", calendar.Clock24, "Sun 3 Jan 2027, all day"},
		{"Standup every weekday 9:15", calendar.Clock24, "Wed 2 Dec 09:15–10:15 · Every weekday"},
		{"Night shift 22:00-6:00", calendar.Clock24, "Wed 2 Dec 22:00 – Thu 3 Dec 06:00"},
		{"Rent every month Jan 31", calendar.Clock24, "Sun 31 Jan 2027, all day · Every month on the last day"},
	}
	for _, c := range cases {
		r, err := Parse(c.text, now, loc, time.Monday)
		if err != nil {
			t.Fatalf("%q: %v", c.text, err)
		}
		if got := r.Summary(c.clock); got != c.want {
			t.Errorf("%q: summary %q, want %q", c.text, got, c.want)
		}
	}
	if (Result{}).Summary(calendar.Clock24) != "" {
		t.Error("the zero Result has a summary")
	}
}

// Parts say what was understood, where it was typed.
func TestParts(t *testing.T) {
	now, loc := berlinNow(t)
	text := "Dentist fri 9:30-10:15 at Main St 5"
	r, err := Parse(text, now, loc, time.Monday)
	if err != nil {
		t.Fatal(err)
	}
	want := []Part{
		{PartDate, "fri", 8, 11},
		{PartTime, "9:30-10:15", 12, 22},
		{PartPlace, "at Main St 5", 23, 35},
	}
	if !slices.Equal(r.Parts, want) {
		t.Errorf("parts %+v, want %+v", r.Parts, want)
	}
	for _, p := range r.Parts {
		if text[p.Pos:p.End] != p.Text {
			t.Errorf("part %+v is not text[%d:%d]", p, p.Pos, p.End)
		}
	}
	r, _ = Parse("Yoga every mon 7pm 10 times", now, loc, time.Monday)
	kinds := []PartKind{}
	for _, p := range r.Parts {
		kinds = append(kinds, p.Kind)
	}
	if !slices.Equal(kinds, []PartKind{PartRepeat, PartTime, PartRepeatEnd}) {
		t.Errorf("kinds %v", kinds)
	}
}

// A later phrase of the same kind wins; the earlier one stays in the title.
func TestLaterPhraseWins(t *testing.T) {
	now, loc := berlinNow(t)
	r, err := Parse("Move Dec 24 party to Dec 27", now, loc, time.Monday)
	if err != nil {
		t.Fatal(err)
	}
	if r.Title != "Move Dec 24 party" || r.Start.In(loc).Day() != 27 {
		t.Errorf("got %q on %v", r.Title, r.Start)
	}
}

// A nil zone is UTC; a week start out of range is Monday.
func TestDefaults(t *testing.T) {
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	r, err := Parse("Party next sun 18:00", now, nil, time.Weekday(9))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Start.Format(stamp); got != "2026-12-13 18:00 UTC" {
		t.Errorf("start %s", got)
	}
}
