package views

import (
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
)

// Event is an event (or one occurrence of a series, Occ set) as the
// calendar, the day list and the upcoming list lay it out.
type Event struct {
	ID          int64
	Occ         string
	Title       string
	Location    string
	Description string
	Color       string
	ReadOnly    bool // in a calendar the viewer may only look at
	Start       time.Time
	End         time.Time
	AllDay      bool
}

// CalendarSpec is what a calendar region shows: view at Date, with the
// events of every day of calendar.ViewRange in Days, in Loc, times read on
// Clock; links stay
// on Base ("/" or "/calendar").
type CalendarSpec struct {
	Base      string
	View      calendar.View
	Date      calendar.Date
	Today     calendar.Date
	WeekStart time.Weekday
	Clock     calendar.Clock
	Loc       *time.Location
	Days      map[calendar.Date][]Event
	// Counts, when set, is the number of events of each day for a month
	// whose Days hold only what its cells show (see MonthShows).
	Counts map[calendar.Date]int
	// AgendaDays is how many days an agenda shows from Date (0: one page):
	// its first page and those added with Earlier and Later.
	AgendaDays int
	// AgendaOnScreen, for a page of the agenda added to the list on
	// screen, is the days the list then holds.
	AgendaOnScreen calendar.Range
}

// NewCalendarView is the calendar region's model.
func NewCalendarView(s CalendarSpec) CalendarView {
	view, d, base, ws := s.View, s.Date, s.Base, s.WeekStart
	days := calendar.ViewRange(view, d, ws).Days()
	byDay, today := s.Days, s.Today
	unit := string(view)
	cv := CalendarView{
		View:      unit,
		Date:      d.String(),
		Title:     calendar.Title(view, d, ws),
		Base:      base,
		URL:       paths.Calendar(base, view, d),
		Prev:      navURL(base, view, calendar.Prev(view, d)),
		Next:      navURL(base, view, calendar.Next(view, d)),
		Today:     paths.Calendar(base, view, calendar.Date{}),
		PrevLabel: "Previous " + unit,
		NextLabel: "Next " + unit,
		NewURL:    "/events/new",
		Clock:     s.Clock,
	}
	for _, vw := range []calendar.View{calendar.Month, calendar.Week, calendar.Day, calendar.Agenda, calendar.Year} {
		cv.Views = append(cv.Views, CalLink{Label: viewLabel(vw), URL: paths.Calendar(base, vw, d), Current: vw == view})
	}
	if view == calendar.Day {
		cv.NewURL += "?date=" + d.String()
	}
	if view == calendar.Agenda && s.AgendaDays > 0 && s.AgendaDays != calendar.AgendaDays {
		r := calendar.AgendaRange(d, s.AgendaDays)
		cv.Title = calendar.RangeTitle(r)
		cv.Next = navURL(base, view, r.To)
	}

	var hasEvents bool
	switch view {
	case calendar.Month:
		cv.Weekdays = weekdayHeads(days[:7], 3)
		cv.Weeks, hasEvents = monthWeeks(byDay, s.Counts, days, d.M, today, s.Loc, s.Clock)
	case calendar.Agenda:
		cv.PrevLabel, cv.NextLabel = "Earlier 30 days", "Later 30 days"
		cv.Agenda = NewAgenda(s, "")
		hasEvents = len(cv.Agenda.Days) > 0
	case calendar.Year:
		cv.Months, hasEvents = yearMonths(s)
	default:
		for _, day := range days {
			col := dayColumn(byDay[day], day, s.Loc, s.Clock)
			col.URL = paths.Calendar(base, calendar.Day, day)
			col.Today = day == today
			hasEvents = hasEvents || len(byDay[day]) > 0
			cv.Columns = append(cv.Columns, col)
		}
	}
	if !hasEvents {
		switch view {
		case calendar.Day:
			cv.Empty = "No events on this day."
		case calendar.Agenda: // the agenda says it in its list
		default:
			cv.Empty = "No events this " + unit + "."
		}
	}
	return cv
}

// weekdayHeads are the column headers of a month grid whose first row is
// week, with short names of n letters ("Mon", "M").
func weekdayHeads(week []calendar.Date, n int) []CalWeekday {
	out := make([]CalWeekday, len(week))
	for i, day := range week {
		wd := day.Weekday().String()
		out[i] = CalWeekday{Short: wd[:n], Long: wd}
	}
	return out
}

// navURL is paths.Calendar, or "" when d is outside the navigable years.
func navURL(base string, view calendar.View, d calendar.Date) string {
	if !calendar.Navigable(d) {
		return ""
	}
	return paths.Calendar(base, view, d)
}

