package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/views"
)

// dashboard is the signed-in home page.
func (h *Handler) dashboard(c *fiber.Ctx) error {
	v := viewerOf(c)
	return h.render(c, fiber.StatusOK, page{Title: "Calendar", Nav: "calendar", Content: views.DashboardPlaceholder(v.Username)})
}
