package cache

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

func TestUpcomingReadThrough(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	l := &counted{value: []db.Event{event(1, 7, "Standup", "2025-06-01"), event(2, 7, "Review", "2025-06-02")}}

	for i, wantCalls := range []int{1, 1, 1} {
		got, err := c.Upcoming(ctx, 7, l.load)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, fmt.Sprintf("read %d", i), got, l.value)
		if l.calls() != wantCalls {
			t.Fatalf("read %d: load called %d times, want %d", i, l.calls(), wantCalls)
		}
	}
	assertTTL(t, c.cfg.Prefix+"upcoming_events_7", testTTL)
	assertEqual(t, "counts", c.Counts()[FamilyUpcoming], [2]uint64{2, 1})

	// An empty list is cached too.
	empty := &counted{}
	for range 2 {
		got, err := c.Upcoming(ctx, 8, empty.load)
		if err != nil || len(got) != 0 {
			t.Fatalf("empty upcoming = %v, %v", got, err)
		}
	}
	if empty.calls() != 1 {
		t.Fatalf("empty list: load called %d times, want 1", empty.calls())
	}
}

func TestDaysLoadsOnlyMissingDatesOnce(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	month := days("2025-05-26", 42)
	f := &fakeDays{rows: map[string][]db.Event{
		"2025-05-28": {event(1, 3, "A", "2025-05-28")},
		"2025-06-01": {event(2, 3, "B", "2025-06-01"), event(3, 3, "C", "2025-06-01")},
		"2025-06-20": {event(4, 3, "D", "2025-06-20")},
		"2025-07-05": {event(5, 3, "E", "2025-07-05")},
	}}

	// A week first: 7 dates, one load.
	week := month[7:14]
	got, err := c.Days(ctx, 3, week, f.load)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "week", got, f.want(week))

	// The month: one load, with only the 35 dates the week did not cover.
	got, err = c.Days(ctx, 3, month, f.load)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "month", got, f.want(month))
	calls := f.callLog()
	if len(calls) != 2 {
		t.Fatalf("load called %d times, want 2", len(calls))
	}
	wantMissing := append(append([]string(nil), month[:7]...), month[14:]...)
	assertEqual(t, "missing dates", calls[1], wantMissing)

	// Again: all 42 are hits, including the empty dates.
	got, err = c.Days(ctx, 3, month, f.load)
	if err != nil {
		t.Fatal(err)
	}
	assertEqual(t, "month again", got, f.want(month))
	if n := len(f.callLog()); n != 2 {
		t.Fatalf("third read called load (%d calls in all), want all hits", n)
	}
	for _, d := range month {
		assertTTL(t, c.cfg.Prefix+"events_date_3_"+d, testTTL)
	}
	assertEqual(t, "counts", c.Counts()[FamilyDate], [2]uint64{7 + 42, 7 + 35})

	// Repeated dates are read once.
	got, err = c.Days(ctx, 3, []string{"2025-06-01", "2025-06-01"}, f.load)
	if err != nil || len(got) != 1 || len(got["2025-06-01"]) != 2 {
		t.Fatalf("repeated dates = %v, %v", got, err)
	}
}

func TestEventReadThrough(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	e := event(42, 1, "Dentist", "2025-06-01")
	n := 0
	load := func(context.Context) (Record, error) { n++; return Record{Event: e}, nil }
	for range 2 {
		got, err := c.Event(ctx, 1, 42, load)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "event", got, Record{Event: e})
	}
	if n != 1 {
		t.Fatalf("load called %d times, want 1", n)
	}
	assertTTL(t, c.cfg.Prefix+"event_42", testTTL)

	// Not found is passed through and not cached.
	nf := 0
	for range 2 {
		_, err := c.Event(ctx, 1, 43, func(context.Context) (Record, error) { nf++; return Record{}, db.ErrNotFound })
		if !errors.Is(err, db.ErrNotFound) {
			t.Fatalf("err = %v, want db.ErrNotFound", err)
		}
	}
	if nf != 2 {
		t.Fatalf("not-found load called %d times, want 2 (never cached)", nf)
	}
	assertMissing(t, c.cfg.Prefix+"event_43")
}

