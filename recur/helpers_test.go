package recur

import (
	"testing"
	"time"

	// Embedded zone data keeps the tests independent of the machine's
	// tzdata. The package itself does not import it; the main binary does.
	_ "time/tzdata"

	"github.com/eventcal/eventcal/calendar"
)

func loadLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

func mustParse(t testing.TB, s string) Rule {
	t.Helper()
	r, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return r
}

// local parses "YYYY-MM-DD HH:MM" (or "YYYY-MM-DD") as wall-clock time in
// loc, the way the event form does.
func local(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	if len(s) > 10 {
		s = s[:10] + "T" + s[11:]
	}
	tm, err := calendar.ParseLocal(s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

// timed builds a validated timed series starting at the local time start
// and lasting d.
func timed(t testing.TB, rule string, loc *time.Location, start string, d time.Duration, ex ...time.Time) Series {
	t.Helper()
	st := local(t, loc, start)
	s, err := NewSeries(mustParse(t, rule), st, st.Add(d), false, loc, ex)
	if err != nil {
		t.Fatalf("NewSeries(%q, %s): %v", rule, start, err)
	}
	return s
}

// allDay builds a validated all-day series over the local dates
// [first, first+days).
func allDay(t testing.TB, rule string, loc *time.Location, first string, days int, ex ...time.Time) Series {
	t.Helper()
	d, err := calendar.ParseDate(first)
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewSeries(mustParse(t, rule), d.Start(loc), d.AddDays(days).Start(loc), true, loc, ex)
	if err != nil {
		t.Fatalf("NewSeries(%q, %s, all day): %v", rule, first, err)
	}
	return s
}

const layout = "2006-01-02 15:04 MST"

func starts(os []Occurrence, loc *time.Location) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Start.In(loc).Format(layout)
	}
	return out
}

func dates(os []Occurrence, loc *time.Location) []string {
	out := make([]string, len(os))
	for i, o := range os {
		out[i] = o.Start.In(loc).Format("2006-01-02")
	}
	return out
}

// all expands s over a wide window (up to 5000 occurrences).
func all(s Series, to time.Time) []Occurrence {
	return s.Between(s.Start.Add(-time.Hour), to, 5000)
}
