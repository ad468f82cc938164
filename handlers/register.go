package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/views"
)

// registerForm shows the registration form; signed-in users go home.
func (h *Handler) registerForm(c *fiber.Ctx) error {
	if viewerOf(c) != nil {
		return redirect(c, "/")
	}
	return h.renderRegister(c, fiber.StatusOK, views.RegisterForm{Timezone: "UTC"})
}

func (h *Handler) renderRegister(c *fiber.Ctx, status int, f views.RegisterForm) error {
	f.CSRFToken = csrfToken(c)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, status, page{Title: "Create an account", Content: views.RegisterContent(f)})
}

// register creates an account and signs its owner in. Errors re-render the
// form (422) with everything typed except the passwords.
func (h *Handler) register(c *fiber.Ctx) error {
	if viewerOf(c) != nil {
		return redirect(c, "/")
	}
	ctx := c.UserContext()
	r := accounts.Registration{
		Username: strings.TrimSpace(c.FormValue("username")),
		Email:    strings.TrimSpace(c.FormValue("email")),
		Timezone: strings.TrimSpace(c.FormValue("timezone")),
		Password: c.FormValue("password"),
		Confirm:  c.FormValue("password_confirm"),
		IP:       h.clientIP(c),
	}
	if r.Timezone == "" {
		r.Timezone = "UTC"
	}
	u, err := h.accounts.Register(ctx, r)
	if wait, ok := asThrottled(err); ok {
		return throttled(c, int((wait+time.Second-1)/time.Second), "Too many new accounts",
			"Too many accounts have been created from here recently. Please try again later.")
	}
	if errs, ok := asFieldErrors(err); ok {
		f := views.RegisterForm{Username: r.Username, Email: r.Email, Timezone: r.Timezone, Errors: views.FieldErrors(errs)}
		if _, bad := errs["timezone"]; bad {
			f.Timezone = "UTC"
		}
		return h.renderRegister(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	if err := h.signIn(c, u, false); err != nil {
		return err
	}
	h.accounts.LoggedIn(ctx, u.ID)
	return redirect(c, "/")
}
