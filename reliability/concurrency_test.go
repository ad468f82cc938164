package reliability

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventcal/eventcal/calendar"
)

// The word every event of the concurrency tests carries, searched for.
const syncWord = "syncword"

// TestConcurrentWritersAndReaders: 8 sessions of one user create, move,
// rename, delete and read events for 50 operations each; no request fails,
// and afterwards every cached view (month, week, day, upcoming, search,
// details) shows exactly what Postgres holds, read twice (a fill, then a hit).
func TestConcurrentWritersAndReaders(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	app := startInProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: rs.URL()})
	uid := createUser(t, dbURL, "hana", "hana password 1", "UTC")
	days := upcomingDays(10)

	const workers, ops = 8, 50
	var wg sync.WaitGroup
	errs := make(chan error, workers*ops)
	for w := range workers {
		b := newBrowser(t, app.URL)
		b.mustLogin("hana", "hana password 1")
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(w), 42))
			var mine []int64
			for i := range ops {
				if err := randomOp(b, rng, days, &mine, fmt.Sprintf("w%d-%d", w, i)); err != nil {
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
	if t.Failed() {
		t.FailNow()
	}
	checkViews(t, dbURL, uid, newBrowser(t, app.URL), "hana", "hana password 1", days)
}

// upcomingDays is n consecutive UTC dates from tomorrow on.
func upcomingDays(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = time.Now().UTC().AddDate(0, 0, i+1).Format("2006-01-02")
	}
	return out
}

// randomOp does one random create, move, rename, delete or read.
func randomOp(b *browser, rng *rand.Rand, days []string, mine *[]int64, tag string) error {
	day := days[rng.IntN(len(days))]
	form := eventForm("Ev "+tag, "about "+syncWord+" "+tag, day, 6+rng.IntN(14))
	switch r := rng.IntN(100); {
	case r < 30 || len(*mine) == 0:
		id, err := b.createEvent(form)
		if err != nil {
			return err
		}
		*mine = append(*mine, id)
		return expectIn(b, "/events?date="+day, id, "Ev "+tag)
	case r < 45:
		id := (*mine)[rng.IntN(len(*mine))]
		if err := b.updateEvent(id, form); err != nil {
			return err
		}
		return expectIn(b, "/events?date="+day, id, "Ev "+tag)
	case r < 55:
		k := rng.IntN(len(*mine))
		id := (*mine)[k]
		*mine = slices.Delete(*mine, k, k+1)
		if err := b.deleteEvent(id); err != nil {
			return err
		}
		p, err := b.get("/events/"+itoa(id), "HX-Request", "true")
		if err == nil && p.Status != http.StatusNotFound {
			err = fmt.Errorf("deleted event %d answers %d", id, p.Status)
		}
		return err
	}
	paths := []string{
		"/calendar?view=month&date=" + day, "/calendar?view=week&date=" + day, "/events?date=" + day,
		"/upcoming", "/search?q=" + syncWord, "/",
	}
	if len(*mine) > 0 {
		paths = append(paths, "/events/"+itoa((*mine)[rng.IntN(len(*mine))]))
	}
	path := paths[rng.IntN(len(paths))]
	p, err := b.get(path, "HX-Request", "true")
	if err == nil && p.Status != http.StatusOK {
		err = fmt.Errorf("GET %s: %d: %s", path, p.Status, snippet(p.Body))
	}
	return err
}

// expectIn checks that this client's write shows at once on path.
func expectIn(b *browser, path string, id int64, title string) error {
	p, err := b.get(path, "HX-Request", "true")
	if err != nil {
		return err
	}
	if p.Status != http.StatusOK || !slices.Contains(eventIDs(p.Body), id) || !strings.Contains(p.Body, title) {
		return fmt.Errorf("stale read: %s does not show event %d %q right after the write (status %d)", path, id, title, p.Status)
	}
	return nil
}

// dbEvent is an event as Postgres holds it.
type dbEvent struct {
	ID     int64
	Title  string
	Start  time.Time
	End    time.Time
	AllDay bool
	Desc   string
}

// userEvents reads every event of uid.
func userEvents(t *testing.T, dbURL string, uid int64) []dbEvent {
	t.Helper()
	var out []dbEvent
	queryDB(t, dbURL, func(ctx context.Context, conn *pgx.Conn) error {
		rows, err := conn.Query(ctx, "SELECT id, title, starts_at, ends_at, all_day, description FROM events WHERE user_id = $1 ORDER BY starts_at, id", uid)
		if err != nil {
			return err
		}
		for rows.Next() {
			var e dbEvent
			if err := rows.Scan(&e.ID, &e.Title, &e.Start, &e.End, &e.AllDay, &e.Desc); err != nil {
				return err
			}
			out = append(out, e)
		}
		return rows.Err()
	})
	return out
}

