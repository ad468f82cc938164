package handlers

import (
	"errors"
	"net/http"
	"strings"
	"testing"
)

// TestFeedTokensNotLogged: a feed request that fails is logged with the
// path /feed/… (the token is a password for the calendar).
func TestFeedTokensNotLogged(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	token := "Zq3" + strings.Repeat("x", 40)
	for _, p := range []string{"/feed/" + token + ".ics", "/FEED/" + token + ".ics", "/feed/" + token + ".ics.ics"} {
		if r := ts.client(t).get(p); r.StatusCode != http.StatusNotFound {
			t.Fatalf("%s: %d", p, r.StatusCode)
		}
	}
	log := ts.Log.String()
	if strings.Contains(log, token) || strings.Contains(log, "Zq3") {
		t.Fatalf("the token is in the log:\n%s", log)
	}
	if strings.Count(log, "/feed/…") < 2 || !strings.Contains(log, "/FEED/…") {
		t.Fatalf("no redacted feed path in the log:\n%s", log)
	}
}

func TestRedactFeed(t *testing.T) {
	for in, want := range map[string]string{
		"/feed/abc.ics":                 "/feed/…",
		"/feeds/x":                      "/feeds/x",
		"/feed/":                        "/feed/",
		"GET /feed/abc.ics and /Feed/x": "GET /feed/… and /Feed/…",
		"/events/5":                     "/events/5",
		`url "/feed/abc.ics" gone`:      `url "/feed/…" gone`,
		"/feed/abc?x=1":                 "/feed/…?x=1",
	} {
		if got := redactFeed(in); got != want {
			t.Errorf("redactFeed(%q) = %q, want %q", in, got, want)
		}
	}
	if got := logErr(errors.New("reading /feed/secret.ics")); got != "reading /feed/…" {
		t.Errorf("logErr = %v", got)
	}
}
