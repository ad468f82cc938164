package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// loginFailedMessage is the one answer to an unknown name, a wrong password
// and a deactivated account alike.
const loginFailedMessage = "That username and password do not match an account."

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

// login checks the credentials and signs the user in. Failures are
// throttled per account and per client address; an unknown user, a wrong
// password and a deactivated account get the same answer in the same time.
func (h *Handler) login(c *fiber.Ctx) error {
	ctx := c.UserContext()
	name := strings.TrimSpace(c.FormValue("username"))
	password := c.FormValue("password")
	next := safeNext(c.FormValue("next"))
	form := views.LoginForm{Username: name, Next: next}
	if name == "" || password == "" {
		form.Error = "Enter your username (or email) and your password."
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	}

	u, err := h.store.GetUserByLogin(ctx, name)
	if err := db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return err
	}
	keys := h.loginThrottleKeys(c, u.ID, name)
	if wait, blocked := h.loginBlocked(ctx, keys); blocked {
		return tooManyAttempts(c, wait)
	}
	if !h.passwordMatches(u.PasswordHash, password) || !u.IsActive {
		h.loginFailed(ctx, keys)
		form.Error = loginFailedMessage
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	}
	h.loginSucceeded(ctx, keys)
	if err := h.signIn(c, signedIn{ID: u.ID, Username: u.Username, IsAdmin: u.IsAdmin, Timezone: u.Timezone, WeekStart: u.WeekStart}); err != nil {
		return err
	}
	if err := h.store.TouchLastLogin(ctx, u.ID); err != nil {
		h.log.Warn("recording last login failed", "user", u.ID, "err", err)
	}
	h.cache.DropUser(ctx, u.ID)
	return redirect(c, next)
}

// passwordMatches compares in constant time; an empty hash (unknown user)
// still costs one bcrypt comparison so both cases take as long.
func (h *Handler) passwordMatches(hash, password string) bool {
	if hash == "" {
		hash = h.dummyHash()
	}
	return compareHash(hash, password) && hash != h.dummyHash()
}
