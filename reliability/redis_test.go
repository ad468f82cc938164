package reliability

import (
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const unavailableText = "Sign-in temporarily unavailable"

// TestRedisStops: with Redis down, every page that needs a session answers
// a clear 503 (never a 500, a redirect to the login form or another user's
// data), writes are refused without being stored, and everything recovers
// by itself when Redis returns on the same port: with its data (sessions
// survive), or empty (users sign in again).
func TestRedisStops(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	app := startProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: rs.URL()}, "")
	createUser(t, dbURL, "alice", "alice password 1", "UTC")
	createUser(t, dbURL, "bob", "bob password 22", "UTC")

	alice, bob := newBrowser(t, app.URL), newBrowser(t, app.URL)
	alice.mustLogin("alice", "alice password 1")
	bob.mustLogin("bob", "bob password 22")
	day := time.Now().UTC().Format("2006-01-02")
	aliceID := alice.mustCreateEvent(eventForm("Alice private plan", "", day, 9))
	bob.mustCreateEvent(eventForm("Bob private plan", "", day, 10))
	for _, path := range []string{"/", "/events?date=" + day, "/events/" + itoa(aliceID)} {
		if p := alice.mustGet(path); p.Status != http.StatusOK || !strings.Contains(p.Body, "Alice private plan") {
			t.Fatalf("GET %s before the fault: %d", path, p.Status)
		}
	}
	countBefore := countEvents(t, dbURL)

	rs.Save()
	rs.Kill()

	allPaths := []string{"/", "/calendar?view=week", "/events?date=" + day, "/events/" + itoa(aliceID), "/search?q=plan", "/events/new"}
	down := func(b *browser, who string, paths []string) {
		t.Helper()
		for _, path := range paths {
			for _, hx := range [][]string{nil, {"HX-Request", "true"}} {
				p := b.mustGet(path, hx...)
				if p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, unavailableText) {
					t.Fatalf("%s GET %s %v with Redis down: status %d, want 503 %q: %s", who, path, hx, p.Status, unavailableText, snippet(p.Body))
				}
				if strings.Contains(p.Body, "private plan") || p.Header.Get("Location") != "" || p.Header.Get("HX-Redirect") != "" {
					t.Fatalf("%s GET %s with Redis down leaked data or redirected: %v %s", who, path, p.Header, snippet(p.Body))
				}
				if p.Header.Get("Retry-After") == "" || p.Header.Get("Cache-Control") != "no-store" {
					t.Fatalf("%s GET %s: 503 without Retry-After / no-store: %v", who, path, p.Header)
				}
			}
		}
		p, err := b.post("/events", eventForm("Written while Redis was down", "", day, 11))
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, unavailableText) {
			t.Fatalf("%s POST /events with Redis down: status %d, want 503: %s", who, p.Status, snippet(p.Body))
		}
	}
	down(alice, "alice", allPaths)
	down(bob, "bob", allPaths[:2])
	// A visitor without a session cookie is anonymous: sent to the login
	// form, whose post is refused with the same 503 below.
	if p := newBrowser(t, app.URL).mustGet("/"); p.Status != http.StatusSeeOther || !strings.HasPrefix(p.Header.Get("Location"), "/login") {
		t.Fatalf("a new visitor with Redis down: %d %v", p.Status, p.Header)
	}
	if p := alice.mustGet("/healthz"); p.Status != http.StatusOK {
		t.Fatalf("/healthz with Redis down: %d", p.Status)
	}
	if p := alice.mustGet("/readyz"); p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, "redis") {
		t.Fatalf("/readyz with Redis down: %d %s", p.Status, p.Body)
	}
	for who, b := range map[string]*browser{"alice": alice, "a new visitor": newBrowser(t, app.URL)} {
		if p := b.mustPost("/login", url.Values{"username": {"alice"}, "password": {"alice password 1"}}); p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, unavailableText) {
			t.Fatalf("%s: POST /login with Redis down: %d, want 503: %s", who, p.Status, snippet(p.Body))
		}
	}
	if n := countEvents(t, dbURL); n != countBefore {
		t.Fatalf("a write was stored while it was refused: %d events, had %d", n, countBefore)
	}

	// Redis returns with its data: sessions survive, nobody signs in again.
	rs.Start()
	waitStatus(t, alice, "/", http.StatusOK, 15*time.Second)
	if p := alice.mustGet("/"); !strings.Contains(p.Body, "Alice private plan") || strings.Contains(p.Body, "Bob private plan") {
		t.Fatalf("alice after Redis returned: %s", snippet(p.Body))
	}
	if p := bob.mustGet("/events?date=" + day); p.Status != http.StatusOK || !strings.Contains(p.Body, "Bob private plan") || strings.Contains(p.Body, "Alice") {
		t.Fatalf("bob after Redis returned: %d %s", p.Status, snippet(p.Body))
	}
	waitStatus(t, alice, "/readyz", http.StatusOK, 5*time.Second)
	alice.mustCreateEvent(eventForm("Written after Redis returned", "", day, 12))

	// Redis returns empty (no persistence): the sessions are gone, so the
	// users are signed out cleanly and can sign in again.
	rs.Kill()
	if err := os.Remove(filepath.Join(rs.dir, "dump.rdb")); err != nil {
		t.Fatal(err)
	}
	rs.Start()
	waitStatus(t, alice, "/", http.StatusSeeOther, 15*time.Second)
	if p := alice.mustGet("/"); !strings.HasPrefix(p.Header.Get("Location"), "/login") {
		t.Fatalf("alice after an empty Redis: %d to %q", p.Status, p.Header.Get("Location"))
	}
	alice.mustLogin("alice", "alice password 1")
	if p := alice.mustGet("/events?date=" + day); !strings.Contains(p.Body, "Written after Redis returned") || !strings.Contains(p.Body, "Alice private plan") {
		t.Fatalf("alice's events after signing in again: %s", snippet(p.Body))
	}
	app.Stop(t)
	if strings.Contains(app.Log.String(), "panic") {
		t.Fatalf("the server panicked:\n%s", app.Log)
	}
}

