package handlers

import (
	"github.com/gofiber/fiber/v2"
)

// logout ends the session (POST only, CSRF-checked) and drops the user's
// cached lists.
func (h *Handler) logout(c *fiber.Ctx) error {
	v := viewerOf(c)
	if err := h.signOut(c); err != nil {
		return err
	}
	if v != nil {
		h.accounts.LoggedOut(c.UserContext(), v.ID)
	}
	return redirect(c, "/login")
}
