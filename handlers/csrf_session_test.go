package handlers

import (
	"net/http"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2/middleware/csrf"
)

// TestCSRFTokenLifetime: the token is kept while in use, its expiry moves
// at most hourly (no session write per request), and it dies a day after
// its last use.
func TestCSRFTokenLifetime(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Date(2025, time.June, 10, 12, 0, 0, 0, time.UTC).UnixNano())
	advance := func(d time.Duration) { clock.Add(int64(d)) }
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Now = func() time.Time { return time.Unix(0, clock.Load()) } })
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.login(name, goodPassword)
	c.get("/settings")
	token, id := c.csrf, c.cookie("eventcal_session")
	if token == "" {
		t.Fatal("no token after sign-in")
	}
	stored := func() (string, int64) {
		s := sessionData(t, ts, id)
		if s == nil {
			t.Fatal("session gone")
		}
		return s.CSRF, s.CSRFExpiry
	}
	_, exp0 := stored()

	// Within the hour: same token, the session is not rewritten.
	advance(30 * time.Minute)
	c.get("/settings")
	if tok, exp := stored(); c.csrf != token || tok != token || exp != exp0 {
		t.Fatalf("after 30 min: token %q (was %q), stored %q, expiry %d (was %d)", c.csrf, token, tok, exp, exp0)
	}
	// Later in the day: same token, expiry moved a day past this use.
	advance(5 * time.Hour)
	c.get("/settings")
	if tok, exp := stored(); c.csrf != token || tok != token || exp != time.Unix(0, clock.Load()).Add(csrfLifetime).Unix() {
		t.Fatalf("after 5.5 h: token %q, stored %q, expiry %d", c.csrf, tok, exp)
	}
	// A day and a bit without use: the token is refused, a new one issued.
	advance(csrfLifetime + time.Minute)
	if r := c.post("/logout", url.Values{"_csrf": {token}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("expired token: %d", r.StatusCode)
	}
	if c.get("/settings"); c.csrf == token || c.csrf == "" {
		t.Fatalf("no new token after expiry: %q", c.csrf)
	}
	if r := c.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new token refused: %d", r.StatusCode)
	}
}

// TestCSRFOldSessionFormat: a session written while Fiber's csrf
// middleware kept the token (a csrf.Token under "csrf") still loads, and
// gets a token of the current kind.
func TestCSRFOldSessionFormat(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	now := time.Now()
	data := map[string]any{
		sessUserID: u.ID, sessUsername: name, sessAdmin: false, sessTimezone: "UTC", sessWeekStart: int64(1),
		sessAuthAt: now.Unix(), sessSeenAt: now.Unix(),
		"csrf": &csrf.Token{Key: "old-token", Raw: []byte{'+'}, Expiration: now.Add(time.Hour)},
	}
	const id = "0b5e7a1c-old-format-session"
	storeOldSession(t, ts, id, data)
	c := ts.client(t)
	c.setCookie("eventcal_session", id)
	c.setCookie("eventcal_csrf", "old-token")
	r := c.get("/settings")
	if r.StatusCode != 200 || c.csrf == "" || c.csrf == "old-token" {
		t.Fatalf("old session: %d, token %q", r.StatusCode, c.csrf)
	}
	if r := c.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout with the new token: %d", r.StatusCode)
	}
}