// waitStatus polls path until it answers status.
func waitStatus(t *testing.T, b *browser, path string, status int, timeout time.Duration) {
	t.Helper()
	var last *page
	if !poll(timeout, func() bool {
		p, err := b.get(path)
		if err != nil {
			return false
		}
		last = p
		return p.Status == status
	}) {
		got := "no answer"
		if last != nil {
			got = itoa(int64(last.Status)) + " " + snippet(last.Body)
		}
		t.Fatalf("GET %s did not answer %d within %v: %s", path, status, timeout, got)
	}
}

// views loads every cached view that shows events of day: the month
// fragment, the day list, the upcoming list, a search for q, and (when id
// is not 0) the event's details.
func views(b *browser, day, q string, id int64) (map[string]*page, error) {
	paths := map[string]string{
		"month":    "/calendar?view=month&date=" + day,
		"week":     "/calendar?view=week&date=" + day,
		"day":      "/events?date=" + day,
		"upcoming": "/upcoming",
		"search":   "/search?q=" + url.QueryEscape(q),
	}
	if id != 0 {
		paths["detail"] = "/events/" + itoa(id)
	}
	out := map[string]*page{}
	for name, path := range paths {
		p, err := b.get(path, "HX-Request", "true")
		if err != nil {
			return nil, err
		}
		out[name] = p
	}
	return out, nil
}

// mustShow fails unless every view answers 200, shows want and does not
// show gone.
func mustShow(t *testing.T, when string, b *browser, day, q string, id int64, want, gone string) {
	t.Helper()
	vs, err := views(b, day, q, id)
	if err != nil {
		t.Fatal(err)
	}
	for name, p := range vs {
		if p.Status != http.StatusOK {
			t.Errorf("%s: %s view: status %d: %s", when, name, p.Status, snippet(p.Body))
			continue
		}
		if want != "" && !strings.Contains(p.Body, want) {
			t.Errorf("%s: %s view does not show %q (stale?): %s", when, name, want, snippet(p.Body))
		}
		if gone != "" && strings.Contains(p.Body, gone) {
			t.Errorf("%s: %s view still shows %q (stale)", when, name, gone)
		}
		if p.Duration > 5*time.Second {
			t.Errorf("%s: %s view took %v", when, name, p.Duration)
		}
	}
	if t.Failed() {
		t.FailNow()
	}
}