func TestEventNeverServedToAnotherUser(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	a := event(42, 1, "Private", "2025-06-01")
	if _, err := c.Event(ctx, 1, 42, func(context.Context) (Record, error) { return Record{Event: a}, nil }); err != nil {
		t.Fatal(err)
	}
	// User 2 asks for user 1's cached event: not found, without loading.
	got, err := c.Event(ctx, 2, 42, func(context.Context) (Record, error) {
		t.Error("load called for a cached event of another user")
		return Record{}, db.ErrNotFound
	})
	if !errors.Is(err, db.ErrNotFound) || got.ID != 0 {
		t.Fatalf("user 2 got %v, %v; want db.ErrNotFound", got, err)
	}
	// Even a loader that wrongly returns another user's event is refused.
	got, err = c.Event(ctx, 2, 77, func(context.Context) (Record, error) { return Record{Event: event(77, 1, "Other", "2025-06-02")}, nil })
	if !errors.Is(err, db.ErrNotFound) || got.ID != 0 {
		t.Fatalf("foreign load: got %v, %v; want db.ErrNotFound", got, err)
	}
	assertMissing(t, c.cfg.Prefix+"event_77")

	// Lists are per user.
	l1 := &counted{value: []db.Event{a}}
	l2 := &counted{value: []db.Event{}}
	if _, err := c.Upcoming(ctx, 1, l1.load); err != nil {
		t.Fatal(err)
	}
	got2, err := c.Upcoming(ctx, 2, l2.load)
	if err != nil || len(got2) != 0 || l2.calls() != 1 {
		t.Fatalf("user 2 upcoming = %v, %v (%d loads)", got2, err, l2.calls())
	}
}

type page struct {
	Query string     `json:"query"`
	Page  int        `json:"page"`
	Items []db.Event `json:"items"`
	More  bool       `json:"more"`
}

func TestSearchReadThrough(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	n := 0
	load := func(q string, p int) func(context.Context) (page, error) {
		return func(context.Context) (page, error) {
			n++
			return page{Query: q, Page: p, Items: []db.Event{event(5, 1, "Team meeting", "2025-06-03")}, More: true}, nil
		}
	}
	first, err := Search(ctx, c, 1, "  Team\t MEETING ", 1, load("team meeting", 1))
	if err != nil {
		t.Fatal(err)
	}
	again, err := Search(ctx, c, 1, "team meeting", 1, load("team meeting", 1))
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Fatalf("load called %d times, want 1 (same normalised query)", n)
	}
	// JSON drops the zone (Local) of the times; compare instants.
	if again.Query != first.Query || len(again.Items) != 1 || !again.Items[0].StartsAt.Equal(first.Items[0].StartsAt) || !again.More {
		t.Fatalf("cached page = %+v, want %+v", again, first)
	}
	sum := sha256.Sum256([]byte("team meeting\x002"))
	if _, err := Search(ctx, c, 1, "team meeting", 2, load("team meeting", 2)); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("page 2: load called %d times in all, want 2", n)
	}
	assertTTL(t, c.cfg.Prefix+"search_1_"+hex.EncodeToString(sum[:16]), testTTL)
	if _, err := Search(ctx, c, 2, "team meeting", 1, load("team meeting", 1)); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Fatalf("user 2: load called %d times in all, want 3", n)
	}
	assertEqual(t, "counts", c.Counts()[FamilySearch], [2]uint64{1, 3})
}

func TestLoadErrorIsReturnedAndNotCached(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	boom := errors.New("boom")
	for range 2 {
		if _, err := c.Upcoming(ctx, 1, func(context.Context) ([]db.Event, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Fatalf("err = %v, want boom", err)
		}
		if _, err := c.Days(ctx, 1, []string{"2025-06-01"}, func(context.Context, []string) (map[string][]db.Event, error) { return nil, boom }); !errors.Is(err, boom) {
			t.Fatalf("days err = %v, want boom", err)
		}
		if _, err := Search(ctx, c, 1, "x", 1, func(context.Context) (int, error) { return 0, boom }); !errors.Is(err, boom) {
			t.Fatalf("search err = %v, want boom", err)
		}
	}
	assertMissing(t, c.cfg.Prefix+"upcoming_events_1")
	assertMissing(t, c.cfg.Prefix+"events_date_1_2025-06-01")
}

// 50 concurrent misses on one key run load once.
func TestConcurrentMissesLoadOnce(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	want := []db.Event{event(1, 9, "Launch", "2025-06-01")}
	var loads atomic.Int64
	release := make(chan struct{})
	load := func(context.Context) ([]db.Event, error) {
		loads.Add(1)
		<-release
		return want, nil
	}
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			got, err := c.Upcoming(ctx, 9, load)
			if err == nil && len(got) != 1 {
				err = fmt.Errorf("got %v", got)
			}
			errs <- err
		})
	}
	// Let every reader pass its MGET (all miss) before the load finishes.
	for loads.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := loads.Load(); n != 1 {
		t.Fatalf("load ran %d times, want 1", n)
	}

	// Days: concurrent misses of the same dates share one load too.
	f := &fakeDays{rows: map[string][]db.Event{}}
	gate := make(chan struct{})
	slow := func(ctx context.Context, missing []string) (map[string][]db.Event, error) {
		<-gate
		return f.load(ctx, missing)
	}
	for range 20 {
		wg.Go(func() {
			if _, err := c.Days(ctx, 9, days("2025-06-01", 7), slow); err != nil {
				t.Error(err)
			}
		})
	}
	time.Sleep(300 * time.Millisecond)
	close(gate)
	wg.Wait()
	if n := len(f.callLog()); n != 1 {
		t.Fatalf("days load ran %d times, want 1", n)
	}
}

