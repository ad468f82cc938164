package views

import (
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// MiniMonth is one month of the year view.
type MiniMonth struct {
	Name     string // "January"
	URL      string // the month view
	Weekdays []CalWeekday
	Weeks    [][]YearDay // the weeks holding the month's days
}

// YearDay is one day of a mini month; Day is 0 for the blanks before the
// 1st and after the last day.
type YearDay struct {
	Day   int
	URL   string // the day view
	Count int    // its events
	Today bool
}

// Class marks a day with events, and a busy one (four or more) more.
func (d YearDay) Class() string {
	switch {
	case d.Count >= 4:
		return "e f"
	case d.Count > 0:
		return "e"
	}
	return ""
}

// Note is the day's count for assistive technology: ", 3 events".
func (d YearDay) Note() string {
	if d.Count == 0 {
		return ""
	}
	return ", " + eventCount(d.Count)
}

// yearMonths lays out the twelve months of s.Date's year, each day with
// its count of events, in weeks starting on s.WeekStart as the month grid
// does; hasEvents reports whether any day has events.
func yearMonths(s CalendarSpec) (months []MiniMonth, hasEvents bool) {
	for m := time.January; m <= time.December; m++ {
		first := calendar.MakeDate(s.Date.Y, m, 1)
		days := calendar.MonthGrid(first, s.WeekStart).Days()
		mm := MiniMonth{Name: m.String(), URL: paths.Calendar(s.Base, calendar.Month, first), Weekdays: weekdayHeads(days[:7], 1)}
		for w := 0; w+7 <= len(days) && !days[w].After(first.AddMonths(1).AddDays(-1)); w += 7 {
			row := make([]YearDay, 7)
			for i, day := range days[w : w+7] {
				if day.M != m {
					continue
				}
				n := len(s.Days[day])
				row[i] = YearDay{Day: day.D, URL: paths.Calendar(s.Base, calendar.Day, day), Count: n, Today: day == s.Today}
				hasEvents = hasEvents || n > 0
			}
			mm.Weeks = append(mm.Weeks, row)
		}
		months = append(months, mm)
	}
	return months, hasEvents
}