// TestCacheRedisStops: when only the cache's Redis is down (sessions are
// elsewhere), every page answers from Postgres, writes go through and show
// at once, and when the cache returns with the values it held before the
// outage (a restart with persistence), nothing stale is served.
func TestCacheRedisStops(t *testing.T) {
	dbURL := newDatabase(t)
	cacheRS, sessRS := startRedis(t), startRedis(t)
	app := startInProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: cacheRS.URL(), SessRedis: sessRS.URL()})
	createUser(t, dbURL, "carol", "carol password 1", "UTC")
	carol := newBrowser(t, app.URL)
	carol.mustLogin("carol", "carol password 1")
	day := time.Now().UTC().AddDate(0, 0, 1).Format("2006-01-02")

	id := carol.mustCreateEvent(eventForm("Kickoff alpha", "agenda xylo", day, 9))
	mustShow(t, "before the outage", carol, day, "xylo", id, "Kickoff alpha", "")
	mustShow(t, "before the outage, cached", carol, day, "xylo", id, "Kickoff alpha", "")

	cacheRS.Save()
	cacheRS.Kill()
	mustShow(t, "cache down", carol, day, "xylo", id, "Kickoff alpha", "")
	if err := carol.updateEvent(id, eventForm("Kickoff beta", "agenda xylo", day, 9)); err != nil {
		t.Fatalf("update with the cache down: %v", err)
	}
	mustShow(t, "cache down, after an update", carol, day, "xylo", id, "Kickoff beta", "Kickoff alpha")
	if p := carol.mustGet("/readyz"); p.Status != http.StatusServiceUnavailable {
		t.Fatalf("/readyz with the cache down: %d", p.Status)
	}

	// The cache comes back holding "Kickoff alpha" in every family.
	cacheRS.Start()
	waitStatus(t, carol, "/readyz", http.StatusOK, 10*time.Second)
	mustShow(t, "cache back", carol, day, "xylo", id, "Kickoff beta", "Kickoff alpha")
	mustShow(t, "cache back, cached", carol, day, "xylo", id, "Kickoff beta", "Kickoff alpha")
}

