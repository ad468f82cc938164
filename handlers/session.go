package handlers

import (
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/config"
)

// sessionTouch is how stale a session's TTL may get before a refresh (at
// most a quarter of SESSION_IDLE). The lifetimes are configured:
// SESSION_IDLE (the Redis TTL, refreshed while in use), SESSION_REMEMBER
// (the same with "Keep me signed in") and SESSION_ABSOLUTE (from sign-in,
// whatever the use).
const sessionTouch = time.Hour

// Viewer is the signed-in user of a request, read from the session (no SQL).
type Viewer struct {
	ID        int64
	Username  string
	IsAdmin   bool
	TZName    string
	Loc       *time.Location
	WeekStart time.Weekday
	Clock     calendar.Clock // how times of day read (Settings: time_format)
	SessionID string
}

// sessionClock is the clock a session's flag names.
func sessionClock(twelve bool) calendar.Clock {
	if twelve {
		return calendar.Clock12
	}
	return calendar.Clock24
}

// viewerClock is the signed-in user's clock (24-hour when signed out).
func viewerClock(c *fiber.Ctx) calendar.Clock {
	if v := viewerOf(c); v != nil {
		return v.Clock
	}
	return calendar.Clock24
}

// viewerOf returns the signed-in user, or nil.
func viewerOf(c *fiber.Ctx) *Viewer {
	v, _ := c.Locals(localViewer).(*Viewer)
	return v
}

// sessionCookieName is __Host- prefixed behind TLS.
func sessionCookieName(cfg config.Config) string {
	if cfg.CookieSecure {
		return "__Host-eventcal_session"
	}
	return "eventcal_session"
}

// loadViewer reads the session once per request, with its epoch check
// (accounts.LoadSession: one round trip), and puts the Viewer in the
// request locals and the session in localSession. A GET also reads the
// rendered page its request names in that round trip, when the sessions
// live beside the cache (pageProbe). A visitor without a
// session cookie costs no Redis call. A session store failure is
// remembered, not fatal: pages that need a session answer 503, public
// pages still work.
func (h *Handler) loadViewer(c *fiber.Ctx) error {
	id := c.Cookies(sessionCookieName(h.cfg))
	if !accounts.ValidSessionID(id) {
		return c.Next()
	}
	rs := &reqSession{id: strings.Clone(id)}
	var ls accounts.LoadedSession
	var err error
	if req, probe, ok := h.pageProbe(c); ok {
		var pp accounts.ProbedPage
		ls, pp, err = h.accounts.LoadSessionAndPage(c.UserContext(), rs.id, probe)
		if pp.OK {
			c.Locals(localProbedPage, &probedPage{request: req, ProbedPage: pp})
		}
	} else {
		ls, err = h.accounts.LoadSession(c.UserContext(), rs.id)
	}
	if err != nil {
		c.Locals(localSessionErr, err)
		return c.Next()
	}
	rs.data = ls.Session
	switch ls.Status {
	case accounts.SessionNone:
		return c.Next()
	case accounts.SessionOld:
		return h.loadOldSession(c, rs, ls.Raw)
	case accounts.SessionCurrent:
		return h.useSession(c, rs)
	default: // ended elsewhere (sign-out everywhere, a new password…) or unreadable
		return h.signedOut(c, rs)
	}
}

// useSession makes a current session the request's: signed out past
// SESSION_ABSOLUTE, else the Viewer, and a TTL refresh (written once, by
// csrfProtect) when the last one is older than sessionTouch.
func (h *Handler) useSession(c *fiber.Ctx, rs *reqSession) error {
	now := h.now()
	d := &rs.data
	if now.Sub(time.Unix(d.AuthAt, 0)) > h.cfg.SessionAbsolute {
		return h.signedOut(c, rs)
	}
	rs.viewer = Viewer{ID: d.UserID, SessionID: rs.id, Username: d.Username, IsAdmin: d.Admin, TZName: d.TZName,
		WeekStart: time.Weekday(d.WeekStart), Clock: sessionClock(d.Clock12)}
	v := &rs.viewer
	var ok bool
	if v.Loc, ok = h.zones.Lookup(v.TZName); !ok {
		v.Loc, v.TZName = time.UTC, "UTC"
	}
	c.Locals(localViewer, v)
	c.Locals(localSession, rs)
	if now.Sub(time.Unix(d.SeenAt, 0)) > min(sessionTouch, h.cfg.SessionIdle/4) {
		d.SeenAt = now.Unix()
		rs.dirty = true
	}
	return c.Next()
}

// signedOut destroys an expired, ended or unreadable session; the rest of
// the request is anonymous.
func (h *Handler) signedOut(c *fiber.Ctx, rs *reqSession) error {
	rs.gone = true
	if err := h.accounts.DeleteSession(c.UserContext(), rs.id); err != nil {
		h.log.Warn("deleting an ended session failed", "err", err)
	}
	h.clearSessionCookie(c)
	return c.Next()
}

// requireUser sends signed-out visitors to the login page: a 303 for a
// plain request, HX-Redirect for htmx. Signed-in pages are never cached.
func (h *Handler) requireUser(c *fiber.Ctx) error {
	if err, ok := c.Locals(localSessionErr).(error); ok {
		return unavailable("Sign-in", err)
	}
	if viewerOf(c) == nil {
		return redirect(c, "/login?next="+url.QueryEscape(loginReturnPath(c)))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// requireAdmin sends signed-out visitors to the login page first (as
// requireUser does) and answers 403 to signed-in users who are not admins.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	v := viewerOf(c)
	if v == nil {
		return h.requireUser(c) // redirects to login, or 503 without sessions
	}
	if !v.IsAdmin {
		return forbidden("This page is for administrators.")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// loginReturnPath is where to come back to after signing in: the page for a
// plain request, the browser's current page for an htmx one.
func loginReturnPath(c *fiber.Ctx) string {
	if c.Get(hxRequest) == "true" {
		if u, err := url.Parse(c.Get(hxCurrentURL)); err == nil {
			return safeNext(u.RequestURI())
		}
		return "/"
	}
	if c.Method() != fiber.MethodGet {
		return "/"
	}
	return safeNext(string(c.Request().URI().RequestURI()))
}

// safeNext accepts only local absolute paths ("/x"), never "//host",
// "/\host" or a scheme; anything else becomes "/".
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
