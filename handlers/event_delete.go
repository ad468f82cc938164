package handlers

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// eventDeleteConfirm asks before deleting (where the Delete button leads
// without JS): for an occurrence of a series, which events to delete. An
// event v may only read is 403.
func (h *Handler) eventDeleteConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	if t.HasOcc {
		return h.askScope(c, v, &t, nil)
	}
	d := views.EventDeleteConfirm{
		ID:        t.ID(),
		Title:     t.Event.Title,
		When:      views.WhenText(t.Event.StartsAt, t.Event.EndsAt, t.Event.AllDay, v.Loc, v.Clock),
		CSRFToken: csrfToken(c),
		InDialog:  isFragment(c),
		Series:    t.IsSeries(),
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
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	ref, _ := eventRef(c)
	if ref.Scope = events.ParseScope(c.FormValue("scope")); t.HasOcc && ref.Scope == "" {
		return h.askScope(c, v, &t, nil)
	}
	if err := h.events.Delete(c.UserContext(), owner(v), ref); err != nil {
		return err
	}
	to := paths.Month(calendar.DateOf(t.Event.StartsAt, v.Loc))
	if !isFragment(c) {
		return c.Redirect(to, fiber.StatusSeeOther)
	}
	c.Vary(hxRequest)
	c.Set(hxTrigger, eventsChanged)
	if fromEventPage(c, ref.ID) {
		c.Set(hxRedirect, to)
	}
	c.Status(fiber.StatusOK)
	return nil
}

// askScope answers an edit or delete of an occurrence of a series that
// did not say which events it applies to with the question (200): a page,
// or the dialog's content for htmx. in is the edit's form (nil for a
// delete), carried along as hidden fields.
func (h *Handler) askScope(c *fiber.Ctx, v *Viewer, t *events.Target, in *events.Input) error {
	s := views.EventScope{
		ID:        t.ID(),
		Occ:       t.OccParam(),
		Title:     t.Event.Title,
		When:      views.WhenText(t.Event.StartsAt, t.Event.EndsAt, t.Event.AllDay, v.Loc, v.Clock),
		Delete:    in == nil,
		CSRFToken: csrfToken(c),
		InDialog:  isFragment(c),
	}
	title := "Delete recurring event"
	if in != nil {
		title = "Save recurring event"
		s.Fields = hiddenFields(in)
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
	p := paths.Event(id, "", "")
	return u.Path == p || strings.HasPrefix(u.Path, p+"/")
}
