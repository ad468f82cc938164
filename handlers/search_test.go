package handlers

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

const searchPassword = "search-test-password-1"

// searchUser creates a user (suffix keeps two users of one test apart) and
// a client signed in as them.
func searchUser(t *testing.T, ts *testServer, suffix string) (db.User, *client) {
	t.Helper()
	name := uniqueName(t) + suffix
	u := createUser(t, name, searchPassword, "Europe/Zurich", false)
	c := ts.client(t)
	c.login(name, searchPassword)
	return u, c
}

// searchEvent stores a one-hour event starting at start.
func searchEvent(t *testing.T, uid int64, title, desc, loc string, start time.Time) db.Event {
	t.Helper()
	e, err := env.Store.CreateEvent(context.Background(), db.CreateEventParams{
		UserID: uid, Title: title, Description: desc, Location: loc,
		StartsAt: start, EndsAt: start.Add(time.Hour), Color: "blue",
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

var searchHitRE = regexp.MustCompile(`class="search-title" href="/events/(\d+)"`)

// searchIDs lists the event ids of the results in the order shown.
func searchIDs(body string) []int64 {
	var ids []int64
	for _, m := range searchHitRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		ids = append(ids, id)
	}
	return ids
}

func searchPath(q string) string { return "/search?q=" + url.QueryEscape(q) }

func wantIDs(t *testing.T, what string, got []int64, want ...db.Event) {
	t.Helper()
	ids := make([]int64, len(want))
	for i, e := range want {
		ids[i] = e.ID
	}
	if !slices.Equal(got, ids) {
		t.Errorf("%s: got events %v, want %v", what, got, ids)
	}
}

func TestSearchMatchesTitleDescriptionLocation(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	soon := time.Now().Add(24 * time.Hour)
	title := searchEvent(t, u.ID, "Dentist appointment", "", "", soon.Add(48*time.Hour))
	desc := searchEvent(t, u.ID, "Checkup", "Bring the card for the DENTIST.", "", soon)
	loc := searchEvent(t, u.ID, "Lunch", "", "Dentist's office, 2nd floor", soon.Add(time.Hour))
	searchEvent(t, u.ID, "Haircut", "barber", "Main street", soon)

	r := c.get(searchPath("dentist"))
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", r.StatusCode, r.Body)
	}
	// Title matches first, then the nearest upcoming.
	wantIDs(t, "dentist", searchIDs(r.Body), title, desc, loc)
	for _, s := range []string{"<mark>Dentist</mark> appointment", "<mark>DENTIST</mark>", "<mark>Dentist</mark>&#39;s office", "3 events match “dentist”"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("page lacks %q", s)
		}
	}
	if strings.Contains(r.Body, "Haircut") {
		t.Error("a non-matching event is listed")
	}

	t.Run("unicode", func(t *testing.T) {
		cafe := searchEvent(t, u.ID, "Café Zürich 🎉 Party", "Crème brûlée", "Straße 1", soon)
		for q, want := range map[string]string{
			"café": "<mark>Café</mark>", "CAFÉ": "<mark>Café</mark>", "zürich": "<mark>Zürich</mark>",
			"ZÜRICH 🎉": "<mark>Zürich 🎉</mark>", "🎉": "<mark>🎉</mark>", "BRÛLÉE": "<mark>brûlée</mark>", "straße": "<mark>Straße</mark>",
		} {
			r := c.get(searchPath(q))
			wantIDs(t, q, searchIDs(r.Body), cafe)
			if !strings.Contains(r.Body, want) {
				t.Errorf("%q: page lacks %q", q, want)
			}
		}
	})
}

func TestSearchOtherUsersNeverAppear(t *testing.T) {
	ts := startServer(t)
	a, ca := searchUser(t, ts, "a")
	b, cb := searchUser(t, ts, "b")
	when := time.Now().Add(72 * time.Hour)
	ea := searchEvent(t, a.ID, "Secret plan of A", "", "", when)
	eb := searchEvent(t, b.ID, "Secret plan of B", "", "", when)

	for range 2 { // the second round is served from the cache
		ra := ca.get(searchPath("secret plan"))
		wantIDs(t, "A", searchIDs(ra.Body), ea)
		rb := cb.get(searchPath("secret plan"))
		wantIDs(t, "B", searchIDs(rb.Body), eb)
		if strings.Contains(ra.Body, "of B") || strings.Contains(rb.Body, "of A") {
			t.Fatal("another user's event leaked")
		}
	}
	// B cannot open A's hit either (the event page is owner-only).
	if r := cb.get("/search?q=" + url.QueryEscape("of a")); len(searchIDs(r.Body)) != 0 {
		t.Errorf("B found %v searching for A's title", searchIDs(r.Body))
	}
}

