package calendar

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// View is a calendar view.
type View string

// The calendar views.
const (
	Month  View = "month"
	Week   View = "week"
	Day    View = "day"
	Agenda View = "agenda"
	Year   View = "year"
)

// AgendaDays is how many days one page of the agenda covers.
const AgendaDays = 30

// MaxAgendaDays is the most days one agenda address shows: its first page
// and the pages added to it with Earlier and Later (?days=).
const MaxAgendaDays = 366

// AgendaRange is the n days of an agenda from d; n < 1 is one page
// (AgendaDays).
func AgendaRange(d Date, n int) Range {
	if n < 1 {
		n = AgendaDays
	}
	return Range{d, d.AddDays(n)}
}

// ErrInvalidView is wrapped by the errors of ParseView.
var ErrInvalidView = errors.New("calendar: invalid view")

// ParseView parses "month", "week", "day", "agenda" or "year"
// (case-insensitive, surrounding space ignored). The empty string means Month.
func ParseView(s string) (View, error) {
	switch v := View(strings.ToLower(strings.TrimSpace(s))); v {
	case "":
		return Month, nil
	case Month, Week, Day, Agenda, Year:
		return v, nil
	}
	return "", fmt.Errorf("%w %q (want month, week, day, agenda or year)", ErrInvalidView, clip(s))
}

// Valid reports whether v is one of the views.
func (v View) Valid() bool {
	switch v {
	case Month, Week, Day, Agenda, Year:
		return true
	}
	return false
}

// String returns the view name.
func (v View) String() string { return string(v) }

// ViewRange returns the dates shown by view v around d: the 6-week month
// grid, the week, the single day, AgendaDays days from d, or d's year.
// Unknown views are treated as Month.
func ViewRange(v View, d Date, weekStart time.Weekday) Range {
	switch v {
	case Week:
		return WeekRange(d, weekStart)
	case Day:
		return DayRange(d)
	case Agenda:
		return AgendaRange(d, AgendaDays)
	case Year:
		return YearRange(d)
	}
	return MonthGrid(d, weekStart)
}

// Prev returns the date one step back in view v: a month (clamped to the
// month end), 7 days, 1 day, AgendaDays days or a year. Unknown views step
// by month.
func Prev(v View, d Date) Date { return step(v, d, -1) }

// Next returns the date one step forward in view v; see Prev.
func Next(v View, d Date) Date { return step(v, d, 1) }

func step(v View, d Date, dir int) Date {
	switch v {
	case Week:
		return d.AddDays(7 * dir)
	case Day:
		return d.AddDays(dir)
	case Agenda:
		return d.AddDays(AgendaDays * dir)
	case Year:
		return d.AddMonths(12 * dir)
	}
	return d.AddMonths(dir)
}

// Title returns the English heading for view v at d, e.g. "June 2025",
// "9 – 15 June 2025", "30 June – 6 July 2025",
// "29 December 2025 – 4 January 2026", "Monday, 9 June 2025" or "2025";
// an agenda page is titled by its range as a week is. Unknown views are
// titled as Month.
func Title(v View, d Date, weekStart time.Weekday) string {
	switch v {
	case Week, Agenda:
		return RangeTitle(ViewRange(v, d, weekStart))
	case Day:
		return d.Weekday().String() + ", " + dayMonthYear(d)
	case Year:
		return strconv.Itoa(d.Y)
	}
	return d.M.String() + " " + strconv.Itoa(d.Y)
}

// RangeTitle names the days of r: "9 – 15 June 2025",
// "30 June – 6 July 2025" or "29 December 2025 – 4 January 2026".
func RangeTitle(r Range) string {
	a, b := r.From, r.Last()
	switch {
	case a.Y != b.Y:
		return dayMonthYear(a) + " – " + dayMonthYear(b)
	case a.M != b.M:
		return strconv.Itoa(a.D) + " " + a.M.String() + " – " + dayMonthYear(b)
	}
	return strconv.Itoa(a.D) + " – " + dayMonthYear(b)
}

func dayMonthYear(d Date) string {
	return strconv.Itoa(d.D) + " " + d.M.String() + " " + strconv.Itoa(d.Y)
}

// The years the calendar navigates: a year inside 2..9998 keeps every date
// a view shows (and its neighbours) within what ParseDate accepts.
const (
	navMinYear = 2
	navMaxYear = 9998
)

// Navigable reports whether d is a date the calendar navigates to.
func Navigable(d Date) bool { return d.Y >= navMinYear && d.Y <= navMaxYear }
