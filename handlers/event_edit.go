package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
)

// eventEdit shows the edit form of the viewer's event, or of one
// occurrence of a series (?occ=): its own values and times, and the
// series' rule in the Repeat control.
func (h *Handler) eventEdit(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.target(c, v)
	if err != nil {
		return err
	}
	f := formOfEvent(t.Event, v.Loc)
	f.ID, f.Occ = t.ID(), t.OccParam()
	f.CancelURL = paths.Event(f.ID, "", f.Occ)
	f.SetRepeat(t.Rule(), "", calendar.DateOf(t.Event.StartsAt, v.Loc))
	return h.renderEventForm(c, fiber.StatusOK, f)
}