func TestSearchWildcardsAndQuotesAreLiteral(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	when := time.Now().Add(48 * time.Hour)
	pct := searchEvent(t, u.ID, "Progress 100% done", "", "", when)
	und := searchEvent(t, u.ID, "rename snake_case vars", "", "", when.Add(time.Minute))
	bsl := searchEvent(t, u.ID, `copy C:\temp files`, "", "", when.Add(2*time.Minute))
	apo := searchEvent(t, u.ID, "it's lunch", "", "", when.Add(3*time.Minute))
	quo := searchEvent(t, u.ID, `say "hi"`, "", "", when.Add(4*time.Minute))
	sql := searchEvent(t, u.ID, "'; DROP TABLE events; --", "", "", when.Add(5*time.Minute))
	searchEvent(t, u.ID, "plain title", "nothing special", "", when.Add(6*time.Minute))

	cases := []struct {
		q    string
		want []db.Event
	}{
		{"%", []db.Event{pct}},
		{"100%", []db.Event{pct}},
		{"_", []db.Event{und}},
		{"e_c", []db.Event{und}},
		{`\`, []db.Event{bsl}},
		{`c:\t`, []db.Event{bsl}},
		{"'", []db.Event{apo, sql}},
		{`"`, []db.Event{quo}},
		{`"hi"`, []db.Event{quo}},
		{"'; DROP TABLE events; --", []db.Event{sql}},
		{"%%", nil},
		{"a%e", nil},
		{"p_ain", nil},
	}
	for _, tc := range cases {
		r := c.get(searchPath(tc.q))
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%q: status %d", tc.q, r.StatusCode)
		}
		wantIDs(t, tc.q, searchIDs(r.Body), tc.want...)
	}
	var n int64
	if err := env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM events WHERE user_id = $1", u.ID).Scan(&n); err != nil || n != 7 {
		t.Fatalf("events after the searches: %d, %v", n, err)
	}
	r := c.get(searchPath(`"hi"`))
	if !strings.Contains(r.Body, `say <mark>&#34;hi&#34;</mark>`) && !strings.Contains(r.Body, `say <mark>&quot;hi&quot;</mark>`) {
		t.Errorf("quotes not highlighted and escaped: %s", r.Body)
	}
}

func TestSearchLongQueryIs400(t *testing.T) {
	ts := startServer(t)
	_, c := searchUser(t, ts, "")
	long := strings.Repeat("é", 201)
	full := c.get(searchPath(long))
	if full.StatusCode != http.StatusBadRequest || !strings.Contains(strings.ToLower(full.Body), "<!doctype html>") || !strings.Contains(full.Body, "at most 200 characters") {
		t.Fatalf("full: %d %s", full.StatusCode, full.Body)
	}
	frag := c.htmx(searchPath(long))
	if frag.StatusCode != http.StatusBadRequest || strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, "at most 200 characters") {
		t.Fatalf("fragment: %d %s", frag.StatusCode, frag.Body)
	}
	if r := c.get(searchPath(strings.Repeat("é", 200))); r.StatusCode != http.StatusOK {
		t.Errorf("200 characters: %d", r.StatusCode)
	}
	// Spaces collapse before counting.
	if r := c.get(searchPath("a" + strings.Repeat(" ", 300) + "b")); r.StatusCode != http.StatusOK {
		t.Errorf("padded short query: %d", r.StatusCode)
	}
	for _, p := range []string{"/search?q=x&page=0", "/search?q=x&page=-1", "/search?q=x&page=abc", "/search?q=x&page=100000", "/search?q=%ff", "/search?q=a%00b"} {
		if r := c.get(p); r.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: %d", p, r.StatusCode)
		}
	}
}

func TestSearchEmptyQueryShowsHintWithoutSQL(t *testing.T) {
	ts := startServer(t)
	_, c := searchUser(t, ts, "")
	for _, p := range []string{"/search", "/search?q=", "/search?q=+++"} {
		r := c.get(p)
		if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `class="search-hint`) {
			t.Fatalf("%s: %d %s", p, r.StatusCode, r.Body)
		}
		if n := r.Header.Get("X-DB-Queries"); n != "0" {
			t.Errorf("%s ran %s queries", p, n)
		}
	}
	if r := c.htmx("/search?q="); !strings.Contains(r.Body, `class="search-hint`) || strings.Contains(r.Body, "<html") {
		t.Errorf("empty live search: %s", r.Body)
	}
}

