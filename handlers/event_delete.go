package handlers

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// eventDeleteConfirm asks before deleting (where the Delete button leads
// without JS).
func (h *Handler) eventDeleteConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	ev, err := h.ownEvent(c, v)
	if err != nil {
		return err
	}
	d := views.EventDeleteConfirm{
		ID:        ev.ID,
		Title:     ev.Title,
		When:      eventWhenText(ev.StartsAt, ev.EndsAt, ev.AllDay, v.Loc),
		CSRFToken: csrfToken(c),
		InDialog:  isFragment(c),
	}
	return h.renderEvent(c, fiber.StatusOK, "Delete event", views.EventDeleteContent(d))
}

// eventDelete deletes the viewer's event (POST /events/:id/delete or
// DELETE /events/:id). A plain request is sent to the calendar month of the
// event (303); htmx gets an empty 200 with HX-Trigger eventsChanged, plus
// HX-Redirect to that month when it came from the event's own page.
func (h *Handler) eventDelete(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ctx := c.UserContext()
	var old db.Event
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		if old, err = q.GetEventForUpdate(ctx, db.GetEventForUpdateParams{ID: id, UserID: v.ID}); err != nil {
			return db.NotFound(err)
		}
		_, err = q.DeleteEvent(ctx, db.DeleteEventParams{ID: id, UserID: v.ID})
		return db.NotFound(err)
	})
	if errors.Is(err, db.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	h.cache.EventChanged(ctx, v.ID, id, eventDates(v.Loc, old))
	to := calendarMonthURL(calendar.DateOf(old.StartsAt, v.Loc))
	if !isFragment(c) {
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	c.Vary(hxRequest)
	c.Set(hxTrigger, eventsChanged)
	if fromEventPage(c, id) {
		c.Set(hxRedirect, to)
	}
	c.Status(fiber.StatusOK)
	return nil
}

// fromEventPage reports whether an htmx request was sent from one of the
// event's own pages (details, edit, delete), which a delete leaves empty.
func fromEventPage(c *fiber.Ctx, id int64) bool {
	u, err := url.Parse(c.Get(hxCurrentURL))
	if err != nil {
		return false
	}
	p := eventDetailsPath(id)
	return u.Path == p || strings.HasPrefix(u.Path, p+"/")
}
