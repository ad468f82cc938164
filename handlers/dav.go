package handlers

import (
	"encoding/base64"
	"errors"
	"math"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/dav"
)

// requestMethods are Fiber's methods and the WebDAV verbs (Fiber refuses
// a method it does not know before any route runs).
func requestMethods() []string {
	return append(append([]string{}, fiber.DefaultMethods...),
		"PROPFIND", "PROPPATCH", "REPORT", "MKCALENDAR", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK")
}

// davRoutes mount the CalDAV server: no session, no CSRF, HTTP Basic
// with an app password on every request but OPTIONS.
func (h *Handler) davRoutes(app *fiber.App) {
	srv := adaptor.HTTPHandler(&dav.Server{Events: h.events, Log: h.log})
	app.All("/.well-known/caldav", func(c *fiber.Ctx) error {
		return c.Redirect(dav.Prefix+"/", fiber.StatusMovedPermanently)
	})
	serve := func(c *fiber.Ctx) error {
		if c.Method() != fiber.MethodOptions {
			p, err := h.davPrincipal(c)
			if err != nil {
				return h.davRefuse(c, err)
			}
			c.Locals(dav.PrincipalKey{}, p)
		}
		return srv(c)
	}
	app.All(dav.Prefix, serve)
	app.All(dav.Prefix+"/*", serve)
	// Apps given only the site's address ask its root for the principal.
	app.Add("PROPFIND", "/", serve)
}

// davPrincipal checks the request's HTTP Basic credentials against the
// user's app passwords (the login throttles count failures).
func (h *Handler) davPrincipal(c *fiber.Ctx) (dav.Principal, error) {
	login, password, ok := basicAuth(c.Get(fiber.HeaderAuthorization))
	if !ok {
		return dav.Principal{}, accounts.ErrBadCredentials
	}
	u, err := h.accounts.AuthenticateApp(c.UserContext(), accounts.Credentials{Login: login, Password: password, IP: h.clientIP(c)})
	if err != nil {
		return dav.Principal{}, err
	}
	return dav.Principal{ID: u.ID, Username: u.Username, Email: u.Email, Loc: h.zones.Load(u.Timezone)}, nil
}

// davRefuse answers a request without valid credentials: 401 asking for
// them (the same for an unknown user and a wrong password), 429 when
// throttled.
func (h *Handler) davRefuse(c *fiber.Ctx, err error) error {
	var th *accounts.ThrottledError
	switch {
	case errors.As(err, &th):
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(math.Ceil(th.Wait.Seconds()))))
		return c.Status(fiber.StatusTooManyRequests).SendString("Too many failed sign-ins; try again later.")
	case errors.Is(err, accounts.ErrBadCredentials):
		c.Set(fiber.HeaderWWWAuthenticate, `Basic realm="eventcal", charset="UTF-8"`)
		return c.Status(fiber.StatusUnauthorized).SendString("Sign in with your username and an app password made in Settings.")
	}
	return err
}

// basicAuth reads an HTTP Basic Authorization header.
func basicAuth(header string) (login, password string, ok bool) {
	enc, found := strings.CutPrefix(header, "Basic ")
	if !found {
		return "", "", false
	}
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(enc))
	if err != nil {
		return "", "", false
	}
	login, password, ok = strings.Cut(string(raw), ":")
	return login, password, ok && login != "" && password != ""
}
