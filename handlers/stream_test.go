package handlers

import (
	"bufio"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// openStream opens c's live-update stream and returns its lines as they
// come.
func openStream(t *testing.T, c *client) <-chan string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"/events/stream", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/event-stream")
	req.Header.Set("Accept-Encoding", "gzip")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") || res.Header.Get("Content-Encoding") != "" {
		t.Fatalf("stream: %d %v", res.StatusCode, res.Header)
	}
	lines := make(chan string, 64)
	go func() {
		defer res.Body.Close()
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	return lines
}

// nextEvent waits up to d for an "event:" line and returns it with its
// data line ("" when none came).
func nextEvent(lines <-chan string, d time.Duration) (string, string) {
	timeout := time.After(d)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				return "closed", ""
			}
			if ev, found := strings.CutPrefix(l, "event: "); found {
				return ev, <-lines
			}
		case <-timeout:
			return "", ""
		}
	}
}

func TestLiveUpdatesAcrossInstances(t *testing.T) {
	t.Parallel()
	short := func(d *Deps) { d.WriteTimeout = time.Second }
	a, b := startServer(t, short), startServer(t, short)
	createUser(t, "liveann", "pw-liveann-12345", "UTC", false)
	createUser(t, "livebob", "pw-livebob-12345", "UTC", false)
	annB := b.client(t)
	annB.login("liveann", "pw-liveann-12345")
	bobB := b.client(t)
	bobB.login("livebob", "pw-livebob-12345")
	annA := a.client(t)
	annA.login("liveann", "pw-liveann-12345")

	annLines, bobLines := openStream(t, annB), openStream(t, bobB)
	time.Sleep(2 * time.Second) // past WriteTimeout: the stream must outlive it
	annA.get("/")
	form := url.Values{"title": {"Live lunch"}, "start": {"2026-12-20T12:00"}, "end": {"2026-12-20T13:00"}}
	if r := annA.post("/events", form); r.StatusCode >= 400 {
		t.Fatalf("create: %d", r.StatusCode)
	}
	if ev, data := nextEvent(annLines, time.Second); ev != "changed" || !strings.HasPrefix(data, "data: {") {
		t.Fatalf("ann's stream on B: %q %q", ev, data)
	}
	// A page's own change comes back with its origin, so that it can skip it.
	if r := annA.post("/events", form, "X-Live-Origin", "page-42"); r.StatusCode >= 400 {
		t.Fatalf("create: %d", r.StatusCode)
	}
	if ev, data := nextEvent(annLines, time.Second); ev != "changed" || data != `data: {"origin":"page-42"}` {
		t.Fatalf("with origin: %q %q", ev, data)
	}
	if ev, _ := nextEvent(bobLines, 300*time.Millisecond); ev != "" {
		t.Fatalf("bob's stream heard ann's change: %q", ev)
	}
	if open, sent := liveMetrics(t, b); open != 2 || sent < 2 {
		t.Fatalf("B's metrics: %v streams open, %v messages sent", open, sent)
	}
}

// liveMetrics reads an instance's live-update metrics.
func liveMetrics(t *testing.T, ts *testServer) (open, sent float64) {
	t.Helper()
	mfs, err := ts.H.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			switch mf.GetName() {
			case "eventcal_live_streams_open":
				open = m.GetGauge().GetValue()
			case "eventcal_live_messages_sent_total":
				sent += m.GetCounter().GetValue()
			}
		}
	}
	return open, sent
}

// TestOnlySignedInPagesFollowTheStream: a signed-in page names htmx's SSE
// extension for app.js to load when idle and connects #live, a polite
// status region, to the stream; a signed-out page loads neither; the CSP lets the
// page connect to its own origin. The stream of a page without a session
// (it ended while the page stayed open) says "ended" once and closes.
func TestOnlySignedInPagesFollowTheStream(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	createUser(t, "livepage", "pw-livepage-12345", "UTC", false)
	c := ts.client(t)
	scripts := regexp.MustCompile(`<script src="/assets/([a-z]+)\.[0-9a-f]+\.js" defer></script>`)
	names := func(body string) (out []string) {
		for _, m := range scripts.FindAllStringSubmatch(body, -1) {
			out = append(out, m[1])
		}
		return out
	}
	out := c.get("/login")
	if got := names(out.Body); !slices.Equal(got, []string{"htmx", "app"}) || strings.Contains(out.Body, "sse-connect") || strings.Contains(out.Body, "live-script") {
		t.Fatalf("signed-out page loads %v, or connects", got)
	}
	if csp := out.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "connect-src 'self'") {
		t.Fatalf("CSP %q does not let the page connect to its origin", csp)
	}
	ended := c.get("/events/stream")
	if ended.StatusCode != 200 || !strings.HasPrefix(ended.Header.Get("Content-Type"), "text/event-stream") || ended.Body != "event: ended\ndata: signed out\n\n" {
		t.Fatalf("signed-out stream: %d %q %q", ended.StatusCode, ended.Header.Get("Content-Type"), ended.Body)
	}
	c.login("livepage", "pw-livepage-12345")
	in := c.get("/")
	if got := names(in.Body); !slices.Equal(got, []string{"htmx", "app"}) {
		t.Fatalf("signed-in page loads %v, want htmx, app (and the SSE extension when idle)", got)
	}
	live := regexp.MustCompile(`<div id="live"[^>]*>`).FindString(in.Body)
	for _, want := range []string{`role="status"`, `aria-live="polite"`, `sse-connect="/events/stream"`, `hx-trigger="sse:changed, sse:reminder, sse:ended"`} {
		if !strings.Contains(live, want) {
			t.Errorf("#live %q lacks %s", live, want)
		}
	}
	src := regexp.MustCompile(`<meta name="live-script" content="(/assets/sse\.[0-9a-f]+\.js)"`).FindStringSubmatch(in.Body)
	if src == nil {
		t.Fatal("the signed-in page does not name the SSE extension to load")
	}
	if r := c.get(src[1]); r.StatusCode != 200 || !strings.Contains(r.Body, `defineExtension("sse"`) {
		t.Errorf("%s: %d, not the SSE extension", src[1], r.StatusCode)
	}
}