// dayColumn is one day of the week or day view: all-day events (and timed
// ones of a day or more) in the all-day row, the others placed by
// calendar.LayoutDay.
func dayColumn(evs []Event, day calendar.Date, loc *time.Location, clock calendar.Clock) CalColumn {
	col := CalColumn{
		Head:  day.Weekday().String()[:3] + " " + strconv.Itoa(day.D),
		Label: dayLabel(day),
	}
	var timed []Event
	var items []calendar.Interval
	for _, e := range evs {
		if e.AllDay || e.End.Sub(e.Start) >= 24*time.Hour {
			col.AllDay = append(col.AllDay, ChipOn(e, day, loc, clock))
			continue
		}
		timed = append(timed, e)
		items = append(items, calendar.Interval{Start: e.Start, End: e.End})
	}
	for _, p := range calendar.LayoutDay(items, day, loc) {
		col.Timed = append(col.Timed, Slot{
			Chip: ChipOn(timed[p.Index], day, loc, clock),
			Top:  p.TopMin, Height: p.HeightMin,
			Col: p.Column, Cols: p.Columns,
		})
	}
	return col
}

// dayMonth is "9 June 2025".
func dayMonth(d calendar.Date) string {
	return strconv.Itoa(d.D) + " " + d.M.String() + " " + strconv.Itoa(d.Y)
}

// dayLabel is "Monday 9 June".
func dayLabel(d calendar.Date) string {
	var b [24]byte
	return string(appendDayLabel(b[:0], d))
}

// appendDayLabel appends dayLabel(d) to b.
func appendDayLabel(b []byte, d calendar.Date) []byte {
	b = append(b, d.Weekday().String()...)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(d.D), 10)
	b = append(b, ' ')
	return append(b, d.M.String()...)
}

func viewLabel(v calendar.View) string {
	switch v {
	case calendar.Agenda:
		return "Agenda"
	case calendar.Year:
		return "Year"
	case calendar.Week:
		return "Week"
	case calendar.Day:
		return "Day"
	}
	return "Month"
}

// ChipOn is an event as day shows it in loc on clock: its start time when it starts
// that day, "–end" when it started earlier and ends that day, and no time
// when it is all-day or runs through the whole day.
func ChipOn(e Event, day calendar.Date, loc *time.Location, clock calendar.Clock) Chip {
	ch := Chip{ID: e.ID, Occ: e.Occ, Title: e.Title, Color: palette.Or(e.Color), AllDay: e.AllDay}
	ch.ReadOnly = e.ReadOnly
	if e.AllDay {
		return ch
	}
	start := e.Start.In(loc)
	if y, m, d := start.Date(); (calendar.Date{Y: y, M: m, D: d}) == day {
		ch.Time = clock.Time(start)
	} else if _, last := calendar.SpanDates(e.Start, e.End, false, loc); last == day {
		ch.Time = "–" + clock.Time(e.End.In(loc))
	}
	return ch
}

// Listed is an event as a list shows it in loc on clock. With day set (the
// day list), When is the time on that day; otherwise (upcoming) it starts
// with the date. Datetime and When share one string.
func Listed(e Event, loc *time.Location, clock calendar.Clock, day *calendar.Date) ListedEvent {
	le := ListedEvent{
		ID:       e.ID,
		Occ:      e.Occ,
		Title:    e.Title,
		Location: e.Location,
		Color:    palette.Or(e.Color),
	}
	s, en := e.Start.In(loc), e.End.In(loc)
	first, last := calendar.SpanDates(e.Start, e.End, e.AllDay, loc)
	var buf [96]byte
	b := buf[:0]
	if e.AllDay {
		b = first.Append(b)
	} else {
		b = appendRFC3339(b, s)
	}
	n := len(b)
	switch {
	case day != nil:
		b = appendDayWhen(b, e.AllDay, s, en, first, last, *day, clock)
	case e.AllDay && first == last:
		b = append(appendShortDate(b, first), ", all day"...)
	case e.AllDay:
		b = append(appendShortDate(b, first), " – "...)
		b = append(appendShortDate(b, last), ", all day"...)
	case first == last:
		b = append(appendShortDate(b, first), ", "...)
		b = clock.AppendSpan(b, s, en)
	default:
		b = append(appendShortDate(b, first), ", "...)
		b = append(clock.AppendTime(b, s), " – "...)
		b = append(appendShortDate(b, last), ", "...)
		b = clock.AppendTime(b, en)
	}
	str := string(b)
	le.Datetime, le.When = str[:n], str[n:]
	return le
}

// appendRFC3339 appends t as t.AppendFormat(b, time.RFC3339) does,
// without reading a layout (every listed event has one).
func appendRFC3339(b []byte, t time.Time) []byte {
	y, mo, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(b, time.RFC3339)
	}
	h, mi, s := t.Clock()
	b = calendar.Date{Y: y, M: mo, D: d}.Append(b)
	b = append(b, 'T', byte('0'+h/10), byte('0'+h%10), ':', byte('0'+mi/10), byte('0'+mi%10), ':', byte('0'+s/10), byte('0'+s%10))
	_, off := t.Zone()
	if off == 0 {
		return append(b, 'Z')
	}
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	off /= 60
	return append(b, sign, byte('0'+off/600), byte('0'+off/60%10), ':', byte('0'+off%60/10), byte('0'+off%10))
}
