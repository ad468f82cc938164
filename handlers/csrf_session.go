package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
)

// A signed-in user's CSRF token lives in the session (read once per request by
// loadViewer) and in a cookie (double submit). It replaces Fiber's csrf
// middleware, which read the session twice more and wrote it back on every
// request; the checks are the same:
//
//   - a safe method (GET, HEAD, OPTIONS, TRACE) keeps the token when the
//     cookie carries the session's unexpired token, and makes a new one
//     otherwise (so it rotates with the session at sign-in and sign-out);
//   - any other method must send the token in X-CSRF-Token or the _csrf
//     field, equal to the cookie and to the session's unexpired token (over
//     HTTPS the Referer must also be this host); otherwise 403 and the
//     cookie is emptied.
//
// A token expires csrfLifetime after its last use. Fiber moved the expiry on
// every request (one session write per request); here it moves when less
// than csrfLifetime-csrfRefresh is left, so a token expires between 23 and
// 24 hours after its last use, never later than before.
const (
	csrfLifetime = 24 * time.Hour
	csrfRefresh  = time.Hour
)

// csrfProtect checks and issues the CSRF token: the pre-session token for
// a visitor who is not signed in (csrf_presession.go), else the session's
// (see above). After the handler it writes the session back once if it
// changed (new token, refreshed expiry, the last-seen time loadViewer
// refreshed, an upgrade from the old format) and no handler wrote it.
func (h *Handler) csrfProtect(c *fiber.Ctx) error {
	rs, _ := c.Locals(localSession).(*reqSession)
	if rs == nil || viewerOf(c) == nil {
		return h.csrfPreSession(c)
	}
	now := h.now()
	stored := rs.data.CSRF
	expiry := time.Unix(rs.data.CSRFExpiry, 0)
	valid := stored != "" && now.Before(expiry)
	name := csrfCookieName(h.cfg)

	var token string
	if isSafeMethod(c.Method()) {
		if ck := c.Cookies(name); ck != "" && valid && equalTokens(ck, stored) {
			token = stored
		}
	} else {
		if err := h.checkSentToken(c, func(sent string) bool {
			if !equalTokens(sent, c.Cookies(name)) {
				return false
			}
			if !valid || !equalTokens(sent, stored) {
				h.setCSRFCookie(c, "", now.Add(-time.Hour))
				return false
			}
			return true
		}); err != nil {
			return err
		}
		token = stored
	}

	if token == "" {
		token = newCSRFToken()
		rs.dirty = true
	} else if expiry.Sub(now) < csrfLifetime-csrfRefresh {
		rs.dirty = true
	}
	if rs.dirty {
		rs.data.CSRF = token
		rs.data.CSRFExpiry = now.Add(csrfLifetime).Unix()
	}
	h.setCSRFCookie(c, token, now.Add(csrfLifetime))
	c.Vary(fiber.HeaderCookie)
	c.Locals(localCSRF, token)
	err := c.Next()
	h.flushSession(c, rs)
	return err
}

// setCSRFCookie sets the token cookie (a browser-session cookie: Expires
// is not sent).
func (h *Handler) setCSRFCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{
		Name:        csrfCookieName(h.cfg),
		Value:       token,
		Path:        "/",
		Secure:      h.cfg.CookieSecure,
		HTTPOnly:    true,
		SameSite:    fiber.CookieSameSiteLaxMode,
		SessionOnly: true,
		Expires:     expires,
	})
}

// newCSRFToken is 32 random bytes, base64url.
func newCSRFToken() string {
	var b [32]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// equalTokens compares in constant time.
func equalTokens(a, b string) bool {
	return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// refererMatchesHost requires an HTTPS unsafe request's Referer to name
// this scheme and host (as Fiber's csrf middleware does).
func refererMatchesHost(c *fiber.Ctx) error {
	ref := strings.ToLower(c.Get(fiber.HeaderReferer))
	if ref == "" {
		return csrf.ErrNoReferer
	}
	u, err := url.Parse(ref)
	if err != nil {
		return csrf.ErrBadReferer
	}
	if u.Scheme == c.Protocol() && u.Host == c.Hostname() {
		return nil
	}
	return csrf.ErrBadReferer
}
