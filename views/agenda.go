package views

import (
	"strconv"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// The parts of the agenda that htmx appends to the list on the page.
const (
	AgendaEarlier = "earlier"
	AgendaLater   = "later"
)

// Agenda is one page of the agenda: the days with events among the
// calendar.AgendaDays days from a date, and the links to the pages before
// and after it.
type Agenda struct {
	Days    []AgendaDay
	Empty   string // said when no day has events
	Earlier AgendaMore
	Later   AgendaMore
	Part    string // "", or AgendaEarlier / AgendaLater: the page added to a list
	// Live is the address of every day on screen (the page, and the pages
	// added to it), which the agenda reloads when events change.
	Live string
}

// AgendaMore loads the page before or after: URL as a plain link, Part
// (the same page as a part of the list) with htmx. Both are "" at the
// ends of the calendar.
type AgendaMore struct {
	URL, Part string
}

// AgendaDay is a day of the agenda and its events.
type AgendaDay struct {
	Title  string // "Tuesday, 10 June 2025"
	URL    string // the day view
	Today  bool
	Events []ListedEvent
}

// NewAgenda is the agenda of s.AgendaDays days from s.Date (one page
// when 0), or with part (see Agenda.Part) the page of s.Date added to a
// list that then holds the days of s.AgendaOnScreen. Its links to the
// pages before and after carry what will then be on screen.
func NewAgenda(s CalendarSpec, part string) *Agenda {
	r := calendar.AgendaRange(s.Date, s.AgendaDays)
	screen := r
	if part != "" {
		r = calendar.AgendaRange(s.Date, 0)
		screen = s.AgendaOnScreen
	}
	a := &Agenda{Part: part, Live: paths.Calendar(s.Base, calendar.Agenda, screen.From)}
	if n := screen.Len(); n != calendar.AgendaDays {
		a.Live += "&days=" + strconv.Itoa(n)
	}
	if a.Earlier = agendaLink(s.Base, calendar.Prev(calendar.Agenda, screen.From), AgendaEarlier); a.Earlier.Part != "" {
		a.Earlier.Part += "&days=" + strconv.Itoa(screen.Len()+calendar.AgendaDays)
	}
	if a.Later = agendaLink(s.Base, screen.To, AgendaLater); a.Later.Part != "" {
		a.Later.Part += "&from=" + screen.From.String()
	}
	for _, day := range r.Days() {
		evs := s.Days[day]
		if len(evs) == 0 {
			continue
		}
		ad := AgendaDay{
			Title: calendar.Title(calendar.Day, day, s.WeekStart),
			URL:   paths.Calendar(s.Base, calendar.Day, day),
			Today: day == s.Today,
		}
		for _, e := range evs {
			ad.Events = append(ad.Events, Listed(e, s.Loc, s.Clock, &day))
		}
		a.Days = append(a.Days, ad)
	}
	if len(a.Days) == 0 {
		a.Empty = "No events from " + dayMonth(r.From) + " to " + dayMonth(r.Last()) + "."
	}
	return a
}

// agendaLink links to the agenda page of d, or nowhere past the ends of
// the calendar.
func agendaLink(base string, d calendar.Date, part string) AgendaMore {
	u := navURL(base, calendar.Agenda, d)
	if u == "" {
		return AgendaMore{}
	}
	return AgendaMore{URL: u, Part: u + "&part=" + part}
}
