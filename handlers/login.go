package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
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
	remember := c.FormValue("remember") == "on"
	form := views.LoginForm{Username: name, Next: next, Remember: remember}
	if name == "" || password == "" {
		form.Error = "Enter your username (or email) and your password."
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	}

	u, err := h.accounts.Authenticate(ctx, accounts.Credentials{Login: name, Password: password, IP: h.clientIP(c)})
	if wait, ok := asThrottled(err); ok {
		return tooManyAttempts(c, wait)
	}
	if errors.Is(err, accounts.ErrBadCredentials) {
		form.Error = loginFailedMessage
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	}
	if err != nil {
		return err
	}
	if err := h.signIn(c, u, remember); errors.Is(err, accounts.ErrBadCredentials) {
		form.Error = loginFailedMessage // deactivated or changed meanwhile
		return h.renderLogin(c, fiber.StatusUnprocessableEntity, form)
	} else if err != nil {
		return err
	}
	h.accounts.LoggedIn(ctx, u.ID)
	return redirect(c, next)
}
