package handlers

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
)

// Visitors who are not signed in have no session: nothing is stored for
// them in Redis. Their forms (login, register) carry a pre-session token
// instead, a signed double submit:
//
//   - the CSRF cookie holds a random nonce and the time it was issued
//     ("<nonce>.<unix seconds>");
//   - the page's token (the _csrf field, the csrf-token meta tag, the
//     X-CSRF-Token header htmx sends) is HMAC-SHA256 of that cookie value
//     under a key derived from SECRET_KEY.
//
// An unsafe request must send the token of the cookie it carries, issued
// less than csrfLifetime ago. Without SECRET_KEY no one can make a token
// for a cookie, and a cross-site page can read neither. At sign-in the
// session is created and its own token (csrf_session.go) takes over.

// preSessionKeyLabel separates the pre-session key from other uses of SECRET_KEY.
const preSessionKeyLabel = "eventcal/csrf-presession/v1"

// preSessionKey derives the HMAC key of pre-session tokens from secret.
func preSessionKey(secret string) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(preSessionKeyLabel))
	return m.Sum(nil)
}

// preSessionToken is the form token of a pre-session cookie value.
func (h *Handler) preSessionToken(cookie string) string {
	m := hmac.New(sha256.New, h.csrfKey)
	m.Write([]byte(cookie))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// newPreSessionCookie is a fresh cookie value issued at now.
func newPreSessionCookie(now time.Time) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:]) + "." + strconv.FormatInt(now.Unix(), 10)
}

// preSessionCookieValid reports whether v is a pre-session cookie value
// issued less than csrfLifetime before now.
func preSessionCookieValid(v string, now time.Time) bool {
	nonce, ts, ok := strings.Cut(v, ".")
	if !ok || len(nonce) != 22 {
		return false
	}
	if _, err := base64.RawURLEncoding.DecodeString(nonce); err != nil {
		return false
	}
	issued, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(issued, 0))
	return age >= -time.Minute && age < csrfLifetime
}

// csrfPreSession checks and issues the pre-session token of a visitor who
// is not signed in (see above). It never reads or writes the session store.
func (h *Handler) csrfPreSession(c *fiber.Ctx) error {
	now := h.now()
	name := csrfCookieName(h.cfg)
	cookie := c.Cookies(name)
	valid := preSessionCookieValid(cookie, now)
	if !isSafeMethod(c.Method()) {
		if err := h.checkSentToken(c, func(sent string) bool {
			return valid && equalTokens(sent, h.preSessionToken(cookie))
		}); err != nil {
			return err
		}
	} else if !valid {
		cookie = newPreSessionCookie(now)
		h.setCSRFCookie(c, cookie, now.Add(csrfLifetime))
	}
	c.Vary(fiber.HeaderCookie)
	c.Locals(localCSRF, h.preSessionToken(cookie))
	return c.Next()
}

// isSafeMethod: GET, HEAD, OPTIONS and TRACE change nothing.
func isSafeMethod(m string) bool {
	switch m {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions, fiber.MethodTrace:
		return true
	}
	return false
}

// checkSentToken runs the checks every unsafe request passes: over HTTPS
// the Referer names this host, and a token was sent (X-CSRF-Token or the
// _csrf field) that ok accepts. It answers with csrfFailed otherwise.
func (h *Handler) checkSentToken(c *fiber.Ctx, ok func(sent string) bool) error {
	if c.Protocol() == "https" {
		if err := refererMatchesHost(c); err != nil {
			return h.csrfFailed(c, err)
		}
	}
	sent, err := csrfExtractor(c)
	if err != nil {
		return h.csrfFailed(c, err)
	}
	if sent == "" {
		return h.csrfFailed(c, csrf.ErrTokenNotFound)
	}
	if !ok(sent) {
		return h.csrfFailed(c, csrf.ErrTokenInvalid)
	}
	return nil
}
