package handlers

import (
	"cmp"
	"context"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// dashboard is the signed-in home page (GET /, optionally with the
// calendar's view and date): the calendar and the upcoming list, loaded
// concurrently through the cache. An htmx request gets the calendar region,
// so the dashboard's calendar navigation stays on this page.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	v := viewerOf(c)
	view, d, err := h.calendarQuery(c, v)
	if err != nil {
		return err
	}
	if done, err := h.agendaPart(c, v, "dashboard", "/", view, d); done {
		return err
	}
	frag := isFragment(c)
	covers := daysCovers(calendar.ViewRange(view, d, v.WeekStart), !frag)
	return h.cached(c, "dashboard|"+string(view)+"|"+d.String(), covers, func() (built, error) {
		ctx := c.UserContext()
		var (
			wg    sync.WaitGroup
			up    views.Upcoming
			upErr error
			until time.Time
		)
		if !frag {
			wg.Go(func() { up, until, upErr = h.upcomingView(ctx, v) })
		}
		cv, cvErr := h.calendarView(ctx, v, "/", view, d)
		wg.Wait()
		if err := cmp.Or(cvErr, upErr); err != nil {
			return built{}, err
		}
		return built{page: page{
			Title:    "Calendar",
			Nav:      "calendar",
			Content:  views.Dashboard(cv, up),
			Fragment: views.CalendarRegion(cv),
		}, until: until}, nil
	})
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
	return up, until, nil
}
