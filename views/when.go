package views

import (
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// How events' times read, in the viewer's zone and on the viewer's clock
// (calendar.Clock: "13:00" or "1:00 PM"). Every time label of a page goes
// through these and calendar.Clock.

// WhenText formats an event's time in loc on clock: "Mon 9 Jun 2025,
// 09:00–10:00", "Mon 9 Jun 2025, 22:00 – Tue 10 Jun 2025, 02:00", or for an
// all-day event "Mon 9 – Wed 11 Jun 2025 (all day)".
func WhenText(start, end time.Time, allDay bool, loc *time.Location, clock calendar.Clock) string {
	first, last := calendar.SpanDates(start, end, allDay, loc)
	if allDay {
		return DayRange(first, last) + " (all day)"
	}
	s, e := start.In(loc), end.In(loc)
	switch {
	case !end.After(start):
		return LongDate(first) + ", " + clock.Time(s)
	case first == last:
		return LongDate(first) + ", " + clock.Span(s, e)
	}
	return LongDate(first) + ", " + clock.Time(s) + " – " + LongDate(calendar.DateOf(end, loc)) + ", " + clock.Time(e)
}

// LongDate formats d as "Mon 9 Jun 2025".
func LongDate(d calendar.Date) string {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
}

// DayRange formats first to last (inclusive), sharing the month and
// year where they agree: "Mon 9 – Wed 11 Jun 2025".
func DayRange(first, last calendar.Date) string {
	if first == last {
		return LongDate(first)
	}
	l := LongDate(last)
	f := strings.Fields(LongDate(first)) // weekday, day, month, year
	switch {
	case first.Y == last.Y && first.M == last.M:
		return f[0] + " " + f[1] + " – " + l
	case first.Y == last.Y:
		return f[0] + " " + f[1] + " " + f[2] + " – " + l
	}
	return LongDate(first) + " – " + l
}

// DayWhen is an event's time on one day of the day list.
func DayWhen(allDay bool, s, en time.Time, first, last, day calendar.Date, clock calendar.Clock) string {
	var b [32]byte
	return string(appendDayWhen(b[:0], allDay, s, en, first, last, day, clock))
}

// appendDayWhen appends DayWhen to b.
func appendDayWhen(b []byte, allDay bool, s, en time.Time, first, last, day calendar.Date, clock calendar.Clock) []byte {
	switch {
	case allDay:
	case first == day && last == day:
		return clock.AppendSpan(b, s, en)
	case first == day:
		return clock.AppendTime(append(b, "From "...), s)
	case last == day:
		return clock.AppendTime(append(b, "Until "...), en)
	}
	return append(b, "All day"...)
}

// ShortDate formats d as "Mon 9 Jun".
func ShortDate(d calendar.Date) string {
	var b [16]byte
	return string(appendShortDate(b[:0], d))
}

// appendShortDate appends ShortDate(d) to b.
func appendShortDate(b []byte, d calendar.Date) []byte {
	b = append(b, d.Weekday().String()[:3]...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d.D), 10)
	b = append(b, ' ')
	return append(b, d.M.String()[:3]...)
}
