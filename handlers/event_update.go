package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
)

// eventUpdate saves the edit form (POST or PUT /events/:id), or re-shows it
// with its messages (422). Someone else's or a missing event (or a ?occ=
// that is no occurrence) is a 404 whatever the form holds. An occurrence
// of a series (?occ=) needs scope=this, following or all; without one the
// question is asked (200) with the form's values carried along. A series'
// master without ?occ= is edited whole.
func (h *Handler) eventUpdate(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	in := readEventInput(c)
	vals, errs := in.Validate(v.Loc)
	if len(errs) > 0 {
		return h.rerenderEdit(c, v, &t, in, errs)
	}
	ref, _ := eventRef(c)
	if ref.Scope = events.ParseScope(c.FormValue("scope")); t.HasOcc && ref.Scope == "" {
		return h.askScope(c, v, &t, &in)
	}
	saved, err := h.events.Update(c.UserContext(), owner(v), ref, vals)
	var fe *events.FormError
	if errors.As(err, &fe) {
		return h.rerenderEdit(c, v, &t, in, fe.Fields)
	}
	if err != nil {
		return err
	}
	return h.eventSaved(c, v, saved.ID, saved.Occ)
}

// rerenderEdit re-shows the edit form of t with everything as typed and
// the messages (422).
func (h *Handler) rerenderEdit(c *fiber.Ctx, v *Viewer, t *events.Target, in events.Input, errs events.FieldErrors) error {
	f := formOfInput(in)
	f.ID, f.Occ = t.ID(), t.OccParam()
	f.Errors = errs
	f.CancelURL = paths.Event(f.ID, "", f.Occ)
	sel := in.Rrule
	if !in.RruleSet {
		sel = t.Rule()
	}
	f.SetRepeat(sel, in.RruleCustom, calendar.DateOf(t.Event.StartsAt, v.Loc))
	formReminders(t, &f, in.RemindersSet)
	return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
}