// onDay lists the ids of events covering the UTC date day, sorted.
func onDay(evs []dbEvent, day calendar.Date) []int64 {
	var ids []int64
	for _, e := range evs {
		if slices.Contains(calendar.CoveredDays(e.Start, e.End, e.AllDay, time.UTC), day) {
			ids = append(ids, e.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

var (
	searchTotal = regexp.MustCompile(`(\d+) events? match`)
	moreCount   = regexp.MustCompile(`\+(\d+) more`)
)

// checkViews compares every view of the user's days with Postgres, each
// read twice, through a fresh session (and so from another client than the
// writers).
func checkViews(t *testing.T, dbURL string, uid int64, b *browser, user, password string, days []string) {
	t.Helper()
	b.mustLogin(user, password)
	evs := userEvents(t, dbURL, uid)
	titles := map[int64]string{}
	for _, e := range evs {
		titles[e.ID] = e.Title
	}
	get := func(path string) *page {
		t.Helper()
		p := b.mustGet(path, "HX-Request", "true")
		if p.Status != http.StatusOK {
			t.Fatalf("GET %s: %d: %s", path, p.Status, snippet(p.Body))
		}
		for _, id := range eventIDs(p.Body) {
			if title, ok := titles[id]; !ok {
				t.Errorf("GET %s shows event %d, which Postgres does not have", path, id)
			} else if !strings.Contains(p.Body, title) {
				t.Errorf("GET %s shows event %d without its title %q", path, id, title)
			}
		}
		return p
	}
	for round := range 2 {
		months := map[string]bool{}
		for _, s := range days {
			d, err := calendar.ParseDate(s)
			if err != nil {
				t.Fatal(err)
			}
			want := onDay(evs, d)
			if got := eventIDs(get("/events?date=" + s).Body); !slices.Equal(got, want) {
				t.Errorf("round %d: day %s shows %v, Postgres has %v", round, s, got, want)
			}
			var week []int64
			for _, wd := range calendar.ViewRange(calendar.Week, d, time.Monday).Days() {
				week = append(week, onDay(evs, wd)...)
			}
			slices.Sort(week)
			week = slices.Compact(week)
			if got := eventIDs(get("/calendar?view=week&date=" + s).Body); !slices.Equal(got, week) {
				t.Errorf("round %d: week of %s shows %v, Postgres has %v", round, s, got, week)
			}
			months[s[:7]] = true
		}
		for m := range months {
			body := get("/calendar?view=month&date=" + m + "-01").Body
			for _, s := range days {
				if s[:7] != m {
					continue
				}
				d, _ := calendar.ParseDate(s)
				want := onDay(evs, d)
				cell := monthCell(body, s)
				shown := eventIDs(cell)
				more := 0
				if mm := moreCount.FindStringSubmatch(cell); mm != nil {
					more, _ = strconv.Atoi(mm[1])
				}
				if len(shown)+more != len(want) || !isSubset(shown, want) {
					t.Errorf("round %d: month cell %s shows %v (+%d more), Postgres has %v", round, s, shown, more, want)
				}
			}
		}
		var upcoming []int64
		now := time.Now()
		for _, e := range evs {
			if !e.End.Before(now) && e.Start.Before(now.Add(30*24*time.Hour)) && len(upcoming) < 20 {
				upcoming = append(upcoming, e.ID)
			}
		}
		slices.Sort(upcoming)
		if got := eventIDs(get("/upcoming").Body); !slices.Equal(got, upcoming) {
			t.Errorf("round %d: upcoming shows %v, Postgres has %v", round, got, upcoming)
		}
		sp := get("/search?q=" + syncWord)
		total := 0
		if m := searchTotal.FindStringSubmatch(sp.Body); m != nil {
			total, _ = strconv.Atoi(m[1])
		}
		matching := 0
		for _, e := range evs {
			if strings.Contains(strings.ToLower(e.Title+" "+e.Desc), syncWord) {
				matching++
			}
		}
		if total != matching || len(eventIDs(sp.Body)) != min(20, matching) {
			t.Errorf("round %d: search finds %d (%d shown), Postgres has %d", round, total, len(eventIDs(sp.Body)), matching)
		}
		for _, e := range evs {
			if p := get("/events/" + itoa(e.ID)); !strings.Contains(p.Body, e.Title) {
				t.Errorf("round %d: details of %d do not show %q", round, e.ID, e.Title)
			}
		}
	}
}

// monthCell is the HTML of the month grid's cell for day (YYYY-MM-DD).
func monthCell(body, day string) string {
	for _, cell := range strings.Split(body, "<td")[1:] {
		if strings.Contains(cell, "date="+day+`"`) {
			return cell
		}
	}
	return ""
}

func isSubset(a, b []int64) bool {
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}
