package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestSessionLifetimes: a session lasts SESSION_IDLE (12 h) without use,
// or SESSION_REMEMBER (30 days) with "Keep me signed in", also after the
// TTL is refreshed by use; the cookie lasts as long.
func TestSessionLifetimes(t *testing.T) {
	var clock atomic.Int64
	clock.Store(time.Now().UnixNano())
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Now = func() time.Time { return time.Unix(0, clock.Load()) } })
	if ts.H.cfg.SessionIdle != 12*time.Hour || ts.H.cfg.SessionRemember != 30*24*time.Hour {
		t.Fatalf("defaults: idle %v, remember %v", ts.H.cfg.SessionIdle, ts.H.cfg.SessionRemember)
	}
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	ttl := func(c *client) time.Duration {
		t.Helper()
		return env.SessRedis.PTTL(context.Background(), ts.H.cache.SessionKey(c.cookie("eventcal_session"))).Val()
	}
	signIn := func(remember bool) (*client, *http.Cookie) {
		c := ts.client(t)
		form := c.get("/login")
		if !strings.Contains(form.Body, `<input type="checkbox" id="login-remember" name="remember" value="on">`) ||
			!strings.Contains(form.Body, "Keep me signed in") {
			t.Fatal("no Keep me signed in box on the login form")
		}
		v := url.Values{"username": {name}, "password": {goodPassword}}
		if remember {
			v.Set("remember", "on")
		}
		r := c.post("/login", v)
		for _, ck := range r.Cookies() {
			if ck.Name == "eventcal_session" {
				return c, ck
			}
		}
		t.Fatalf("login (remember %v): %d, no session cookie", remember, r.StatusCode)
		return nil, nil
	}

	short, ck := signIn(false)
	if d := ttl(short); d > 12*time.Hour || d < 11*time.Hour || ck.MaxAge != int((12*time.Hour).Seconds()) {
		t.Fatalf("without remember: TTL %v, cookie Max-Age %d", d, ck.MaxAge)
	}
	long, ck := signIn(true)
	if d := ttl(long); d < 29*24*time.Hour || ck.MaxAge != int((30*24*time.Hour).Seconds()) {
		t.Fatalf("with remember: TTL %v, cookie Max-Age %d", d, ck.MaxAge)
	}
	// Use two hours later refreshes each session with its own limit.
	clock.Add(int64(2 * time.Hour))
	short.get("/settings")
	long.get("/settings")
	if d := ttl(long); d < 29*24*time.Hour {
		t.Fatalf("remembered session after a refresh: TTL %v", d)
	}
	if d := ttl(short); d > 12*time.Hour || d < 11*time.Hour {
		t.Fatalf("short session after a refresh: TTL %v", d)
	}
}
