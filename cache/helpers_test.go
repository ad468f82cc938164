package cache

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

const testTTL = time.Minute

// testPrefix is a fresh namespace under the package's test prefix, unique
// per call (so -count=N runs never see each other's keys).
func testPrefix(t *testing.T) string {
	return env.Prefix + strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + "_" + rand.Text()[:8] + ":"
}

// newCache returns an enabled cache on the test Redis, in its own namespace.
func newCache(t *testing.T, mod ...func(*Config)) *Cache {
	t.Helper()
	cfg := Config{TTL: testTTL, Prefix: testPrefix(t), Enabled: true, Timeout: 2 * time.Second}
	for _, f := range mod {
		f(&cfg)
	}
	return New(env.Redis, cfg, nil, nil)
}

// event builds an event on day (YYYY-MM-DD) as pgx would return it (Local).
func event(id, uid int64, title, day string) db.Event {
	start, err := time.ParseInLocation("2006-01-02 15:04", day+" 09:30", time.UTC)
	if err != nil {
		panic(err)
	}
	return db.Event{
		ID: id, UserID: uid, Title: title,
		Description: "Agenda: ünïcödé ✓", Location: "Room " + fmt.Sprint(id),
		StartsAt: time.Unix(start.Unix(), 0), EndsAt: time.Unix(start.Add(90*time.Minute).Unix(), 0),
		Color:     "#3366ff",
		CreatedAt: time.Unix(1700000000, 123456000), UpdatedAt: time.Unix(1700000100, 654321000),
	}
}

// days returns n consecutive dates from first.
func days(first string, n int) []string {
	d, err := time.Parse("2006-01-02", first)
	if err != nil {
		panic(err)
	}
	out := make([]string, n)
	for i := range out {
		out[i] = d.AddDate(0, 0, i).Format("2006-01-02")
	}
	return out
}

// counted wraps a list loader and counts its calls.
type counted struct {
	mu    sync.Mutex
	n     int
	value []db.Event
}

func (l *counted) load(context.Context) ([]db.Event, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.n++
	return l.value, nil
}

func (l *counted) calls() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// fakeDays is a per-date "database" whose loader records each call's
// missing dates.
type fakeDays struct {
	mu    sync.Mutex
	rows  map[string][]db.Event
	calls [][]string
}

func (f *fakeDays) load(_ context.Context, missing []string) (map[string][]db.Event, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, append([]string(nil), missing...))
	out := map[string][]db.Event{}
	for _, d := range missing {
		if evs, ok := f.rows[d]; ok {
			out[d] = evs // dates without rows are left out, as a range query would
		}
	}
	return out, nil
}

func (f *fakeDays) callLog() [][]string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([][]string(nil), f.calls...)
}

func (f *fakeDays) want(dates []string) map[string][]db.Event {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := map[string][]db.Event{}
	for _, d := range dates {
		evs := f.rows[d]
		if evs == nil {
			evs = []db.Event{}
		}
		out[d] = evs
	}
	return out
}

// assertTTL checks that key exists with a TTL in (0, ttl].
func assertTTL(t *testing.T, key string, ttl time.Duration) {
	t.Helper()
	got, err := env.Redis.PTTL(context.Background(), key).Result()
	if err != nil {
		t.Fatal(err)
	}
	if got <= 0 || got > ttl {
		t.Fatalf("PTTL %s = %v, want in (0, %v] (-2: missing, -1: no expiry)", key, got, ttl)
	}
}

func assertMissing(t *testing.T, key string) {
	t.Helper()
	n, err := env.Redis.Exists(context.Background(), key).Result()
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("key %s exists, want it gone", key)
	}
}

func assertEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s:\n got  %#v\n want %#v", what, got, want)
	}
}
