package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// eventEdit shows the edit form of the viewer's event.
func (h *Handler) eventEdit(c *fiber.Ctx) error {
	v := viewerOf(c)
	ev, err := h.ownEvent(c, v)
	if err != nil {
		return err
	}
	f := formOfEvent(ev, v.Loc)
	f.CancelURL = eventDetailsPath(ev.ID)
	return h.renderEventForm(c, fiber.StatusOK, f)
}
