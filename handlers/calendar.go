package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// calendarPage is GET /calendar?view=month|week|day|agenda|year&date=YYYY-MM-DD
// (and for the agenda &days=N).
func (h *Handler) calendarPage(c *fiber.Ctx) error {
	v := viewerOf(c)
	at, err := h.calendarQuery(c, v)
	if err != nil {
		return err
	}
	if done, err := h.agendaPart(c, v, "calendar", "/calendar", at.view, at.date); done {
		return err
	}
	covers := daysCovers(at.days(v.WeekStart), false)
	return h.cached(c, "calendar|"+at.name(), covers, func() (built, error) {
		cv, err := h.calendarView(c.UserContext(), v, "/calendar", at)
		return built{page: page{Title: cv.Title, Nav: "calendar", Content: views.CalendarRegion(cv)}}, err
	})
}

// calendarAt is what a calendar address shows: view at date and, for the
// agenda, how many days (?days=, 0 for one page: a page with the pages
// added to it with Earlier and Later, when it follows changes).
type calendarAt struct {
	view       calendar.View
	date       calendar.Date
	agendaDays int
}

// days are the days at shows to a viewer whose weeks start on weekStart.
func (at calendarAt) days(weekStart time.Weekday) calendar.Range {
	if at.view == calendar.Agenda {
		return calendar.AgendaRange(at.date, at.agendaDays)
	}
	return calendar.ViewRange(at.view, at.date, weekStart)
}

// name is at in a cached page's name: "month|2025-06-10", or
// "agenda|2025-06-10|60" for an agenda of more than one page.
func (at calendarAt) name() string {
	n := string(at.view) + "|" + at.date.String()
	if at.agendaDays > 0 {
		n += "|" + strconv.Itoa(at.agendaDays)
	}
	return n
}

// calendarQuery reads the view (default month), date (default today in
// v's zone) and, for the agenda, days of a calendar URL; bad values are a
// 400.
func (h *Handler) calendarQuery(c *fiber.Ctx, v *Viewer) (calendarAt, error) {
	view, err := calendar.ParseView(c.Query("view"))
	if err != nil {
		return calendarAt{}, badRequest("The calendar view must be month, week, day, agenda or year.")
	}
	d, err := h.queryDate(c, v)
	if err != nil {
		return calendarAt{}, err
	}
	at := calendarAt{view: view, date: d}
	if s := c.Query("days"); s != "" && view == calendar.Agenda {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > calendar.MaxAgendaDays || !calendar.Navigable(d.AddDays(n-1)) {
			return calendarAt{}, badAgendaDays()
		}
		if n != calendar.AgendaDays {
			at.agendaDays = n
		}
	}
	return at, nil
}

// queryDate reads ?date=YYYY-MM-DD, defaulting to today in v's zone.
func (h *Handler) queryDate(c *fiber.Ctx, v *Viewer) (calendar.Date, error) {
	s := c.Query("date")
	if s == "" {
		return calendar.Today(h.now(), v.Loc), nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil || !calendar.Navigable(d) {
		return calendar.Date{}, badRequest("The date must be a real date written as YYYY-MM-DD, for example 2025-06-01.")
	}
	return d, nil
}

// calendarView loads the events of at (through the cache) and builds the
// calendar region's model; base is the path its links stay on.
func (h *Handler) calendarView(ctx context.Context, v *Viewer, base string, at calendarAt) (views.CalendarView, error) {
	spec, err := h.calendarSpec(ctx, v, base, at)
	if err != nil {
		return views.CalendarView{}, err
	}
	return views.NewCalendarView(spec), nil
}

// calendarSpec loads the events of every day of at through the by-date
// cache (one MGET, and one range query for the days it misses).
func (h *Handler) calendarSpec(ctx context.Context, v *Viewer, base string, at calendarAt) (views.CalendarSpec, error) {
	byDay, err := h.events.Days(ctx, owner(v), at.days(v.WeekStart).Days())
	if err != nil {
		return views.CalendarSpec{}, err
	}
	return h.calendarSpecOf(ctx, v, base, at, byDay)
}

// calendarSpecOf is the calendar's model of at from the events of its
// days.
func (h *Handler) calendarSpecOf(ctx context.Context, v *Viewer, base string, at calendarAt, byDay map[calendar.Date][]db.Event) (views.CalendarSpec, error) {
	ro, err := h.readOnlyCalendars(ctx, v.ID, byDay)
	if err != nil {
		return views.CalendarSpec{}, err
	}
	view := at.view
	spec := views.CalendarSpec{
		Base: base, View: view, Date: at.date, Today: calendar.Today(h.now(), v.Loc), AgendaDays: at.agendaDays,
		WeekStart: v.WeekStart, Clock: v.Clock, Loc: v.Loc, Days: make(map[calendar.Date][]views.Event, len(byDay)),
	}
	if view == calendar.Month {
		// The days' shown events share one array, counted first.
		n := 0
		for _, evs := range byDay {
			views.MonthShows(len(evs), dbEventAt(evs), func(int) { n++ })
		}
		all := make([]views.Event, 0, n)
		spec.Counts = make(map[calendar.Date]int, len(byDay))
		for day, evs := range byDay {
			from := len(all)
			all = monthEvents(all, evs, ro)
			spec.Days[day], spec.Counts[day] = all[from:len(all):len(all)], len(evs)
		}
		return spec, nil
	}
	for day, evs := range byDay {
		spec.Days[day] = viewEvents(evs)
		markReadOnly(spec.Days[day], evs, ro)
	}
	return spec, nil
}

// monthEvents appends to all what a month cell can show of a day's events
// (see views.MonthShows), as the views have them: a day of a hundred
// events costs the few its cell shows and the bars.
func monthEvents(all []views.Event, evs []db.Event, ro map[int64]bool) []views.Event {
	views.MonthShows(len(evs), dbEventAt(evs), func(i int) {
		all = append(all, viewEvent(&evs[i]))
		all[len(all)-1].ReadOnly = ro[evs[i].CalendarID]
	})
	return all
}

// dbEventAt is views.MonthShows's view of evs.
func dbEventAt(evs []db.Event) func(i int) (allDay bool, start, end time.Time) {
	return func(i int) (bool, time.Time, time.Time) { return evs[i].AllDay, evs[i].StartsAt, evs[i].EndsAt }
}
