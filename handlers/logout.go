package handlers

import (
	"context"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
)

// logout ends the session (POST only, CSRF-checked) and drops the user's
// cached lists.
func (h *Handler) logout(c *fiber.Ctx) error {
	v := viewerOf(c)
	if err := h.signOut(c); err != nil {
		return err
	}
	if v != nil {
		h.cache.DropUser(c.UserContext(), v.ID)
	}
	return redirect(c, "/login")
}

// setUserActive activates or deactivates an account. A deactivated user
// cannot log in, and every session of theirs ends now.
func (h *Handler) setUserActive(ctx context.Context, uid int64, active bool) error {
	if err := h.store.SetUserActive(ctx, db.SetUserActiveParams{ID: uid, IsActive: active}); err != nil {
		return err
	}
	if active {
		return nil
	}
	h.cache.DropUser(ctx, uid)
	if err := h.endSessions(ctx, uid, ""); err != nil {
		return unavailable("Sign-out", fmt.Errorf("ending sessions of user %d: %w", uid, err))
	}
	return nil
}
