package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// countKeys counts the keys under prefix in a Redis database of the tests.
func countKeys(t *testing.T, rdb *redis.Client, prefix string) int {
	t.Helper()
	n := 0
	iter := rdb.Scan(context.Background(), 0, prefix+"*", 1000).Iterator()
	for iter.Next(context.Background()) {
		n++
	}
	if err := iter.Err(); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestStrangersGetNoSession: cookie-less visits of the login and
// registration forms store nothing in Redis, yet those forms post.
func TestStrangersGetNoSession(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	prefix := ts.H.cfg.RedisPrefix + "session_"
	before := countKeys(t, env.SessRedis, prefix)
	for i := range 200 {
		path := "/login"
		if i%2 == 1 {
			path = "/register"
		}
		r := ts.client(t).get(path)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="_csrf"`) {
			t.Fatalf("GET %s: %d", path, r.StatusCode)
		}
		for _, ck := range r.Cookies() {
			if ck.Name == "eventcal_session" {
				t.Fatalf("GET %s set a session cookie", path)
			}
		}
	}
	if after := countKeys(t, env.SessRedis, prefix); after != before {
		t.Fatalf("200 anonymous GETs added %d session keys", after-before)
	}
}

// TestPreSessionCSRF: the login form's token is the HMAC of the cookie
// under SECRET_KEY; missing, mismatched or forged tokens are 403; the plain
// form (JS off) and the htmx header (JS on) both sign in.
func TestPreSessionCSRF(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	creds := url.Values{"username": {name}, "password": {goodPassword}}

	c := ts.client(t)
	c.get("/login")
	cookie := c.cookie("eventcal_csrf")
	if c.csrf == "" || c.csrf == cookie || c.csrf != ts.H.preSessionToken(cookie) {
		t.Fatalf("token %q is not the signature of cookie %q", c.csrf, cookie)
	}
	// Another server key signs differently: its tokens are forgeries here.
	other := startServer(t, ownRedis(t), func(d *Deps) { d.Config.SecretKey = strings.Repeat("k", 40) })
	forged := other.H.preSessionToken(cookie)
	attacker := other.client(t)
	attacker.get("/login")
	refused := map[string]*response{
		"no token":         c.send(http.MethodPost, "/login", creds),
		"forged signature": c.send(http.MethodPost, "/login", withCSRF(creds, forged)),
		"the cookie":       c.send(http.MethodPost, "/login", withCSRF(creds, cookie)),
		"another's token":  c.send(http.MethodPost, "/login", withCSRF(creds, attacker.csrf)),
	}
	noCookie := ts.client(t)
	refused["token without its cookie"] = noCookie.send(http.MethodPost, "/login", withCSRF(creds, c.csrf))
	for what, r := range refused {
		if r.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d", what, r.StatusCode)
		}
	}
	// An expired cookie with its own valid signature is refused too.
	old := ts.client(t)
	stale := "AAAAAAAAAAAAAAAAAAAAAA." + strconv.FormatInt(time.Now().Add(-csrfLifetime-time.Minute).Unix(), 10)
	old.setCookie("eventcal_csrf", stale)
	if r := old.send(http.MethodPost, "/login", withCSRF(creds, ts.H.preSessionToken(stale))); r.StatusCode != http.StatusForbidden {
		t.Errorf("expired pre-session token: %d", r.StatusCode)
	}

	// JS off: the plain form.
	if r := c.post("/login", creds); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("plain login: %d %s", r.StatusCode, r.Body)
	}
	// JS on: htmx sends the meta tag's token in X-CSRF-Token.
	h := ts.client(t)
	h.get("/login")
	r := h.send(http.MethodPost, "/login", creds, "X-CSRF-Token", h.csrf, "HX-Request", "true")
	if r.StatusCode != http.StatusOK || r.Header.Get("HX-Redirect") != "/" || h.cookie("eventcal_session") == "" {
		t.Fatalf("htmx login: %d %q", r.StatusCode, r.Header.Get("HX-Redirect"))
	}
	// Registration takes the same token.
	reg := ts.client(t)
	if r := reg.register(name+"r", "", goodPassword, goodPassword, "UTC"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("register: %d", r.StatusCode)
	}
}

// TestLoginRotatesSession: sign-in makes a new session id, whatever id the
// browser came with (planted, or a signed-in one), and the old one is gone.
func TestLoginRotatesSession(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.setCookie("eventcal_session", "planted-session-id")
	c.login(name, goodPassword)
	first := c.cookie("eventcal_session")
	if first == "" || first == "planted-session-id" || sessionData(t, ts, first) == nil {
		t.Fatalf("session after login: %q", first)
	}
	c.get("/settings")
	if r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second login: %d", r.StatusCode)
	}
	if second := c.cookie("eventcal_session"); second == first || sessionData(t, ts, first) != nil {
		t.Fatalf("signed-in session not rotated: %q -> %q", first, second)
	}
}

// TestRedisKeysExpire: every key eventcal writes during a tour of the app
// has an expiry, so that a Redis with maxmemory-policy volatile-lru can
// evict any of them.
func TestRedisKeysExpire(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.get("/login")
	c.post("/login", url.Values{"username": {name}, "password": {"wrong password here"}})
	c.login(name, goodPassword)
	c.get("/events/new")
	day := time.Now().UTC().Format("2006-01-02")
	c.post("/events", url.Values{"title": {"Lunch"}, "start": {day + "T12:00"}, "end": {day + "T13:00"}})
	for _, p := range []string{"/", "/calendar?view=month", "/calendar?view=week", "/search?q=lunch", "/events?date=" + day} {
		c.get(p)
	}
	c.icsUpload("/events/import", "a.ics", []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x@y\r\n"+
		"DTSTART:20250601T100000Z\r\nDTEND:20250601T110000Z\r\nSUMMARY:Imported\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	c.get("/feed/" + strings.Repeat("a", 43) + ".ics")

	ctx := context.Background()
	n := 0
	for _, rdb := range []*redis.Client{env.Redis, env.SessRedis} {
		iter := rdb.Scan(ctx, 0, ts.H.cfg.RedisPrefix+"*", 1000).Iterator()
		for iter.Next(ctx) {
			n++
			if ttl := rdb.PTTL(ctx, iter.Val()).Val(); ttl <= 0 {
				t.Errorf("key %s has no expiry (%v)", iter.Val(), ttl)
			}
		}
	}
	if n < 5 {
		t.Fatalf("only %d keys written: the tour did not run", n)
	}
}

func withCSRF(v url.Values, token string) url.Values {
	out := url.Values{"_csrf": {token}}
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

// TestFeedMalformedTokenCountsNothing: a feed address that cannot be a
// token is 404 before any throttle counter is written.
func TestFeedMalformedTokenCountsNothing(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	c := ts.client(t)
	for _, p := range []string{"short", strings.Repeat("a", 44), strings.Repeat("!", 43), strings.Repeat("é", 22)} {
		if r := c.get("/feed/" + url.PathEscape(p) + ".ics"); r.StatusCode != http.StatusNotFound {
			t.Errorf("%q: %d", p, r.StatusCode)
		}
	}
	prefix := ts.H.cfg.RedisPrefix + "throttle_feed_"
	if n := countKeys(t, env.Redis, prefix); n != 0 {
		t.Fatalf("malformed tokens were counted: %d keys", n)
	}
	// A well-formed one is counted (per token and per address).
	c.get("/feed/" + strings.Repeat("a", 43) + ".ics")
	if n := countKeys(t, env.Redis, prefix); n != 2 {
		t.Fatalf("a well-formed token: %d keys", n)
	}
}
