package views

import (
	"strconv"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// CalendarView is the calendar region: one month, week or day of events.
type CalendarView struct {
	View  string // "month", "week" or "day"
	Date  string // the date shown, YYYY-MM-DD
	Title string // "June 2025", "9 – 15 June 2025", "Monday, 9 June 2025"
	Base  string // the path the region is served at: "/" or "/calendar"
	URL   string // this view, for refreshes

	Prev, Next, Today    string    // navigation URLs; Prev and Next may be ""
	PrevLabel, NextLabel string    // "Previous month", "Next week", ...
	Views                []CalLink // the view switcher
	NewURL               string    // where "New event" goes

	Weekdays []CalWeekday // month: the column headers
	Weeks    [][]CalCell  // month: 6 rows of 7 days
	Columns  []CalColumn  // week (7) or day (1)
	Agenda   *Agenda      // agenda: the days with events
	Months   []MiniMonth  // year: the twelve months

	Empty string         // shown under the grid when the range has no events
	Clock calendar.Clock // how the hour axis reads
}

// CalLink is a navigation link; Current marks the page shown.
type CalLink struct {
	Label   string
	URL     string
	Current bool
}

// CalWeekday is a month column header.
type CalWeekday struct {
	Short string // "Mon"
	Long  string // "Monday"
}

// CalCell is one day of the month grid.
type CalCell struct {
	// Date is the day: the grid writes its number, its label for
	// assistive technology ("Monday 9 June") and its link to the day view
	// (on the region's Base).
	Date    calendar.Date
	Outside bool // not in the month shown (dimmed)
	Today   bool
	Count   int      // the day's events
	Dots    []string // colours of its first MaxChips events (phones)
	// Top holds the lanes of bars over this day: the bar that starts here
	// in its lane, or a zero Bar keeping the lane of one that started
	// earlier in the row (or of a lane below) free.
	Top   []Bar
	Chips []Chip // its other events, at most MaxChips - len(Top)
	More  int    // events neither in a shown bar nor a chip
}

// MaxChips is how many events (lanes of bars and chips) a month cell shows
// before "+N more".
const MaxChips = 3

// CalColumn is one day of the week or day view.
type CalColumn struct {
	Head  string // "Mon 9"
	Label string // "Monday 9 June"
	URL   string // the day view
	Today bool
	// AllDay holds all-day events and timed events of 24 hours or more.
	AllDay []Chip
	Timed  []Slot
}

// Chip is one event as the calendar shows it on one day.
type Chip struct {
	ID     int64 // the event, or the master of the series Occ belongs to
	Occ    string
	Title  string
	Time   string // "09:30" (starts), "–11:00" (ends), "" (all day or through)
	Color  string // a palette name, see ChipColor
	AllDay bool
	// ReadOnly marks an event the viewer may not change (not draggable).
	ReadOnly bool
}

// URL is the event's (or the occurrence's) details page.
func (c Chip) URL() string { return paths.Event(c.ID, "", c.Occ) }

// Slot is a timed event placed in a day column: Top and Height in minutes
// from local midnight, Col of Cols side-by-side columns.
type Slot struct {
	Chip
	Top, Height int
	Col, Cols   int
}

// Quarter-hour grid of a day column and the overlap columns it supports.
const (
	slotRows    = 96
	slotMinutes = 15
	maxSlotCols = 6
)

// appendPos appends the slot's position classes: t<first quarter-hour
// row>, h<quarter-hours spanned> and, when it shares the time,
// k<col>-<cols>.
func (s Slot) appendPos(b []byte) []byte {
	top := min(max(s.Top/slotMinutes, 0), slotRows-1)
	end := (s.Top + s.Height + slotMinutes - 1) / slotMinutes
	span := min(max(end-top, 1), slotRows-top)
	b = append(b, 't')
	b = strconv.AppendInt(b, int64(top), 10)
	b = append(b, " h"...)
	b = strconv.AppendInt(b, int64(span), 10)
	col, cols := s.Col, s.Cols
	if cols > maxSlotCols {
		col, cols = col*maxSlotCols/cols, maxSlotCols
	}
	if cols > 1 {
		b = append(b, " k"...)
		b = strconv.AppendInt(b, int64(col), 10)
		b = append(b, '-')
		b = strconv.AppendInt(b, int64(cols), 10)
	}
	return b
}

// Upcoming is the dashboard's list of the next days' events.
type Upcoming struct {
	Days   int // how far ahead the list looks
	Events []ListedEvent
}

// DayList is one day's events as a list (GET /events?date=).
type DayList struct {
	Date        string // YYYY-MM-DD
	Title       string // "Monday, 9 June 2025"
	URL         string // this list, for refreshes
	Prev, Next  string // the neighbouring days' lists ("" at the ends of the calendar)
	Today       string // today's list
	CalendarURL string // the day in the calendar
	NewURL      string // a new event on this day
	Events      []ListedEvent
}

// ListedEvent is an event in a list.
type ListedEvent struct {
	ID       int64  // the event, or the master of the series Occ belongs to
	Occ      string // an occurrence's recurrence id, as in ?occ=
	Title    string
	Location string
	Color    string // a palette name
	When     string // "Mon 9 Jun, 09:30–10:30", "All day", "Until 02:00"
	Datetime string // machine-readable start for <time datetime>
}

// URL is the event's (or the occurrence's) details page.
func (e ListedEvent) URL() string { return paths.Event(e.ID, "", e.Occ) }
