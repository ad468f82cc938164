package handlers

import (
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestMetricsToken: with METRICS_TOKEN, /metrics and /readyz need it as a
// Bearer token; /healthz stays public.
func TestMetricsToken(t *testing.T) {
	const token = "metrics-token-0123456789"
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.MetricsToken = token })
	c := ts.client(t)
	for _, p := range []string{"/metrics", "/readyz"} {
		for _, auth := range []string{"", "Bearer wrong-token-0123456789", "Basic " + token, token} {
			r := c.get(p, "Authorization", auth)
			if r.StatusCode != http.StatusUnauthorized || !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") ||
				strings.Contains(r.Body, "eventcal_") {
				t.Errorf("%s with %q: %d", p, auth, r.StatusCode)
			}
		}
		if r := c.get(p, "Authorization", "Bearer "+token); r.StatusCode != http.StatusOK {
			t.Errorf("%s with the token: %d", p, r.StatusCode)
		}
	}
	if r := c.get("/metrics", "Authorization", "Bearer "+token); !strings.Contains(r.Body, "eventcal_http_request_duration_seconds") {
		t.Error("no eventcal metrics")
	}
	if r := c.get("/healthz"); r.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d", r.StatusCode)
	}
}

// TestMetricsAddr: with METRICS_ADDR, /metrics and /readyz leave the public
// listener for MetricsApp's.
func TestMetricsAddr(t *testing.T) {
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.MetricsAddr = "127.0.0.1:1" })
	c := ts.client(t)
	for _, p := range []string{"/metrics", "/readyz"} {
		if r := c.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("public %s: %d", p, r.StatusCode)
		}
	}
	if r := c.get("/healthz"); r.StatusCode != http.StatusOK {
		t.Errorf("/healthz: %d", r.StatusCode)
	}
	mapp := ts.H.MetricsApp()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = mapp.Listener(ln) }()
	t.Cleanup(func() { _ = mapp.ShutdownWithTimeout(time.Second) })
	m := &client{t: t, base: "http://" + ln.Addr().String(), http: &http.Client{Timeout: 10 * time.Second}}
	for _, p := range []string{"/metrics", "/readyz", "/healthz"} {
		if r := m.get(p); r.StatusCode != http.StatusOK {
			t.Errorf("metrics listener %s: %d", p, r.StatusCode)
		}
	}
}