func TestSearchCachedAndInvalidatedByEdits(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	e := searchEvent(t, u.ID, "Quarterly review", "numbers", "HQ", time.Now().Add(96*time.Hour))

	first := c.get(searchPath("Quarterly  REVIEW"))
	wantIDs(t, "first", searchIDs(first.Body), e)
	if n, _ := strconv.Atoi(first.Header.Get("X-DB-Queries")); n < 1 || n > 2 {
		t.Errorf("miss ran %s queries, want 1–2", first.Header.Get("X-DB-Queries"))
	}
	second := c.get(searchPath("quarterly review")) // the same normalised query
	wantIDs(t, "second", searchIDs(second.Body), e)
	if n := second.Header.Get("X-DB-Queries"); n != "0" {
		t.Errorf("hit ran %s queries, want 0", n)
	}
	if !strings.Contains(ts.CacheLg.String(), "Cache hit for search") {
		t.Errorf("no cache hit logged: %s", ts.CacheLg.String())
	}

	// An edit, then the invalidation the event handlers run after every write.
	ctx := context.Background()
	if _, err := env.Store.UpdateEvent(ctx, db.UpdateEventParams{
		ID: e.ID, UserID: u.ID, Title: "Annual review", Description: e.Description, Location: e.Location,
		StartsAt: e.StartsAt, EndsAt: e.EndsAt, Color: e.Color,
	}); err != nil {
		t.Fatal(err)
	}
	ts.H.cache.EventChanged(ctx, u.ID, e.ID, nil)
	after := c.get(searchPath("quarterly review"))
	wantIDs(t, "after the edit", searchIDs(after.Body), nil...)
	if !strings.Contains(after.Body, "No events match") {
		t.Errorf("no 'No events match': %s", after.Body)
	}
	wantIDs(t, "new title", searchIDs(c.get(searchPath("annual")).Body), e)
}

func TestSearchPagination(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	now := time.Now()
	var evs []db.Event
	for i := range 25 {
		evs = append(evs, searchEvent(t, u.ID, fmt.Sprintf("Standup %02d", i), "", "", now.Add(time.Duration(i+1)*time.Hour)))
	}
	r1 := c.get(searchPath("standup"))
	wantIDs(t, "page 1", searchIDs(r1.Body), evs[:20]...)
	for _, s := range []string{
		`href="/search?q=standup&amp;page=2"`, `hx-get="/search?q=standup&amp;page=2"`, `hx-swap="outerHTML"`,
		"25 events match “standup”, showing 1–20.", "More results",
	} {
		if !strings.Contains(r1.Body, s) {
			t.Errorf("page 1 lacks %q", s)
		}
	}

	// htmx appends page 2 in place of the button: items only, no list, no button.
	more := c.htmx("/search?q=standup&page=2")
	wantIDs(t, "page 2 (htmx)", searchIDs(more.Body), evs[20:]...)
	if strings.Contains(more.Body, "<ol") || strings.Contains(more.Body, "<html") || strings.Contains(more.Body, "More results") {
		t.Errorf("page 2 fragment: %s", more.Body)
	}
	if !strings.Contains(more.Body, `hx-swap-oob="innerHTML"`) || !strings.Contains(more.Body, "25 events match “standup”.</p>") {
		t.Errorf("page 2 fragment does not update the status: %s", more.Body)
	}

	// Without JS the link loads page 2 as a full page, numbered from 21.
	full := c.get("/search?q=standup&page=2")
	wantIDs(t, "page 2 (full)", searchIDs(full.Body), evs[20:]...)
	if !strings.Contains(full.Body, `<ol class="search-results" start="21">`) || !strings.Contains(full.Body, "showing 21–25") {
		t.Errorf("full page 2: %s", full.Body)
	}
	if r := c.get("/search?q=standup&page=3"); len(searchIDs(r.Body)) != 0 || !strings.Contains(r.Body, "No more events match") {
		t.Errorf("page 3: %s", r.Body)
	}
}

func TestSearchOrdering(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	now := time.Now()
	past := searchEvent(t, u.ID, "Yoga class", "", "", now.Add(-2*time.Hour))
	far := searchEvent(t, u.ID, "Yoga retreat", "", "", now.Add(30*24*time.Hour))
	near := searchEvent(t, u.ID, "Morning yoga", "", "", now.Add(24*time.Hour))
	descOnly := searchEvent(t, u.ID, "Gym", "then yoga", "", now.Add(time.Hour))
	locOnly := searchEvent(t, u.ID, "Stretch", "", "Yoga studio", now.Add(-time.Hour))
	r := c.get(searchPath("yoga"))
	wantIDs(t, "order", searchIDs(r.Body), near, far, past, descOnly, locOnly)
	if !strings.Contains(r.Body, `class="search-result past"`) {
		t.Error("past events are not marked")
	}
}

