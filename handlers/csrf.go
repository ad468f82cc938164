package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/config"
)

// csrfHeader is the header htmx requests carry the token in (hx-headers).
const csrfHeader = "X-CSRF-Token"

// csrfExtractor takes the token from the htmx header, else the form field.
func csrfExtractor(c *fiber.Ctx) (string, error) {
	if t := c.Get(csrfHeader); t != "" {
		return t, nil
	}
	return c.FormValue("_csrf"), nil
}

func csrfCookieName(cfg config.Config) string {
	if cfg.CookieSecure {
		return "__Host-eventcal_csrf"
	}
	return "eventcal_csrf"
}

// csrfToken is the token to embed in this request's page.
func csrfToken(c *fiber.Ctx) string {
	t, _ := c.Locals(localCSRF).(string)
	return t
}

// csrfFailed answers a failed check with a page that explains and offers a reload.
func (h *Handler) csrfFailed(c *fiber.Ctx, err error) error {
	// The token lives in the session: when the session store is down the
	// check cannot pass, and the honest answer is a 503, not "expired".
	if serr, ok := c.Locals(localSessionErr).(error); ok {
		return unavailable("Sign-in", serr)
	}
	// A visitor without a session cookie never reached the store: ask it.
	ctx, cancel := context.WithTimeout(c.UserContext(), time.Second)
	defer cancel()
	if perr := h.sessRedis.Ping(ctx).Err(); perr != nil {
		return unavailable("Sign-in", perr)
	}
	retry := "/"
	if ref := c.Get(fiber.HeaderReferer); ref != "" {
		retry = safeNext(refererPath(ref))
	}
	return &statusError{
		status:  fiber.StatusForbidden,
		title:   "This form has expired",
		message: "For your security the form could not be accepted. Reload the page and submit it again.",
		retry:   retry,
		err:     err,
	}
}
