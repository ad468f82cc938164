package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
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
	f := formOfEvent(t.ev, v.Loc)
	f.ID, f.Occ = t.id(), t.occParam()
	f.CancelURL = occDetailsPath(f.ID, f.Occ)
	rule := t.ev.Rrule
	if t.isSeries() {
		rule = t.master.Rrule
	}
	withRepeat(&f, rule, "", calendar.DateOf(t.ev.StartsAt, v.Loc))
	return h.renderEventForm(c, fiber.StatusOK, f)
}
