package cache

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

// fill reads every family once for uid so each is cached: upcoming,
// the given dates, event eventID and the search "q" page 1.
func fill(t *testing.T, c *Cache, uid, eventID int64, dates []string, f *fakeDays) {
	t.Helper()
	ctx := context.Background()
	if _, err := c.Upcoming(ctx, uid, (&counted{}).load); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Days(ctx, uid, dates, f.load); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Event(ctx, uid, eventID, func(context.Context) (Record, error) { return Record{Event: event(eventID, uid, "e", dates[0])}, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Search(ctx, c, uid, "q", 1, func(context.Context) (string, error) { return "page", nil }); err != nil {
		t.Fatal(err)
	}
}

// loads reports which families call load on the next read of uid.
type loads struct{ upcoming, event, search bool }

func nextLoads(t *testing.T, c *Cache, uid, eventID int64) loads {
	t.Helper()
	ctx := context.Background()
	var l loads
	if _, err := c.Upcoming(ctx, uid, func(context.Context) ([]db.Event, error) { l.upcoming = true; return nil, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Event(ctx, uid, eventID, func(context.Context) (Record, error) {
		l.event = true
		return Record{Event: event(eventID, uid, "e", "2025-06-01")}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := Search(ctx, c, uid, "q", 1, func(context.Context) (string, error) { l.search = true; return "page", nil }); err != nil {
		t.Fatal(err)
	}
	return l
}

func TestEventChangedInvalidatesAffectedKeysOnly(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	dates := days("2025-06-01", 7)
	f := &fakeDays{rows: map[string][]db.Event{"2025-06-02": {event(42, 1, "e", "2025-06-02")}}}
	fill(t, c, 1, 42, dates, f)
	fill(t, c, 2, 43, dates, f) // another user: untouched

	c.EventChanged(ctx, 1, 42, []string{"2025-06-03", "2025-06-02", "2025-06-03"})

	for _, k := range []string{"upcoming_events_1", "events_date_1_2025-06-02", "events_date_1_2025-06-03", "event_42"} {
		assertMissing(t, c.cfg.Prefix+k)
	}
	assertTTL(t, c.cfg.Prefix+"gen_1", 2*testTTL+genSlack)
	before := len(f.callLog())
	if _, err := c.Days(ctx, 1, dates, f.load); err != nil {
		t.Fatal(err)
	}
	calls := f.callLog()
	if len(calls) != before+1 {
		t.Fatalf("days: %d loads, want 1", len(calls)-before)
	}
	assertEqual(t, "reloaded dates", calls[len(calls)-1], []string{"2025-06-02", "2025-06-03"})
	assertEqual(t, "user 1 loads", nextLoads(t, c, 1, 42), loads{upcoming: true, event: true, search: true})

	// User 2 is all hits.
	if _, err := c.Days(ctx, 2, dates, f.load); err != nil {
		t.Fatal(err)
	}
	if len(f.callLog()) != len(calls) {
		t.Fatal("user 2's dates were invalidated")
	}
	assertEqual(t, "user 2 loads", nextLoads(t, c, 2, 43), loads{})

	// eventID 0 and no dates: upcoming and searches only.
	fill(t, c, 1, 42, dates, f)
	c.EventChanged(ctx, 1, 0, nil)
	assertEqual(t, "no event id", nextLoads(t, c, 1, 42), loads{upcoming: true, search: true})
}

func TestDropUserInvalidatesListsAndSearches(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	dates := days("2025-06-01", 3)
	f := &fakeDays{rows: map[string][]db.Event{}}
	fill(t, c, 1, 42, dates, f)
	fill(t, c, 2, 43, dates, f)

	c.DropUser(ctx, 1)

	assertMissing(t, c.cfg.Prefix+"upcoming_events_1")
	assertEqual(t, "user 1 loads", nextLoads(t, c, 1, 42), loads{upcoming: true, event: true, search: true})
	before := len(f.callLog())
	if _, err := c.Days(ctx, 1, dates, f.load); err != nil {
		t.Fatal(err)
	}
	if len(f.callLog()) != before+1 {
		t.Fatal("DropUser left the user's dates cached")
	}
	assertEqual(t, "user 2 loads", nextLoads(t, c, 2, 43), loads{})
}

// The slow-fill race: a reader misses and loads, a writer commits and
// invalidates, then the reader writes its (old) value back. The next read
// must load again and return the fresh data.
func TestSlowFillAfterWriteIsNeverServed(t *testing.T) {
	old := []db.Event{event(1, 1, "old title", "2025-06-01")}
	fresh := []db.Event{event(1, 1, "new title", "2025-06-01")}

	race := func(t *testing.T, c *Cache, read func(load func() []db.Event) []db.Event) {
		t.Helper()
		started, release, done := make(chan struct{}), make(chan struct{}), make(chan []db.Event)
		go func() {
			done <- read(func() []db.Event { close(started); <-release; return old })
		}()
		select {
		case <-started:
		case <-time.After(10 * time.Second):
			t.Fatal("the first read did not load")
		}
		c.EventChanged(context.Background(), 1, 1, []string{"2025-06-01"})
		close(release)
		<-done // the slow reader got old data and tried to write it back
		n := 0
		got := read(func() []db.Event { n++; return fresh })
		if n != 1 {
			t.Fatalf("read after the write called load %d times, want 1", n)
		}
		assertEqual(t, "after the write", got, fresh)
		got = read(func() []db.Event { t.Error("fresh value not cached"); return nil })
		assertEqual(t, "cached fresh value", got, fresh)
	}
	ctx := context.Background()

	t.Run("upcoming", func(t *testing.T) {
		c := newCache(t)
		race(t, c, func(load func() []db.Event) []db.Event {
			evs, err := c.Upcoming(ctx, 1, func(context.Context) ([]db.Event, error) { return load(), nil })
			if err != nil {
				t.Fatal(err)
			}
			return evs
		})
	})
	t.Run("days", func(t *testing.T) {
		c := newCache(t)
		race(t, c, func(load func() []db.Event) []db.Event {
			m, err := c.Days(ctx, 1, []string{"2025-06-01"}, func(context.Context, []string) (map[string][]db.Event, error) {
				return map[string][]db.Event{"2025-06-01": load()}, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return m["2025-06-01"]
		})
	})
	t.Run("event", func(t *testing.T) {
		c := newCache(t)
		race(t, c, func(load func() []db.Event) []db.Event {
			e, err := c.Event(ctx, 1, 1, func(context.Context) (Record, error) { return Record{Event: load()[0]}, nil })
			if err != nil {
				t.Fatal(err)
			}
			return []db.Event{e.Event}
		})
	})
	t.Run("search", func(t *testing.T) {
		c := newCache(t)
		race(t, c, func(load func() []db.Event) []db.Event {
			p, err := Search(ctx, c, 1, "title", 1, func(context.Context) ([]string, error) { return []string{load()[0].Title}, nil })
			if err != nil {
				t.Fatal(err)
			}
			e := fresh[0]
			if p[0] == old[0].Title {
				e = old[0]
			}
			return []db.Event{e}
		})
	})
}

func TestRedisUnreachableServesFromLoad(t *testing.T) {
	ctx := context.Background()
	bad := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1"})
	defer bad.Close()
	var buf syncBuffer
	log := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	reg := prometheus.NewRegistry()
	c := New(bad, Config{Prefix: testPrefix(t), Enabled: true}, log, reg)

	l := &counted{value: []db.Event{event(1, 1, "x", "2025-06-01")}}
	f := &fakeDays{rows: map[string][]db.Event{"2025-06-01": l.value}}
	ev, sn := 0, 0
	start := time.Now()
	for range 3 {
		got, err := c.Upcoming(ctx, 1, l.load)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "upcoming", got, l.value)
		m, err := c.Days(ctx, 1, []string{"2025-06-01", "2025-06-02"}, f.load)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "days", m, f.want([]string{"2025-06-01", "2025-06-02"}))
		e, err := c.Event(ctx, 1, 1, func(context.Context) (Record, error) { ev++; return Record{Event: l.value[0]}, nil })
		if err != nil || e.ID != 1 {
			t.Fatalf("event = %v, %v", e, err)
		}
		s, err := Search(ctx, c, 1, "x", 1, func(context.Context) (string, error) { sn++; return "r", nil })
		if err != nil || s != "r" {
			t.Fatalf("search = %q, %v", s, err)
		}
		c.EventChanged(ctx, 1, 1, []string{"2025-06-01"})
		c.DropUser(ctx, 1)
	}
	if l.calls() != 3 || len(f.callLog()) != 3 || ev != 3 || sn != 3 {
		t.Fatalf("loads: upcoming %d, days %d, event %d, search %d; want 3 each", l.calls(), len(f.callLog()), ev, sn)
	}
	t.Logf("18 operations against an unreachable Redis took %v", time.Since(start))
	if warns := strings.Count(buf.String(), "cache: Redis error"); warns != 1 {
		t.Fatalf("%d Redis warnings, want 1 (rate-limited):\n%s", warns, buf.String())
	}
	if v := counterValue(t, reg, "eventcal_cache_errors_total", ""); v < 18 {
		t.Fatalf("eventcal_cache_errors_total = %v, want >= 18", v)
	}
	if _, err := c.DropAll(ctx); err == nil {
		t.Fatal("DropAll on an unreachable Redis reported no error")
	}
}

func TestDebugLogLines(t *testing.T) {
	ctx := context.Background()
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := New(env.Redis, Config{TTL: testTTL, Prefix: testPrefix(t), Enabled: true, Timeout: 2 * time.Second}, log, nil)
	f := &fakeDays{rows: map[string][]db.Event{}}

	for range 2 {
		if _, err := c.Upcoming(ctx, 1, (&counted{}).load); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Event(ctx, 1, 42, func(context.Context) (Record, error) { return Record{Event: event(42, 1, "e", "2025-06-01")}, nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := Search(ctx, c, 1, "Q", 1, func(context.Context) (int, error) { return 1, nil }); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Days(ctx, 1, []string{"2025-06-01"}, f.load); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Days(ctx, 1, []string{"2025-06-01", "2025-06-02"}, f.load); err != nil {
		t.Fatal(err)
	}
	c.EventChanged(ctx, 1, 42, []string{"2025-06-03", "2025-06-01", "2025-06-02"})
	c.DropUser(ctx, 1)

	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec struct{ Level, Msg string }
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		if rec.Level == "DEBUG" {
			msgs = append(msgs, rec.Msg)
		}
	}
	assertEqual(t, "debug lines", msgs, []string{
		"Cache miss for upcoming events for user 1",
		"Cache miss for event 42 for user 1",
		`Cache miss for search "q" for user 1`,
		"Cache hit for upcoming events for user 1",
		"Cache hit for event 42 for user 1",
		`Cache hit for search "q" for user 1`,
		"Cache miss for events on 2025-06-01 for user 1",
		"Cache hit for events on 2025-06-01 for user 1",
		"Cache miss for events on 2025-06-02 for user 1",
		"Cache invalidated for user 1: upcoming, event 42, 3 dates (2025-06-01 … 2025-06-03), searches",
		"Cache invalidated for user 1: lists (login/logout)",
	})

	// Above Debug, nothing is logged.
	buf.Reset()
	quiet := New(env.Redis, Config{TTL: testTTL, Prefix: testPrefix(t), Enabled: true, Timeout: 2 * time.Second},
		slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelInfo})), nil)
	if _, err := quiet.Upcoming(ctx, 1, (&counted{}).load); err != nil {
		t.Fatal(err)
	}
	quiet.EventChanged(ctx, 1, 42, nil)
	if strings.Contains(buf.String(), "Cache ") {
		t.Fatalf("logged above Debug: %s", buf.String())
	}
}

func TestMetrics(t *testing.T) {
	ctx := context.Background()
	reg := prometheus.NewRegistry()
	cfg := Config{TTL: testTTL, Prefix: testPrefix(t), Enabled: true, Timeout: 2 * time.Second}
	c := New(env.Redis, cfg, nil, reg)
	c2 := New(env.Redis, cfg, nil, reg) // a second cache on the same registry shares the counters
	for _, cc := range []*Cache{c, c2} {
		if _, err := cc.Upcoming(ctx, 1, (&counted{}).load); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := c.Days(ctx, 1, days("2025-06-01", 3), (&fakeDays{}).load); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, family string
		want         float64
	}{
		{"eventcal_cache_hits_total", "upcoming", 1},
		{"eventcal_cache_misses_total", "upcoming", 1},
		{"eventcal_cache_misses_total", "date", 3},
		{"eventcal_cache_hits_total", "event", 0},
		{"eventcal_cache_errors_total", "", 0},
	} {
		if got := counterValue(t, reg, tc.name, tc.family); got != tc.want {
			t.Errorf("%s{family=%q} = %v, want %v", tc.name, tc.family, got, tc.want)
		}
	}
	assertEqual(t, "c counts", c.Counts(), map[string][2]uint64{"upcoming": {0, 1}, "date": {0, 3}, "event": {}, "search": {}, "feed": {}, "calendars": {}, "page": {}})
}

func TestStatsAndDropAll(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	other := newCache(t, func(cfg *Config) { cfg.Prefix = c.cfg.Prefix + "other:" })
	f := &fakeDays{rows: map[string][]db.Event{}}
	fill(t, c, 1, 42, days("2025-06-01", 3), f)
	if _, err := Search(ctx, c, 1, "other query", 1, func(context.Context) (int, error) { return 1, nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Feed(ctx, c, 1, func(context.Context) (string, error) { return "BEGIN:VCALENDAR", nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := Calendars(ctx, c, 1, func(context.Context) ([]string, error) { return []string{"Personal"}, nil }); err != nil {
		t.Fatal(err)
	}
	c.StorePage(ctx, c.Page(ctx, 1, PageKey{Request: "month"}, time.Now(), Covers{}), time.Time{}, []byte("<p>June</p>"))
	c.EventChanged(ctx, 2, 0, nil) // creates gen_2
	fill(t, other, 1, 42, days("2025-06-01", 3), f)
	// Keys beside the cache: DropAll leaves them alone.
	beside := []string{c.LoginThrottleUserKey(1), c.FeedThrottleIPKey("192.0.2.1"), c.ImportPreviewKey(1, "x"), c.SessionKey("s"), c.UserSessionsKey(1)}
	for _, k := range beside {
		if err := env.Redis.Set(ctx, k, "1", time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
	}

	keys, err := c.CountKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "keys", keys, map[string]int{"upcoming": 1, "date": 3, "event": 1, "search": 2, "feed": 1, "calendars": 1, "page": 1, "gen": 1})
	st, err := c.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "stats", st, []FamilyStats{
		{Family: "upcoming", Misses: 1, Keys: 1},
		{Family: "date", Misses: 3, Keys: 3},
		{Family: "event", Misses: 1, Keys: 1},
		{Family: "search", Misses: 2, Keys: 2},
		{Family: "feed", Misses: 1, Keys: 1},
		{Family: "calendars", Misses: 1, Keys: 1},
		{Family: "page", Misses: 1, Keys: 1},
		{Family: "gen", Keys: 1},
	})

	n, err := c.DropAll(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 10 {
		t.Fatalf("DropAll = %d, want 10", n)
	}
	keys, err = c.CountKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "keys after DropAll", keys, map[string]int{"upcoming": 0, "date": 0, "event": 0, "search": 0, "feed": 0, "calendars": 0, "page": 0, "gen": 1})
	if n, err := env.Redis.Exists(ctx, beside...).Result(); err != nil || n != int64(len(beside)) {
		t.Fatalf("DropAll removed keys that are not cached values: %d of %d left (%v)", n, len(beside), err)
	}
	if g, _ := env.Redis.Get(ctx, c.cfg.Prefix+"gen_2").Int(); g != 2 {
		t.Fatalf("gen_2 = %d after DropAll, want 2 (bumped, not deleted)", g)
	}
	assertEqual(t, "next reads", nextLoads(t, c, 1, 42), loads{upcoming: true, event: true, search: true})
	// Another prefix's keys are untouched.
	keys, err = other.CountKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "other prefix", keys, map[string]int{"upcoming": 1, "date": 3, "event": 1, "search": 1, "feed": 0, "calendars": 0, "page": 0, "gen": 0})
}

// counterValue gathers one counter (family "" = unlabelled).
func counterValue(t *testing.T, reg *prometheus.Registry, name, family string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			match := family == ""
			for _, lp := range m.GetLabel() {
				if lp.GetName() == "family" && lp.GetValue() == family {
					match = true
				}
			}
			if match {
				return m.GetCounter().GetValue()
			}
		}
	}
	t.Fatalf("metric %s{family=%q} not found", name, family)
	return 0
}

// syncBuffer is a bytes.Buffer safe for concurrent log writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func (s *syncBuffer) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b.Reset()
}