// A caller that gives up does not cancel the shared load of the others.
func TestCancelledCallerDoesNotBreakOthers(t *testing.T) {
	ctx := context.Background()
	c := newCache(t)
	started, release := make(chan struct{}), make(chan struct{})
	var loadErr atomic.Value
	load := func(lctx context.Context) ([]db.Event, error) {
		close(started)
		<-release
		if err := lctx.Err(); err != nil {
			loadErr.Store(err)
			return nil, err
		}
		return []db.Event{event(1, 4, "x", "2025-06-01")}, nil
	}
	ctxA, cancelA := context.WithCancel(ctx)
	errA := make(chan error, 1)
	go func() { _, err := c.Upcoming(ctxA, 4, load); errA <- err }()
	<-started
	resB := make(chan error, 1)
	go func() {
		got, err := c.Upcoming(ctx, 4, load)
		if err == nil && len(got) != 1 {
			err = fmt.Errorf("B got %v", got)
		}
		resB <- err
	}()
	time.Sleep(100 * time.Millisecond) // B joins the flight
	cancelA()
	select {
	case err := <-errA:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("A: err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("A did not return after its context was cancelled")
	}
	close(release)
	if err := <-resB; err != nil {
		t.Fatal(err)
	}
	if err := loadErr.Load(); err != nil {
		t.Fatalf("the shared load saw a cancelled context: %v", err)
	}
}

func TestLoadPanicReachesCaller(t *testing.T) {
	c := newCache(t)
	defer func() {
		if recover() == nil {
			t.Fatal("no panic")
		}
	}()
	_, _ = c.Upcoming(context.Background(), 1, func(context.Context) ([]db.Event, error) { panic("kaboom") })
}

func TestDisabledAlwaysLoads(t *testing.T) {
	ctx := context.Background()
	c := newCache(t, func(cfg *Config) { cfg.Enabled = false })
	l := &counted{value: []db.Event{event(1, 1, "x", "2025-06-01")}}
	f := &fakeDays{rows: map[string][]db.Event{"2025-06-01": l.value}}
	ev, sn := 0, 0
	for range 3 {
		if _, err := c.Upcoming(ctx, 1, l.load); err != nil {
			t.Fatal(err)
		}
		got, err := c.Days(ctx, 1, []string{"2025-06-01", "2025-06-02"}, f.load)
		if err != nil {
			t.Fatal(err)
		}
		assertEqual(t, "days", got, f.want([]string{"2025-06-01", "2025-06-02"}))
		if _, err := c.Event(ctx, 1, 1, func(context.Context) (Record, error) { ev++; return Record{Event: l.value[0]}, nil }); err != nil {
			t.Fatal(err)
		}
		if _, err := Search(ctx, c, 1, "x", 1, func(context.Context) (string, error) { sn++; return "r", nil }); err != nil {
			t.Fatal(err)
		}
		c.EventChanged(ctx, 1, 1, []string{"2025-06-01"})
		c.DropUser(ctx, 1)
	}
	if l.calls() != 3 || len(f.callLog()) != 3 || ev != 3 || sn != 3 {
		t.Fatalf("loads: upcoming %d, days %d, event %d, search %d; want 3 each", l.calls(), len(f.callLog()), ev, sn)
	}
	for fam, hm := range c.Counts() {
		if hm != [2]uint64{} {
			t.Fatalf("%s counted %v while disabled", fam, hm)
		}
	}
	keys, err := c.CountKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for fam, n := range keys {
		if n != 0 {
			t.Fatalf("disabled cache wrote %d %s keys", n, fam)
		}
	}
}

func TestTTLJitter(t *testing.T) {
	c := New(nil, Config{TTL: 300 * time.Second}, nil, nil)
	lowest := c.cfg.TTL
	for range 10000 {
		d := c.ttl()
		if d <= 0 || d > 300*time.Second || d < 270*time.Second {
			t.Fatalf("ttl() = %v, want in [270s, 300s]", d)
		}
		lowest = min(lowest, d)
	}
	if lowest > 295*time.Second {
		t.Fatalf("no jitter: lowest ttl %v", lowest)
	}
	tiny := New(nil, Config{TTL: time.Nanosecond}, nil, nil)
	if d := tiny.ttl(); d <= 0 {
		t.Fatalf("tiny ttl = %v", d)
	}
}
