package quickadd

import (
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// Summary says in a line what the event will be, for the preview:
//
//	Fri 4 Dec 09:30–10:15 · at Main St 5
//	Thu 24 Dec – Sat 26 Dec, all day
//	Wed 2 Dec 09:15–10:15 · Every weekday
//
// The year is shown when it is not the current one; clock12 writes times
// as 9:30am.
func (r Result) Summary(clock calendar.Clock) string {
	if r.Start.IsZero() {
		return ""
	}
	loc := r.loc
	if loc == nil {
		loc = time.UTC
	}
	parts := []string{r.when(loc, clock)}
	if r.Rule != "" {
		if rule, err := recur.Parse(r.Rule); err == nil {
			parts = append(parts, recur.Describe(rule, r.Start, loc))
		}
	}
	if r.Location != "" {
		parts = append(parts, "at "+r.Location)
	}
	return strings.Join(parts, " · ")
}

// when writes the days and times of the event.
func (r Result) when(loc *time.Location, clock calendar.Clock) string {
	first, last := calendar.SpanDates(r.Start, r.End, r.AllDay, loc)
	if r.AllDay {
		if first == last {
			return r.day(first) + ", all day"
		}
		return r.day(first) + " – " + r.day(last) + ", all day"
	}
	start, end := r.Start.In(loc), r.End.In(loc)
	endDay := calendar.DateOf(r.End, loc)
	if endDay == first || r.End.Equal(r.Start) {
		return r.day(first) + " " + clock.Span(start, end)
	}
	return r.day(first) + " " + clock.Time(start) + " – " + r.day(endDay) + " " + clock.Time(end)
}

// day writes "Fri 4 Dec", with the year when it is not the current one.
func (r Result) day(d calendar.Date) string {
	s := d.Weekday().String()[:3] + " " + itoa(d.D) + " " + d.M.String()[:3]
	if d.Y != r.year {
		s += " " + itoa(d.Y)
	}
	return s
}