// TestRedisSlow: while Redis hangs (accepts connections, never answers),
// requests still answer within a bound set by the Redis timeouts, not by
// Redis: pages that need only the cache answer from Postgres, pages that
// need the session answer the 503; both recover when Redis answers again.
// The bound asserted (5 s while Redis hangs for longer) is a functional
// check, not a benchmark.
func TestRedisSlow(t *testing.T) {
	const bound = 5 * time.Second
	day := time.Now().UTC().AddDate(0, 0, 2).Format("2006-01-02")

	t.Run("cache only", func(t *testing.T) {
		dbURL := newDatabase(t)
		rs, sessRS := startRedis(t), startRedis(t)
		proxy := newStallProxy(t, rs.Addr())
		app := startInProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: "redis://" + proxy.Addr() + "/0", SessRedis: sessRS.URL()})
		createUser(t, dbURL, "dave", "dave password 1", "UTC")
		dave := newBrowser(t, app.URL)
		dave.mustLogin("dave", "dave password 1")
		id := dave.mustCreateEvent(eventForm("Standup gamma", "notes zeta", day, 8))
		mustShow(t, "before the stall", dave, day, "zeta", id, "Standup gamma", "")

		proxy.Stall()
		mustShow(t, "Redis hanging", dave, day, "zeta", id, "Standup gamma", "") // each view within the bound
		start := time.Now()
		if err := dave.updateEvent(id, eventForm("Standup delta", "notes zeta", day, 8)); err != nil {
			t.Fatalf("update while the cache hangs: %v", err)
		}
		if d := time.Since(start); d > bound {
			t.Fatalf("update while the cache hangs took %v", d)
		}
		mustShow(t, "Redis hanging, after an update", dave, day, "zeta", id, "Standup delta", "Standup gamma")

		proxy.Resume()
		waitStatus(t, dave, "/readyz", http.StatusOK, 10*time.Second)
		mustShow(t, "Redis answers again", dave, day, "zeta", id, "Standup delta", "Standup gamma")
		mustShow(t, "Redis answers again, cached", dave, day, "zeta", id, "Standup delta", "Standup gamma")
	})

	t.Run("cache and sessions", func(t *testing.T) {
		dbURL := newDatabase(t)
		rs := startRedis(t)
		proxy := newStallProxy(t, rs.Addr())
		app := startProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: "redis://" + proxy.Addr() + "/0"}, "")
		createUser(t, dbURL, "erin", "erin password 1", "UTC")
		erin := newBrowser(t, app.URL)
		erin.mustLogin("erin", "erin password 1")
		erin.mustCreateEvent(eventForm("Review epsilon", "", day, 8))

		proxy.Stall()
		for _, path := range []string{"/", "/events?date=" + day, "/search?q=review"} {
			p := erin.mustGet(path)
			if p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, unavailableText) || p.Duration > bound {
				t.Fatalf("GET %s while Redis hangs: %d after %v, want a 503 within %v: %s", path, p.Status, p.Duration, bound, snippet(p.Body))
			}
		}
		if p := erin.mustGet("/healthz"); p.Status != http.StatusOK || p.Duration > bound {
			t.Fatalf("/healthz while Redis hangs: %d after %v", p.Status, p.Duration)
		}
		proxy.Resume()
		waitStatus(t, erin, "/", http.StatusOK, 15*time.Second)
		if p := erin.mustGet("/events?date=" + day); !strings.Contains(p.Body, "Review epsilon") {
			t.Fatalf("after Redis answers again: %s", snippet(p.Body))
		}
		app.Stop(t)
	})
}

// TestRedisSentinel: with REDIS_URL naming a Sentinel (?master_name=), the
// app finds the master through it, and after the master dies and the
// Sentinel promotes its replica, the app follows by itself: the session
// (replicated before the failure) still works and writes go on.
func TestRedisSentinel(t *testing.T) {
	dbURL := newDatabase(t)
	master := startRedis(t)
	replica := startRedis(t, "--replicaof", "127.0.0.1", strconv.Itoa(master.Port))
	sentinel := startSentinel(t, "eventcal", master.Addr())
	app := startProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: "redis://" + sentinel.Addr() + "/0?master_name=eventcal"}, "")
	createUser(t, dbURL, "kim", "kim password 1", "UTC")
	kim := newBrowser(t, app.URL)
	kim.mustLogin("kim", "kim password 1")
	day := time.Now().UTC().AddDate(0, 0, 6).Format("2006-01-02")
	kim.mustCreateEvent(eventForm("Before the failover", "", day, 9))

	// The replica must hold the session before the master goes.
	if !poll(10*time.Second, func() bool {
		reply, err := redisCommand(replica.Addr(), "DBSIZE")
		return err == nil && reply != ":0"
	}) {
		t.Fatal("the replica never received the data")
	}
	master.Kill()
	waitStatus(t, kim, "/", http.StatusOK, 45*time.Second)
	if _, err := kim.createEvent(eventForm("After the failover", "", day, 10)); err != nil {
		t.Fatalf("write after the failover: %v", err)
	}
	if p := kim.mustGet("/events?date=" + day); !strings.Contains(p.Body, "Before the failover") || !strings.Contains(p.Body, "After the failover") {
		t.Fatalf("after the failover: %s", snippet(p.Body))
	}
	// Signing in writes a session: only a promoted master takes it.
	newBrowser(t, app.URL).mustLogin("kim", "kim password 1")
	app.Stop(t)
}
