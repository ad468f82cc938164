package reliability

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestTwoInstances: two app processes share Redis and Postgres. A session
// made on A works on B; a write on A is read fresh on B at once in every
// view (month, week, day, upcoming, search, details) although B had them
// cached, and the other way round; a logout on A ends the session on B;
// concurrent writers on both leave both instances' views equal to Postgres.
func TestTwoInstances(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	opts := appOpts{DatabaseURL: dbURL, RedisURL: rs.URL()}
	a, b := startProcess(t, opts, ""), startProcess(t, opts, "")
	uid := createUser(t, dbURL, "ivy", "ivy password 1", "UTC")
	onA := newBrowser(t, a.URL)
	onA.mustLogin("ivy", "ivy password 1")
	onB := onA.at(b.URL)
	if p := onB.mustGet("/"); p.Status != http.StatusOK || !strings.Contains(p.Body, "ivy") {
		t.Fatalf("the session made on A does not work on B: %d %s", p.Status, snippet(p.Body))
	}
	days := upcomingDays(3)
	d1, d2 := days[0], days[2]

	// B caches every view, empty; A writes; B reads at once.
	mustShow(t, "B before", onB, d1, "omega", 0, "", "Launch")
	mustShow(t, "B before, cached", onB, d1, "omega", 0, "", "Launch")
	id := onA.mustCreateEvent(eventForm("Launch one", "about omega", d1, 9))
	mustShow(t, "B after a create on A", onB, d1, "omega", id, "Launch one", "")

	// Renamed and moved to another day on A.
	mustShow(t, "B on the new day, before", onB, d2, "omega", 0, "", "")
	if err := onA.updateEvent(id, eventForm("Launch two", "about omega", d2, 15)); err != nil {
		t.Fatal(err)
	}
	mustShow(t, "B after an update on A", onB, d2, "omega", id, "Launch two", "Launch one")
	if p := onB.mustGet("/events?date="+d1, "HX-Request", "true"); slices.Contains(eventIDs(p.Body), id) {
		t.Fatalf("B still shows the moved event on its old day %s", d1)
	}

	// Written on B, read on A.
	onA.mustGet("/events?date=" + d2)
	id2, err := onB.createEvent(eventForm("Retro", "about psi", d2, 11))
	if err != nil {
		t.Fatal(err)
	}
	mustShow(t, "A after a create on B", onA, d2, "psi", id2, "Retro", "")

	// Deleted on A: gone on B.
	if err := onA.deleteEvent(id); err != nil {
		t.Fatal(err)
	}
	mustShow(t, "B after a delete on A", onB, d2, "psi", 0, "Retro", "Launch")
	if p := onB.mustGet("/events/" + itoa(id)); p.Status != http.StatusNotFound {
		t.Fatalf("B shows the deleted event: %d", p.Status)
	}

	// Concurrent writers on both instances.
	var wg sync.WaitGroup
	errs := make(chan error, 8*30)
	for w := range 8 {
		base := a.URL
		if w%2 == 1 {
			base = b.URL
		}
		c := newBrowser(t, base)
		c.mustLogin("ivy", "ivy password 1")
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			var mine []int64
			for i := range 30 {
				if err := randomOp(c, rng, days, &mine, fmt.Sprintf("x%d-%d", w, i)); err != nil {
					errs <- fmt.Errorf("worker %d op %d: %w", w, i, err)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	checkViews(t, dbURL, uid, newBrowser(t, a.URL), "ivy", "ivy password 1", days)
	checkViews(t, dbURL, uid, newBrowser(t, b.URL), "ivy", "ivy password 1", days)

	// A logout on A ends the session on B too.
	if p := onA.mustPost("/logout", url.Values{}); p.Status != http.StatusSeeOther {
		t.Fatalf("logout: %d", p.Status)
	}
	waitStatus(t, onB, "/", http.StatusSeeOther, 5*time.Second)
	a.Stop(t)
	b.Stop(t)
}
