package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// dashboard is the signed-in home page (GET /, optionally with the
// calendar's view and date): the calendar and the upcoming list, read
// together through the cache. An htmx request gets the calendar region,
// so the dashboard's calendar navigation stays on this page.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	v := viewerOf(c)
	at, err := h.calendarQuery(c, v)
	if err != nil {
		return err
	}
	if done, err := h.agendaPart(c, v, "dashboard", "/", at.view, at.date); done {
		return err
	}
	frag := isFragment(c)
	covers := daysCovers(at.days(v.WeekStart), !frag)
	return h.cached(c, "dashboard|"+at.name(), covers, func() (built, error) {
		if frag {
			cv, err := h.calendarView(c.UserContext(), v, "/", at)
			return built{page: page{Fragment: views.CalendarRegion(cv)}}, err
		}
		return h.dashboardPage(c.UserContext(), v, at)
	})
}

// dashboardPage is the whole dashboard: the calendar and the upcoming
// list, read together (one cache read, and one round trip to Postgres for
// what it misses).
func (h *Handler) dashboardPage(ctx context.Context, v *Viewer, at calendarAt) (built, error) {
	evs, byDay, err := h.events.UpcomingAndDays(ctx, owner(v), at.days(v.WeekStart).Days())
	if err != nil {
		return built{}, err
	}
	spec, err := h.calendarSpecOf(ctx, v, "/", at, byDay)
	if err != nil {
		return built{}, err
	}
	cv := views.NewCalendarView(spec)
	up, until := h.upcomingOf(v, evs)
	return built{page: page{
		Title:    "Calendar",
		Nav:      "calendar",
		Content:  views.Dashboard(cv, up),
		Fragment: views.CalendarRegion(cv),
	}, until: until}, nil
}

// upcoming is GET /upcoming: the upcoming list (the dashboard's, reloaded
// by htmx when events change; a page of its own without JavaScript).
func (h *Handler) upcoming(c *fiber.Ctx) error {
	covers := cache.Covers{Upcoming: 1, Names: func() []string { return []string{"upcoming events"} }}
	return h.cached(c, "upcoming", covers, func() (built, error) {
		up, until, err := h.upcomingView(c.UserContext(), viewerOf(c))
		return built{page: page{Title: "Upcoming", Nav: "calendar", Content: views.UpcomingList(up)}, until: until}, err
	})
}

// upcomingView is the upcoming list's model in v's zone, and when it
// changes by the clock alone (the first listed event's end).
func (h *Handler) upcomingView(ctx context.Context, v *Viewer) (views.Upcoming, time.Time, error) {
	evs, err := h.events.Upcoming(ctx, v.ID)
	if err != nil {
		return views.Upcoming{}, time.Time{}, err
	}
	up, until := h.upcomingOf(v, evs)
	return up, until, nil
}

// upcomingOf is the upcoming list's model of evs in v's zone, and when it
// changes by the clock alone (the first listed event's end).
func (h *Handler) upcomingOf(v *Viewer, evs []db.Event) (views.Upcoming, time.Time) {
	up := views.Upcoming{Days: events.UpcomingDays, Events: make([]views.ListedEvent, 0, len(evs))}
	for _, e := range viewEvents(evs) {
		up.Events = append(up.Events, views.Listed(e, v.Loc, v.Clock, nil))
	}
	until := earliestEnd(h.now(), func(yield func(time.Time) bool) {
		for i := range evs {
			if !yield(evs[i].EndsAt) {
				return
			}
		}
	})
	return up, until
}
