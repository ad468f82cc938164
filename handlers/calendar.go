package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// calendarPage is GET /calendar?view=month|week|day&date=YYYY-MM-DD.
func (h *Handler) calendarPage(c *fiber.Ctx) error {
	v := viewerOf(c)
	view, d, err := h.calendarQuery(c, v)
	if err != nil {
		return err
	}
	if done, err := h.agendaPart(c, v, "calendar", "/calendar", view, d); done {
		return err
	}
	covers := daysCovers(calendar.ViewRange(view, d, v.WeekStart), false)
	return h.cached(c, "calendar|"+string(view)+"|"+d.String(), covers, func() (built, error) {
		cv, err := h.calendarView(c.UserContext(), v, "/calendar", view, d)
		return built{page: page{Title: cv.Title, Nav: "calendar", Content: views.CalendarRegion(cv)}}, err
	})
}

// calendarQuery reads the view (default month) and date (default today in
// v's zone) of a calendar URL; bad values are a 400.
func (h *Handler) calendarQuery(c *fiber.Ctx, v *Viewer) (calendar.View, calendar.Date, error) {
	view, err := calendar.ParseView(c.Query("view"))
	if err != nil {
		return "", calendar.Date{}, badRequest("The calendar view must be month, week, day, agenda or year.")
	}
	d, err := h.queryDate(c, v)
	return view, d, err
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

// calendarView loads the events of view at d (through the cache) and builds
// the calendar region's model; base is the path its links stay on.
func (h *Handler) calendarView(ctx context.Context, v *Viewer, base string, view calendar.View, d calendar.Date) (views.CalendarView, error) {
	spec, err := h.calendarSpec(ctx, v, base, view, d)
	if err != nil {
		return views.CalendarView{}, err
	}
	return views.NewCalendarView(spec), nil
}

// calendarSpec loads the events of every day of view at d through the
// by-date cache (one MGET, and one range query for the days it misses).
func (h *Handler) calendarSpec(ctx context.Context, v *Viewer, base string, view calendar.View, d calendar.Date) (views.CalendarSpec, error) {
	byDay, err := h.events.Days(ctx, owner(v), calendar.ViewRange(view, d, v.WeekStart).Days())
	if err != nil {
		return views.CalendarSpec{}, err
	}
	return h.calendarSpecOf(ctx, v, base, view, d, byDay)
}

// calendarSpecOf is the calendar's model of view at d from the events of
// its days.
func (h *Handler) calendarSpecOf(ctx context.Context, v *Viewer, base string, view calendar.View, d calendar.Date, byDay map[calendar.Date][]db.Event) (views.CalendarSpec, error) {
	ro, err := h.readOnlyCalendars(ctx, v.ID, byDay)
	if err != nil {
		return views.CalendarSpec{}, err
	}
	spec := views.CalendarSpec{
		Base: base, View: view, Date: d, Today: calendar.Today(h.now(), v.Loc),
		WeekStart: v.WeekStart, Clock: v.Clock, Loc: v.Loc, Days: make(map[calendar.Date][]views.Event, len(byDay)),
	}
	if view == calendar.Month {
		spec.Counts = make(map[calendar.Date]int, len(byDay))
	}
	for day, evs := range byDay {
		if view == calendar.Month {
			spec.Days[day], spec.Counts[day] = monthEvents(evs, ro), len(evs)
			continue
		}
		spec.Days[day] = viewEvents(evs)
		markReadOnly(spec.Days[day], evs, ro)
	}
	return spec, nil
}

// monthEvents is what a month cell can show of a day's events (see
// views.MonthShows), as the views have them: a day of a hundred events
// costs the few its cell shows and the bars.
func monthEvents(evs []db.Event, ro map[int64]bool) []views.Event {
	out := make([]views.Event, 0, min(len(evs), views.MaxChips))
	views.MonthShows(len(evs), func(i int) (bool, time.Time, time.Time) {
		return evs[i].AllDay, evs[i].StartsAt, evs[i].EndsAt
	}, func(i int) {
		out = append(out, viewEvent(&evs[i]))
		out[len(out)-1].ReadOnly = ro[evs[i].CalendarID]
	})
	return out
}
