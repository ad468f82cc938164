package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

func TestHealthAndReady(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	if r := c.get("/healthz"); r.StatusCode != 200 {
		t.Fatalf("healthz %d", r.StatusCode)
	}
	if r := c.get("/readyz"); r.StatusCode != 200 || !strings.Contains(r.Body, "ready") {
		t.Fatalf("readyz %d %q", r.StatusCode, r.Body)
	}
	if r := c.get("/metrics"); r.StatusCode != 200 || !strings.Contains(r.Body, "eventcal_http_request_duration_seconds") {
		t.Fatalf("metrics %d", r.StatusCode)
	}
}

func TestLoginPageLoadsAssetsWithCacheHeaders(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	r := c.get("/login")
	if r.StatusCode != 200 {
		t.Fatalf("login page %d", r.StatusCode)
	}
	want := map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin", "Cross-Origin-Opener-Policy": "same-origin"}
	for h, v := range want {
		if got := r.Header.Get(h); got != v {
			t.Errorf("%s: %q, want %q", h, got, v)
		}
	}
	n := 0
	for h, v := range securityHeaders {
		if got := r.Header.Get(h); got != v {
			t.Errorf("%s: %q, want %q", h, got, v)
		}
		n++
	}
	if n < len(want)+1 {
		t.Errorf("securityHeaders yields %d headers, want the CSP and %d more", n, len(want))
	}
	if strings.Contains(r.Header.Get("Content-Security-Policy"), "unsafe-inline") {
		t.Error("CSP allows inline code")
	}
	srcs := regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(r.Body, -1)
	if len(srcs) != 3 {
		t.Fatalf("want css, htmx and app.js, found %v", srcs)
	}
	for _, m := range srcs {
		a := c.get(m[1])
		if a.StatusCode != 200 || a.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q", m[1], a.StatusCode, a.Header.Get("Cache-Control"))
		}
	}
	htmx := regexp.MustCompile(`src="(/assets/htmx\.[0-9a-f]+\.js)"`).FindStringSubmatch(r.Body)
	if htmx == nil || !strings.Contains(c.get(htmx[1]).Body, "2.0.11") {
		t.Error("htmx 2.0.11 is not served")
	}
	if r := c.get("/assets/app.css"); r.StatusCode != 404 {
		t.Errorf("unhashed asset name answered %d", r.StatusCode)
	}
}

func TestErrorHandlerPageAndFragment(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	full := c.get("/no/such/page")
	if full.StatusCode != 404 || !strings.Contains(strings.ToLower(full.Body), "<!doctype html>") || !strings.Contains(full.Body, "Not found") {
		t.Fatalf("full 404: %d %s", full.StatusCode, full.Body)
	}
	rid := full.Header.Get("X-Request-Id")
	if rid == "" || !strings.Contains(full.Body, rid) {
		t.Fatalf("request id %q not shown", rid)
	}
	frag := c.htmx("/no/such/page")
	if frag.StatusCode != 404 || strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, "Not found") {
		t.Fatalf("fragment 404: %d %s", frag.StatusCode, frag.Body)
	}
	if !strings.Contains(frag.Header.Get("Vary"), "HX-Request") {
		t.Errorf("Vary = %q", frag.Header.Get("Vary"))
	}
}

func TestInternalErrorsLeakNothing(t *testing.T) {
	pool, err := db.Open(context.Background(), env.DatabaseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	pool.Close() // every query now fails
	ts := startServer(t, func(d *Deps) { d.Store = db.NewStore(pool) })
	name := uniqueName(t)
	c := ts.client(t)
	c.get("/login")
	r := c.post("/login", url.Values{"username": {name}, "password": {"whatever-password"}})
	if r.StatusCode != http.StatusInternalServerError && r.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, leak := range []string{"pool", "closed", "pgx", "sql", "goroutine"} {
		if strings.Contains(strings.ToLower(r.Body), leak) {
			t.Errorf("error page leaks %q: %s", leak, r.Body)
		}
	}
	if !strings.Contains(ts.Log.String(), "request failed") {
		t.Error("the failure was not logged")
	}
}

func TestLoginLogoutAndRequireUser(t *testing.T) {
	ts := startServer(t)
	name := uniqueName(t)
	createUser(t, name, "correct horse battery", "Europe/Berlin", false)
	c := ts.client(t)

	r := c.get("/")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Fatalf("signed-out dashboard: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.htmx("/"); r.Header.Get("HX-Redirect") == "" {
		t.Fatalf("htmx request without a session got no HX-Redirect: %d", r.StatusCode)
	}
	before := c.cookie("eventcal_session")
	c.login(name, "correct horse battery")
	after := c.cookie("eventcal_session")
	if after == "" || after == before {
		t.Fatalf("session id not rotated at login: %q -> %q", before, after)
	}
	if r := c.get("/"); r.StatusCode != 200 || !strings.Contains(r.Body, name) || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("dashboard: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	if r := c.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout %d", r.StatusCode)
	}
	// The old cookie is anonymous now.
	stale := ts.client(t)
	u, _ := url.Parse(ts.URL)
	stale.http.Jar.SetCookies(u, []*http.Cookie{{Name: "eventcal_session", Value: after}})
	if r := stale.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old session still works after logout: %d", r.StatusCode)
	}
}

func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	c.get("/login")
	r := c.send(http.MethodPost, "/login", url.Values{"username": {"x"}, "password": {"y"}})
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "expired") {
		t.Fatalf("no token: %d %s", r.StatusCode, r.Body)
	}
}

func TestAllowedHosts(t *testing.T) {
	ts := startServer(t, func(d *Deps) { d.Config.AllowedHosts = []string{"cal.example.com"} })
	c := ts.client(t)
	if r := c.get("/login"); r.StatusCode != http.StatusBadRequest {
		t.Fatalf("foreign host answered %d", r.StatusCode)
	}
	if r := c.get("/login", "Host", "cal.example.com"); r.StatusCode != 200 {
		t.Fatalf("allowed host answered %d", r.StatusCode)
	}
}

func TestReadyzNamesRedisWhenDown(t *testing.T) {
	dead := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 200 * time.Millisecond})
	defer dead.Close()
	ts := startServer(t, func(d *Deps) { d.Redis, d.SessRedis = dead, dead })
	r := ts.client(t).get("/readyz")
	if r.StatusCode != http.StatusServiceUnavailable || !strings.Contains(r.Body, "redis") || strings.Contains(r.Body, "postgres") {
		t.Fatalf("readyz with Redis down: %d %q", r.StatusCode, r.Body)
	}
}
