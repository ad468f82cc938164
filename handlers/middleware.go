package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
)

type localsKey int

const (
	localRequestID localsKey = iota
	localViewer
	localCSRF
	localQueries
	localSessionErr
	localSession    // *reqSession of a signed-in request, read by loadViewer (session.go)
	localProbedPage // *probedPage read with the session (pagecache.go)
)

const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

// requestID returns this request's id.
func requestID(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// begin assigns a request id, counts SQL queries, sets the security headers
// and records metrics. Client-supplied request ids are ignored.
func (h *Handler) begin(c *fiber.Ctx) error {
	start := time.Now()
	h.stamp(c)

	n := new(atomic.Int64)
	c.Locals(localQueries, n)
	c.SetUserContext(db.WithQueryCounter(c.UserContext(), n))

	err := c.Next()
	if err != nil {
		if herr := h.handleError(c, err); herr != nil {
			return herr
		}
	}
	if h.cfg.Debug {
		c.Set("X-DB-Queries", strconv.FormatInt(n.Load(), 10))
	}
	h.metrics.observe(c, start)
	return nil
}

// stamp gives the request its id and sets the security headers; the error
// handler also stamps requests that fasthttp refused before any middleware
// ran (a body over BODY_LIMIT, a malformed request line or header).
func (h *Handler) stamp(c *fiber.Ctx) string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	id := hex.EncodeToString(b[:])
	c.Locals(localRequestID, id)
	c.Set(fiber.HeaderXRequestID, id)
	for name, value := range securityHeaders {
		c.Set(name, value)
	}
	if h.cfg.CookieSecure {
		c.Set(fiber.HeaderStrictTransportSecurity, "max-age=31536000; includeSubDomains")
	}
	return id
}

// securityHeaders yields the headers every response carries, besides its
// request id and, behind TLS, HSTS.
func securityHeaders(yield func(name, value string) bool) {
	for _, h := range [...][2]string{
		{fiber.HeaderContentSecurityPolicy, contentSecurityPolicy},
		{fiber.HeaderXFrameOptions, "DENY"},
		{fiber.HeaderXContentTypeOptions, "nosniff"},
		{fiber.HeaderReferrerPolicy, "same-origin"},
		// A window of another site that opens or is opened by a page keeps
		// no handle on it (Django's default too). Chrome puts such a page in
		// a browsing context group of its own: a navigation from another
		// site's page, or a new tab, starts it anew.
		{"Cross-Origin-Opener-Policy", "same-origin"},
		{fiber.HeaderPermissionsPolicy, "camera=(), microphone=(), geolocation=()"},
	} {
		if !yield(h[0], h[1]) {
			return
		}
	}
}

// checkHost refuses requests for hosts outside ALLOWED_HOSTS (when set).
func (h *Handler) checkHost(c *fiber.Ctx) error {
	if len(h.cfg.AllowedHosts) == 0 {
		return c.Next()
	}
	host := strings.ToLower(c.Hostname())
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
		host = host[:i]
	}
	for _, a := range h.cfg.AllowedHosts {
		a = strings.ToLower(a)
		if a == "*" || a == host || (strings.HasPrefix(a, ".") && strings.HasSuffix(host, a)) {
			return c.Next()
		}
	}
	return badRequest("This server does not answer for that host name.")
}

// feedPathPrefix starts the private feed's addresses, whose token is a
// secret: logs never show it.
const feedPathPrefix = "/feed/"

// redactFeed replaces every feed token in s ("/feed/<token>.ics", any
// case) with "…", so that what is logged cannot be used to read a calendar.
func redactFeed(s string) string {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, feedPathPrefix) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, feedPathPrefix)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		i += len(feedPathPrefix)
		b.WriteString(s[:i])
		end := i
		for end < len(s) && !strings.ContainsRune(" \t\r\n\"'?#&", rune(s[end])) {
			end++
		}
		if end > i {
			b.WriteString("…")
		}
		s, lower = s[end:], lower[end:]
	}
}

// logPath is the request path as logs show it (feed tokens redacted).
func logPath(c *fiber.Ctx) string { return redactFeed(c.Path()) }

// logErr is err as logs show it: the error itself, or its text with feed
// tokens redacted when it names one.
func logErr(err error) any {
	if err == nil {
		return nil
	}
	if s := err.Error(); redactFeed(s) != s {
		return redactFeed(s)
	}
	return err
}