func TestSearchFragmentAndFullPage(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	searchEvent(t, u.ID, "Dentist", "", "", time.Now().Add(time.Hour))

	full := c.get(searchPath("dentist"))
	if full.StatusCode != http.StatusOK || !strings.Contains(strings.ToLower(full.Body), "<!doctype html>") {
		t.Fatalf("full page: %d", full.StatusCode)
	}
	for _, s := range []string{
		`<form class="search-form" method="get" action="/search" role="search"`,
		`type="search" name="q" value="dentist"`,
		`hx-get="/search"`,
		`hx-trigger="input changed delay:250ms, search"`,
		`hx-target="#search-results"`,
		`hx-sync="this:replace"`,
		`hx-indicator="#search-indicator"`,
		`hx-replace-url="true"`,
		`id="search-status" class="search-status" role="status" aria-live="polite">1 event matches “dentist”.`,
		`<div id="search-results"`,
		`aria-current="page"`,
	} {
		if !strings.Contains(full.Body, s) {
			t.Errorf("full page lacks %s", s)
		}
	}
	if !strings.Contains(full.Header.Get("Vary"), "HX-Request") || full.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("headers: Vary %q, Cache-Control %q", full.Header.Get("Vary"), full.Header.Get("Cache-Control"))
	}

	frag := c.htmx(searchPath("dentist"))
	if frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "<html") || strings.Contains(frag.Body, "<form") {
		t.Fatalf("fragment: %d %s", frag.StatusCode, frag.Body)
	}
	if !strings.Contains(frag.Body, `<ol class="search-results" start="1">`) ||
		!strings.Contains(frag.Body, `<p id="search-status" hx-swap-oob="innerHTML">1 event matches “dentist”.</p>`) {
		t.Errorf("fragment content: %s", frag.Body)
	}
	if !strings.Contains(frag.Header.Get("Vary"), "HX-Request") {
		t.Errorf("fragment Vary %q", frag.Header.Get("Vary"))
	}
	// A boosted navigation gets the full page.
	if r := c.get(searchPath("dentist"), "HX-Request", "true", "HX-Boosted", "true"); !strings.Contains(strings.ToLower(r.Body), "<!doctype html>") {
		t.Error("boosted request got a fragment")
	}
}

func TestSearchHighlightEscapesMarkup(t *testing.T) {
	ts := startServer(t)
	u, c := searchUser(t, ts, "")
	searchEvent(t, u.ID, `<script>alert(1)</script> party`, `<img src=x onerror=alert(2)> script`, `<b>script</b>`, time.Now().Add(time.Hour))
	r := c.get(searchPath("script"))
	if strings.Contains(r.Body, "<script>alert") || strings.Contains(r.Body, "<img src=x") || strings.Contains(r.Body, "<b>") {
		t.Fatalf("markup from an event reached the page: %s", r.Body)
	}
	for _, s := range []string{"&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt; party", "&lt;img src=x onerror=alert(2)&gt; <mark>script</mark>", "&lt;b&gt;<mark>script</mark>&lt;/b&gt;"} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("page lacks %s", s)
		}
	}
	// A query with markup is echoed escaped too.
	r = c.get(searchPath(`<script>"x"`))
	if strings.Contains(r.Body, `<script>"x"`) || !strings.Contains(r.Body, "&lt;script&gt;") {
		t.Errorf("query echoed unescaped")
	}
}

