package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// eventEdit shows the edit form of the viewer's event, or of one
// occurrence of a series (?occ=): its own values and times, and the
// series' rule in the Repeat control. An event v may read but not change
// is 403.
func (h *Handler) eventEdit(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	f := formOfEvent(t.Event, v.Loc)
	f.ID, f.Occ = t.ID(), t.OccParam()
	f.CancelURL = paths.Event(f.ID, "", f.Occ)
	f.SetRepeat(t.Rule(), "", calendar.DateOf(t.Event.StartsAt, v.Loc))
	formReminders(&t, &f, false)
	return h.renderEventForm(c, fiber.StatusOK, f)
}

// formReminders fills the edit form's Reminders control with t's stored
// reminders unless posted says the form holds them as posted; it leaves
// the control out for a reader who does not own t (reminders remind its
// owner only).
func formReminders(t *events.Target, f *views.EventForm, posted bool) {
	switch {
	case t.Role != events.RoleOwner:
		f.NoReminders = true
	case !posted:
		f.Reminders = reminderFields(t.Reminders())
	}
}

// writableTarget is h.target when v may change it; an event v may only
// read (a calendar shared to view) is events.ErrForbidden (403).
func (h *Handler) writableTarget(c *fiber.Ctx, v *Viewer) (events.Target, error) {
	t, err := h.target(c, v)
	if err == nil && !t.CanWrite() {
		return events.Target{}, events.ErrForbidden
	}
	return t, err
}
