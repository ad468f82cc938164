package handlers

import (
	"context"
	"sync"

	"github.com/gofiber/fiber/v2"

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
	ctx := c.UserContext()
	var (
		wg     sync.WaitGroup
		cv     views.CalendarView
		cvErr  error
		up     views.Upcoming
		upErr  error
		needUp = !isFragment(c)
	)
	if needUp {
		wg.Go(func() { up, upErr = h.upcomingView(ctx, v) })
	}
	cv, cvErr = h.calendarView(ctx, v, "/", view, d)
	wg.Wait()
	if cvErr != nil {
		return cvErr
	}
	if upErr != nil {
		return upErr
	}
	return h.render(c, fiber.StatusOK, page{
		Title:    "Calendar",
		Nav:      "calendar",
		Content:  views.Dashboard(cv, up),
		Fragment: views.CalendarRegion(cv),
	})
}

// upcoming is GET /upcoming: the upcoming list (the dashboard's, reloaded
// by htmx when events change; a page of its own without JavaScript).
func (h *Handler) upcoming(c *fiber.Ctx) error {
	up, err := h.upcomingView(c.UserContext(), viewerOf(c))
	if err != nil {
		return err
	}
	return h.render(c, fiber.StatusOK, page{Title: "Upcoming", Nav: "calendar", Content: views.UpcomingList(up)})
}

// upcomingView is the upcoming list's model in v's zone.
func (h *Handler) upcomingView(ctx context.Context, v *Viewer) (views.Upcoming, error) {
	evs, err := h.events.Upcoming(ctx, v.ID)
	if err != nil {
		return views.Upcoming{}, err
	}
	up := views.Upcoming{Days: events.UpcomingDays, Events: make([]views.ListedEvent, 0, len(evs))}
	for _, e := range viewEvents(evs) {
		up.Events = append(up.Events, views.Listed(e, v.Loc, nil))
	}
	return up, nil
}