func TestSearchSignedOut(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	r := c.get(searchPath("x"))
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Errorf("plain: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = c.htmx(searchPath("x"))
	if r.Header.Get("HX-Redirect") == "" {
		t.Errorf("htmx: no HX-Redirect (%d)", r.StatusCode)
	}
}

// explainTx runs EXPLAIN for every query sqlc sends and keeps the plan.
type explainTx struct {
	pgx.Tx
	plan    string
	generic bool // explain the plan a prepared statement settles on after five runs
}

func (x *explainTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	explain := "EXPLAIN " + sql
	if x.generic {
		if _, err := x.Tx.Exec(ctx, "SET LOCAL plan_cache_mode = force_generic_plan"); err != nil {
			return nil, err
		}
		if _, err := x.Tx.Exec(ctx, "PREPARE explained AS "+sql); err != nil {
			return nil, err
		}
		params := make([]string, len(args))
		for i, a := range args { // EXECUTE takes values, not bind parameters
			switch a := a.(type) {
			case time.Time:
				params[i] = "'" + a.UTC().Format(time.RFC3339Nano) + "'"
			case string:
				params[i] = "'" + strings.ReplaceAll(a, "'", "''") + "'"
			default:
				params[i] = fmt.Sprint(a)
			}
		}
		explain, args = "EXPLAIN EXECUTE explained("+strings.Join(params, ", ")+")", nil
	}
	rows, err := x.Tx.Query(ctx, explain, args...)
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		b.WriteString(line + "\n")
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	x.plan = b.String()
	if x.generic {
		if _, err := x.Tx.Exec(ctx, "DEALLOCATE explained"); err != nil {
			return nil, err
		}
		if _, err := x.Tx.Exec(ctx, "RESET plan_cache_mode"); err != nil {
			return nil, err
		}
	}
	return x.Tx.Query(ctx, "SELECT 1 WHERE false")
}

// TestSearchUsesTrigramIndex checks the plan of the generated query with
// 20 000 events of other users in the table. Everything happens in a
// transaction that is rolled back, so the rows never reach other tests.
func TestSearchUsesTrigramIndex(t *testing.T) {
	ctx := context.Background()
	start := time.Now()
	tx, err := env.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	q := db.New(tx)
	mkUser := func(name string) int64 {
		u, err := q.CreateUser(ctx, db.CreateUserParams{Username: uniqueName(t) + name, PasswordHash: "x", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	others := make([]int64, 20)
	for i := range others {
		others[i] = mkUser(fmt.Sprintf("o%d", i))
	}
	busy, light := mkUser("busy"), mkUser("light")

	now := time.Now().UTC()
	var rows []db.CreateEventsParams
	ev := func(uid int64, i int, title, desc, loc string) {
		at := now.Add(time.Duration(i%2000-1000) * time.Hour) // a year around now
		rows = append(rows, db.CreateEventsParams{UserID: uid, Title: title, Description: desc, Location: loc, StartsAt: at, EndsAt: at.Add(time.Hour), Color: "blue"})
	}
	for i := range 20000 {
		ev(others[i%len(others)], i, fmt.Sprintf("Team meeting %d", i), fmt.Sprintf("Agenda item %x and follow-ups", i*7919), fmt.Sprintf("Room %d", i%40))
	}
	// A busy user's year of stand-ups, three orthodontist visits among them,
	// and a light user with a handful of events.
	for i := range 2000 {
		ev(busy, i, fmt.Sprintf("Stand-up %d", i), fmt.Sprintf("Notes %x", i*104729), "Office")
	}
	for i := range 3 {
		ev(busy, i, "Orthodontist", "Braces check", "Clinic")
		ev(light, i, fmt.Sprintf("Orthodontist %d", i), "", "")
	}
	if _, err := q.CreateEvents(ctx, rows); err != nil {
		t.Fatal(err)
	}
	// Autovacuum would merge the GIN pending list and refresh statistics;
	// inside the transaction do both by hand.
	if _, err := tx.Exec(ctx, "SELECT gin_clean_pending_list('events_search_idx')"); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "ANALYZE events"); err != nil {
		t.Fatal(err)
	}

	explain := func(uid int64, term string) string {
		x := &explainTx{Tx: tx}
		if _, err := db.New(x).SearchEvents(ctx, db.SearchEventsParams{
			UserID: uid, Pattern: db.ContainsPattern(term), NowTime: now, MaxRows: events.SearchPageSize + 1,
		}); err != nil {
			t.Fatal(err)
		}
		t.Logf("EXPLAIN for user %d, %q:\n%s", uid, term, x.plan)
		if strings.Contains(x.plan, "Seq Scan on events") {
			t.Errorf("%q: sequential scan of events:\n%s", term, x.plan)
		}
		return x.plan
	}
	if plan := explain(busy, "orthodontist"); !strings.Contains(plan, "events_search_idx") {
		t.Errorf("the search index is not used:\n%s", plan)
	}
	// A word every other user's events hold: still only this user's rows.
	if plan := explain(busy, "meeting"); !strings.Contains(plan, "user_id = ") {
		t.Errorf("not restricted to the user:\n%s", plan)
	}
	// A user with a handful of events: reading them all by user_id is
	// cheapest, and the planner may say so; either way no sequential scan.
	explain(light, "orthodontist")
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("took %v", d)
	}
}
