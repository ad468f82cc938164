package reliability

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// TestPostgresStops: while Postgres is down, pages that need it answer a
// 503 page (never a 500) and /readyz says so; the app recovers by itself
// when Postgres returns; and every write the app acknowledged (303) before,
// during or after the outage is there afterwards — with the same content —
// while refused writes left nothing behind.
func TestPostgresStops(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	app := startProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: rs.URL()}, "")
	uid := createUser(t, dbURL, "frank", "frank password 1", "UTC")
	frank := newBrowser(t, app.URL)
	frank.mustLogin("frank", "frank password 1")
	day := time.Now().UTC().AddDate(0, 0, 3).Format("2006-01-02")
	frank.mustCreateEvent(eventForm("Before the outage", "", day, 7))
	cachedDay := time.Now().UTC().AddDate(0, 1, 0).Format("2006-01-02")
	frank.mustCreateEvent(eventForm("Cached plan", "body of Cached plan", cachedDay, 7))
	frank.mustGet("/events?date=" + cachedDay) // cached now

	// A writer keeps creating events through the whole outage.
	type outcome struct {
		title  string
		status int // 0: transport error
		id     int64
	}
	var (
		mu       sync.Mutex
		outcomes []outcome
		stop     = make(chan struct{})
		wg       sync.WaitGroup
	)
	writer := frank.at(app.URL)
	wg.Go(func() {
		for i := 0; i < 2000; i++ {
			select {
			case <-stop:
				return
			default:
			}
			title := fmt.Sprintf("Write %04d", i)
			p, err := writer.post("/events", eventForm(title, "body of "+title, day, 10+i%10))
			o := outcome{title: title}
			if err == nil {
				o.status = p.Status
				o.id, _ = savedID(p)
			}
			mu.Lock()
			outcomes = append(outcomes, o)
			mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
	})
	acked := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for _, o := range outcomes {
			if o.status == http.StatusSeeOther {
				n++
			}
		}
		return n
	}
	if !poll(20*time.Second, func() bool { return acked() >= 5 }) {
		t.Fatal("the writer made no progress")
	}

	if err := the.pg.Stop("immediate"); err != nil {
		t.Fatal(err)
	}
	pgUp := false
	defer func() {
		if !pgUp {
			_ = the.pg.Start()
		}
	}()
	// A day nobody has looked at is not cached: it needs Postgres.
	other := time.Now().UTC().AddDate(0, 2, 0).Format("2006-01-02")
	for _, path := range []string{"/events?date=" + other, "/calendar?view=week&date=" + other} {
		for _, hx := range [][]string{nil, {"HX-Request", "true"}} {
			p := frank.mustGet(path, hx...)
			if p.Status != http.StatusServiceUnavailable || !strings.Contains(strings.ToLower(p.Body), "temporarily unavailable") || p.Header.Get("Retry-After") == "" {
				t.Fatalf("GET %s %v with Postgres down: %d, want a 503 page: %s", path, hx, p.Status, snippet(p.Body))
			}
		}
	}
	// What the cache holds is still served.
	if p := frank.mustGet("/events?date=" + cachedDay); p.Status != http.StatusOK || !strings.Contains(p.Body, "Cached plan") {
		t.Fatalf("a cached page with Postgres down: %d %s", p.Status, snippet(p.Body))
	}
	if p := frank.mustGet("/readyz"); p.Status != http.StatusServiceUnavailable || !strings.Contains(p.Body, "postgres") {
		t.Fatalf("/readyz with Postgres down: %d %s", p.Status, p.Body)
	}
	if p := newBrowser(t, app.URL).mustPost("/login", map[string][]string{"username": {"frank"}, "password": {"frank password 1"}}); p.Status != http.StatusServiceUnavailable {
		t.Fatalf("POST /login with Postgres down: %d: %s", p.Status, snippet(p.Body))
	}
	n0 := len(snapshot(&mu, &outcomes))
	if !poll(10*time.Second, func() bool { return len(snapshot(&mu, &outcomes)) >= n0+5 }) {
		t.Fatal("the writer is stuck while Postgres is down")
	}

	if err := the.pg.Start(); err != nil {
		t.Fatal(err)
	}
	pgUp = true
	waitStatus(t, frank, "/readyz", http.StatusOK, 20*time.Second)
	waitStatus(t, frank, "/events?date="+other, http.StatusOK, 10*time.Second)
	n1 := acked()
	if !poll(20*time.Second, func() bool { return acked() >= n1+5 }) {
		t.Fatal("writes do not succeed again after Postgres returned")
	}
	close(stop)
	wg.Wait()

	stored := map[string]int64{}
	queryDB(t, dbURL, func(ctx context.Context, conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, "SELECT id, title, description FROM events WHERE user_id = $1", uid)
		if err != nil {
			return err
		}
		for rows.Next() {
			var id int64
			var title, desc string
			if err := rows.Scan(&id, &title, &desc); err != nil {
				return err
			}
			if title != "Before the outage" && desc != "body of "+title {
				t.Errorf("event %d is half written: %q / %q", id, title, desc)
			}
			stored[title] = id
		}
		return rows.Err()
	})
	counts := map[int]int{}
	for _, o := range snapshot(&mu, &outcomes) {
		counts[o.status]++
		switch o.status {
		case http.StatusSeeOther:
			if id, ok := stored[o.title]; !ok || id != o.id {
				t.Errorf("acknowledged write %q (id %d) is lost", o.title, o.id)
			}
		case http.StatusServiceUnavailable, 0:
			// Refused, or the answer was lost: stored or not, but whole.
		default:
			t.Errorf("write %q answered %d; want 303 or 503", o.title, o.status)
		}
	}
	t.Logf("writes: %v (status: count), %d stored", counts, len(stored))
	if counts[http.StatusServiceUnavailable] == 0 {
		t.Error("no write was refused: the outage was not observed")
	}
	app.Stop(t)
}

func snapshot[T any](mu *sync.Mutex, s *[]T) []T {
	mu.Lock()
	defer mu.Unlock()
	return append([]T(nil), *s...)
}
