package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// loginForm shows the sign-in form; signed-in users go to next.
func (h *Handler) loginForm(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if viewerOf(c) != nil {
		return redirect(c, next)
	}
	return h.renderLogin(c, fiber.StatusOK, views.LoginForm{Next: next})
}

func (h *Handler) renderLogin(c *fiber.Ctx, status int, f views.LoginForm) error {
	f.CSRFToken = csrfToken(c)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, status, page{Title: "Log in", Content: views.LoginContent(f)})
}

// login checks the credentials and signs the user in.
func (h *Handler) login(c *fiber.Ctx) error {
	name := strings.TrimSpace(c.FormValue("username"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	form := views.LoginForm{Username: name, Next: next}

	u, err := h.store.GetUserByLogin(c.UserContext(), name)
	if err := db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	if !h.passwordMatches(u.PasswordHash, password) || !u.IsActive {
		form.Error = "That username and password do not match an account."
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	}
	if err := h.signIn(c, signedIn{ID: u.ID, Username: u.Username, IsAdmin: u.IsAdmin, Timezone: u.Timezone, WeekStart: u.WeekStart}); err != nil {
		return err
	}
	if err := h.store.TouchLastLogin(c.UserContext(), u.ID); err != nil {
		h.log.Warn("recording last login failed", "user", u.ID, "err", err)
	}
	return redirect(c, next)
}

// logout ends the session (POST only, CSRF-checked).
func (h *Handler) logout(c *fiber.Ctx) error {
	if err := h.signOut(c); err != nil {
		return err
	}
	return redirect(c, "/login")
}

// passwordMatches compares in constant time; an empty hash (unknown user)
// still costs one bcrypt comparison so both cases take as long.
func (h *Handler) passwordMatches(hash, password string) bool {
	if hash == "" {
		hash = h.dummyHash()
	}
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil && hash != h.dummyHash()
}
