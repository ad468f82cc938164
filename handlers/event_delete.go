package handlers

import (
	"context"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// eventDeleteConfirm asks before deleting (where the Delete button leads
// without JS): for an occurrence of a series, which events to delete.
func (h *Handler) eventDeleteConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.target(c, v)
	if err != nil {
		return err
	}
	if t.isSeries() && t.hasOcc {
		return h.askScope(c, v, &t, nil)
	}
	d := views.EventDeleteConfirm{
		ID:        t.id(),
		Title:     t.ev.Title,
		When:      eventWhenText(t.ev.StartsAt, t.ev.EndsAt, t.ev.AllDay, v.Loc),
		CSRFToken: csrfToken(c),
		InDialog:  isFragment(c),
		Series:    t.isSeries(),
	}
	return h.renderEvent(c, fiber.StatusOK, "Delete event", views.EventDeleteContent(d))
}

// eventDelete deletes the viewer's event (POST /events/:id/delete or
// DELETE /events/:id). An occurrence of a series (?occ=) needs scope=this
// (cancel it), following (end the series before it) or all (delete the
// series); without one the question is asked. A series' master without
// ?occ= is deleted whole. A plain request is sent to the calendar month of
// the event (303); htmx gets an empty 200 with HX-Trigger eventsChanged,
// plus HX-Redirect to that month when it came from the event's own page.
func (h *Handler) eventDelete(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ctx := c.UserContext()
	occ := occParam(c)
	t, err := h.resolveTarget(ctx, v, id, occ)
	if err != nil {
		return err
	}
	scope := parseScope(c.FormValue("scope"))
	if t.isSeries() && scope == "" {
		if t.hasOcc {
			return h.askScope(c, v, &t, nil)
		}
		scope = scopeAll
	}
	to := calendarMonthURL(calendar.DateOf(t.ev.StartsAt, v.Loc))
	res := writeResult{loc: v.Loc, tzName: v.TZName}
	err = h.store.InTx(ctx, func(q *db.Queries) error {
		single, w, err := lockForWrite(ctx, h, q, v.ID, id, occ)
		switch {
		case err != nil:
			return err
		case w == nil:
			res.ids, res.dates = []int64{single.ID}, eventDates(v.Loc, *single)
			res.whole = single.Rrule != ""
			_, err = q.DeleteEvent(ctx, db.DeleteEventParams{ID: single.ID, UserID: v.ID})
			return notFoundOr(err)
		case scope == scopeThis:
			return h.deleteThis(ctx, q, w, &res)
		case scope == scopeFollowing:
			return h.deleteFollowing(ctx, q, w, &res)
		}
		return h.deleteAll(ctx, q, w, &res)
	})
	if err != nil {
		return err
	}
	h.invalidate(ctx, v.ID, &res)
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

// invalidate applies a write's result to the cache.
func (h *Handler) invalidate(ctx context.Context, uid int64, res *writeResult) {
	if res.whole {
		h.cache.SeriesChanged(ctx, uid, res.ids...)
		return
	}
	h.cache.EventsChanged(ctx, uid, res.ids, res.dates)
}

// askScope answers an edit or delete of an occurrence of a series that
// did not say which events it applies to with the question (200): a page,
// or the dialog's content for htmx. in is the edit's form (nil for a
// delete), carried along as hidden fields.
func (h *Handler) askScope(c *fiber.Ctx, v *Viewer, t *eventTarget, in *eventInput) error {
	s := views.EventScope{
		ID:        t.id(),
		Occ:       t.occParam(),
		Title:     t.ev.Title,
		When:      eventWhenText(t.ev.StartsAt, t.ev.EndsAt, t.ev.AllDay, v.Loc),
		Delete:    in == nil,
		CSRFToken: csrfToken(c),
		InDialog:  isFragment(c),
	}
	title := "Delete recurring event"
	if in != nil {
		title = "Save recurring event"
		s.Fields = in.hiddenFields()
	}
	return h.renderEvent(c, fiber.StatusOK, title, views.EventScopeContent(s))
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
