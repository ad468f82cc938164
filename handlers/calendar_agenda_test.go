package handlers

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// agendaPart loads the agenda's "Earlier" or "Later" the way htmx does.
func agendaPartOf(c *client, path string) *response {
	return c.get(path, "HX-Request", "true", "HX-Target", "ag-list", "HX-Current-URL", c.base+"/calendar?view=agenda")
}

var agendaHeads = regexp.MustCompile(`<h2><a href="([^"]+)"[^>]*>([^<]+)</a></h2>`)

// agendaDays lists the day headings of an agenda page or part.
func agendaDays(body string) []string {
	var out []string
	for _, m := range agendaHeads.FindAllStringSubmatch(body, -1) {
		out = append(out, m[2])
	}
	return out
}

func TestAgendaPaging(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	today := calEvent(t, u.ID, "Stand-up", calAt(berlin, 2025, 6, 10, 9, 0), calAt(berlin, 2025, 6, 10, 9, 15), false)
	trip := calEvent(t, u.ID, "Trip", calAt(berlin, 2025, 6, 20, 20, 0), calAt(berlin, 2025, 6, 22, 10, 0), false)
	lastDay := calEvent(t, u.ID, "Last day of the page", calAt(berlin, 2025, 7, 9, 23, 0), calAt(berlin, 2025, 7, 9, 23, 30), false)
	later := calEvent(t, u.ID, "Summer party", calAt(berlin, 2025, 7, 10, 0, 0), calAt(berlin, 2025, 7, 11, 0, 0), true)
	earlier := calEvent(t, u.ID, "Dentist", calAt(berlin, 2025, 5, 20, 8, 0), calAt(berlin, 2025, 5, 20, 9, 0), false)

	page := calOK(t, c.get("/calendar?view=agenda&date=2025-06-10"), "agenda").Body
	if !calFull(page) || !strings.Contains(page, ">10 June – 9 July 2025</h1>") {
		t.Fatalf("not the agenda page of 10 June – 9 July:\n%s", page)
	}
	want := []string{"Tuesday, 10 June 2025", "Friday, 20 June 2025", "Saturday, 21 June 2025", "Sunday, 22 June 2025", "Wednesday, 9 July 2025"}
	if got := agendaDays(page); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("agenda days %q, want %q (only days with events, 30 days from the date)", got, want)
	}
	for _, e := range []struct {
		id   int64
		want int
	}{{today.ID, 1}, {trip.ID, 3}, {lastDay.ID, 1}, {later.ID, 0}, {earlier.ID, 0}} {
		if got := calLinks(page, e.id); got != e.want {
			t.Errorf("event %d listed %d times, want %d", e.id, got, e.want)
		}
	}
	for _, s := range []string{
		`href="/calendar?view=day&amp;date=2025-06-10" aria-current="date"`, // today
		"From 20:00", "Until 10:00", "09:00–09:15",
		`id="ag-later" class="button secondary" href="/calendar?view=agenda&amp;date=2025-07-10" hx-get="/calendar?view=agenda&amp;date=2025-07-10&amp;part=later&amp;from=2025-06-10" hx-target="#ag-list" hx-swap="beforeend"`,
		`id="ag-earlier" class="button secondary" href="/calendar?view=agenda&amp;date=2025-05-11" hx-get="/calendar?view=agenda&amp;date=2025-05-11&amp;part=earlier&amp;days=60" hx-target="#ag-list" hx-swap="afterbegin"`,
		// It reloads its days when events change (the region itself does not).
		`<span id="ag-live" hidden hx-get="/calendar?view=agenda&amp;date=2025-06-10" hx-trigger="eventsChanged from:body" hx-target="#calendar" hx-swap="outerHTML"></span>`,
		`href="/calendar?view=agenda&amp;date=2025-06-10" aria-current="page">Agenda</a>`,
		`href="/calendar?view=year&amp;date=2025-06-10">Year</a>`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("agenda page lacks %s", s)
		}
	}

	if !strings.Contains(page, `<section id="calendar" class="cal" aria-labelledby="cal-h" hx-target="this" hx-swap="outerHTML">`) {
		t.Error("the agenda's region reloads (or loads on a click) by itself, not through #ag-live")
	}
	checkAgendaParts(t, c, later.ID, earlier.ID)
}

// checkAgendaParts checks the parts Earlier and Later load around the
// agenda page of 10 June 2025, whose only events then are later (10 July)
// and earlier (20 May).
func checkAgendaParts(t *testing.T, c *client, later, earlier int64) {
	t.Helper()
	// "Later" with htmx: the next 30 days as items for the list, the
	// first focused, and out of band both links and the reload of every
	// day now on screen.
	part := calOK(t, agendaPartOf(c, "/calendar?view=agenda&date=2025-07-10&part=later&from=2025-06-10"), "later").Body
	if calFull(part) || strings.Contains(part, `id="calendar"`) || strings.Contains(part, "<h1") {
		t.Errorf("the later part is not a list part:\n%s", part)
	}
	if got := agendaDays(part); len(got) != 1 || got[0] != "Thursday, 10 July 2025" || calLinks(part, later) != 1 {
		t.Errorf("later part days %q", got)
	}
	if !strings.Contains(part, `date=2025-07-10" autofocus>`) {
		t.Error("the first day of the later part is not focused")
	}
	for _, s := range []string{
		`id="ag-later" class="button secondary" href="/calendar?view=agenda&amp;date=2025-08-09" hx-get="/calendar?view=agenda&amp;date=2025-08-09&amp;part=later&amp;from=2025-06-10"`,
		`id="ag-earlier" class="button secondary" href="/calendar?view=agenda&amp;date=2025-05-11" hx-get="/calendar?view=agenda&amp;date=2025-05-11&amp;part=earlier&amp;days=90"`,
		`<span id="ag-live" hidden hx-get="/calendar?view=agenda&amp;date=2025-06-10&amp;days=60" hx-trigger="eventsChanged from:body" hx-target="#calendar" hx-swap="outerHTML" hx-swap-oob="true"></span>`,
	} {
		if !strings.Contains(part, s) {
			t.Errorf("the later part lacks %s:\n%s", s, part)
		}
	}
	if strings.Count(part, `hx-swap-oob="true"`) != 3 {
		t.Errorf("the later part does not replace both links and the reload out of band:\n%s", part)
	}
	// "Earlier" likewise, before the list: the days on screen then start
	// with its own.
	part = calOK(t, agendaPartOf(c, "/calendar?view=agenda&date=2025-05-11&part=earlier&days=90"), "earlier").Body
	if got := agendaDays(part); len(got) != 1 || got[0] != "Tuesday, 20 May 2025" || calLinks(part, earlier) != 1 {
		t.Errorf("earlier part days %q", got)
	}
	for _, s := range []string{
		`id="ag-earlier" class="button secondary" href="/calendar?view=agenda&amp;date=2025-04-11" hx-get="/calendar?view=agenda&amp;date=2025-04-11&amp;part=earlier&amp;days=120"`,
		`id="ag-later" class="button secondary" href="/calendar?view=agenda&amp;date=2025-08-09" hx-get="/calendar?view=agenda&amp;date=2025-08-09&amp;part=later&amp;from=2025-05-11"`,
		`<span id="ag-live" hidden hx-get="/calendar?view=agenda&amp;date=2025-05-11&amp;days=90"`,
	} {
		if !strings.Contains(part, s) {
			t.Errorf("the earlier part lacks %s:\n%s", s, part)
		}
	}
	// A list of more than a year reloads the year on the new page's side;
	// a part asked without what is on screen stands alone.
	part = calOK(t, agendaPartOf(c, "/calendar?view=agenda&date=2026-07-10&part=later&from=2025-01-01"), "a long list").Body
	if !strings.Contains(part, `<span id="ag-live" hidden hx-get="/calendar?view=agenda&amp;date=2025-08-08&amp;days=366"`) {
		t.Errorf("a list of a year and a half reloads:\n%s", part)
	}
	part = calOK(t, agendaPartOf(c, "/calendar?view=agenda&date=2025-07-10&part=later"), "later alone").Body
	if !strings.Contains(part, `<span id="ag-live" hidden hx-get="/calendar?view=agenda&amp;date=2025-07-10" hx-trigger`) {
		t.Errorf("a part without from reloads:\n%s", part)
	}
	// A part without events says so.
	part = calOK(t, agendaPartOf(c, "/calendar?view=agenda&date=2025-09-01&part=later"), "empty part").Body
	if !strings.Contains(part, `<li class="muted" tabindex="-1" autofocus>No events from 1 September 2025 to 30 September 2025.</li>`) {
		t.Errorf("empty part:\n%s", part)
	}
	// Without JavaScript, "Later" is the next page, whole.
	plain := calOK(t, c.get("/calendar?view=agenda&date=2025-07-10&part=later"), "plain later").Body
	if !calFull(plain) || !strings.Contains(plain, ">10 July – 8 August 2025</h1>") || calLinks(plain, later) != 1 {
		t.Error("a plain request of a part is not the whole page")
	}
}

// TestAgendaDays: an agenda address with days shows that many days from
// its date, as one list (what a page with its Earlier and Later parts
// reloads when it follows changes), and its own address keeps them.
func TestAgendaDays(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	may := calEvent(t, u.ID, "Dentist", calAt(berlin, 2025, 5, 20, 8, 0), calAt(berlin, 2025, 5, 20, 9, 0), false)
	june := calEvent(t, u.ID, "Stand-up", calAt(berlin, 2025, 6, 10, 9, 0), calAt(berlin, 2025, 6, 10, 9, 15), false)
	july := calEvent(t, u.ID, "Summer party", calAt(berlin, 2025, 7, 10, 0, 0), calAt(berlin, 2025, 7, 11, 0, 0), true)
	august := calEvent(t, u.ID, "Harbour walk", calAt(berlin, 2025, 8, 9, 11, 0), calAt(berlin, 2025, 8, 9, 12, 0), false)

	for _, base := range []string{"/calendar", "/"} {
		region := calOK(t, c.get(base+"?view=agenda&date=2025-05-11&days=90", "HX-Request", "true", "HX-Target", "calendar"), "90 days").Body
		if got := agendaDays(region); strings.Join(got, "|") != "Tuesday, 20 May 2025|Tuesday, 10 June 2025|Thursday, 10 July 2025" {
			t.Errorf("%s: 90 days from 11 May show %q", base, got)
		}
		for _, e := range []struct {
			id   int64
			want int
		}{{may.ID, 1}, {june.ID, 1}, {july.ID, 1}, {august.ID, 0}} {
			if got := calLinks(region, e.id); got != e.want {
				t.Errorf("%s: event %d listed %d times, want %d", base, e.id, got, e.want)
			}
		}
		for _, s := range []string{">11 May – 8 August 2025</h1>", `hx-get="` + base + `?view=agenda&amp;date=2025-05-11&amp;days=90"`,
			`id="ag-later" class="button secondary" href="` + base + `?view=agenda&amp;date=2025-08-09"`,
			`id="ag-earlier" class="button secondary" href="` + base + `?view=agenda&amp;date=2025-04-11"`} {
			if !strings.Contains(region, s) {
				t.Errorf("%s: the 90-day agenda lacks %s", base, s)
			}
		}
	}
	// One page's worth is the page itself; other views have no days.
	page := calOK(t, c.get("/calendar?view=agenda&date=2025-06-10&days=30"), "30 days").Body
	if !strings.Contains(page, ">10 June – 9 July 2025</h1>") || strings.Contains(page, "days=30") {
		t.Error("days=30 is not the agenda's one page")
	}
	if month := calOK(t, c.get("/calendar?view=month&date=2025-06-10&days=90"), "month").Body; calLinks(month, june.ID) != 1 || strings.Contains(month, "days=") {
		t.Error("days changes the month")
	}
	for _, bad := range []string{"0", "367", "-5", "x", "9.5", "400000000000000000000"} {
		if r := c.get("/calendar?view=agenda&date=2025-06-10&days=" + bad); r.StatusCode != 400 || !strings.Contains(r.Body, "days must be a whole number from 1 to 366") {
			t.Errorf("days=%s: %d", bad, r.StatusCode)
		}
	}
	if r := c.get("/calendar?view=agenda&date=9998-12-01&days=60"); r.StatusCode != 400 || !strings.Contains(r.Body, "within the calendar") {
		t.Errorf("days past the calendar's last year: %d", r.StatusCode)
	}
}

func TestAgendaOnDashboard(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	later := calEvent(t, u.ID, "Summer party", calAt(time.UTC, 2025, 7, 10, 0, 0), calAt(time.UTC, 2025, 7, 11, 0, 0), true)
	// The region alone for navigation; the dashboard's links stay on it.
	if r := calOK(t, c.htmx("/calendar?view=agenda&date=2025-06-10"), "region").Body; !strings.Contains(r, `id="calendar"`) || !strings.Contains(r, `id="ag-list"`) || calFull(r) {
		t.Error("the agenda fragment is not the calendar region")
	}
	dash := calOK(t, c.get("/?view=agenda&date=2025-06-10"), "dashboard agenda").Body
	if !strings.Contains(dash, `href="/?view=agenda&amp;date=2025-07-10" hx-get="/?view=agenda&amp;date=2025-07-10&amp;part=later&amp;from=2025-06-10"`) || !strings.Contains(dash, `id="upcoming"`) {
		t.Error("the dashboard's agenda does not page on the dashboard")
	}
	if r := calOK(t, agendaPartOf(c, "/?view=agenda&date=2025-07-10&part=later"), "dashboard part").Body; calLinks(r, later.ID) != 1 || strings.Contains(r, `id="upcoming"`) {
		t.Error("the dashboard's later part")
	}
}

func TestAgendaBadInput(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", -1)
	for _, path := range []string{
		"/calendar?view=agenda&part=sideways", "/calendar?view=month&part=later", "/calendar?view=agenda&date=2025-02-29",
		"/?view=agenda&part=x", "/calendar?view=agenda&date=10000-01-01&part=later", "/calendar?view=year&date=0001-06-01",
	} {
		if r := c.get(path); r.StatusCode != 400 || !strings.Contains(r.Body, "must") && !strings.Contains(r.Body, "Only the agenda") {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
		if r := agendaPartOf(c, path); r.StatusCode != 400 || calFull(r.Body) {
			t.Errorf("%s (htmx): %d", path, r.StatusCode)
		}
	}
	// What a part says is on screen must make sense.
	for _, path := range []string{"/calendar?view=agenda&date=2025-06-10&part=later&from=2025-06-11", "/calendar?view=agenda&date=2025-06-10&part=later&from=June",
		"/calendar?view=agenda&date=2025-06-10&part=earlier&days=0", "/calendar?view=agenda&date=2025-06-10&part=earlier&days=x",
		"/calendar?view=agenda&date=9998-11-01&part=earlier&days=90"} {
		if r := agendaPartOf(c, path); r.StatusCode != 400 || !strings.Contains(r.Body, "The agenda&#39;s") {
			t.Errorf("%s (htmx): %d %s", path, r.StatusCode, r.Body)
		}
	}
	// At the end of the calendar there is no later page to load.
	end := calOK(t, c.get("/calendar?view=agenda&date=9998-12-20"), "the end").Body
	if strings.Contains(end, `id="ag-later" class`) || !strings.Contains(end, `<span id="ag-later"></span>`) {
		t.Error("the last agenda page offers a later page")
	}
}

func TestAgendaAndYearCached(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	berlin := calLoc(t, "Europe/Berlin")
	e := calEvent(t, u.ID, "Cached", calAt(berlin, 2025, 6, 12, 9, 0), calAt(berlin, 2025, 6, 12, 10, 0), false)
	queries := func(r *response) int {
		t.Helper()
		n, err := strconv.Atoi(r.Header.Get("X-DB-Queries"))
		if err != nil {
			t.Fatalf("X-DB-Queries = %q", r.Header.Get("X-DB-Queries"))
		}
		return n
	}
	for _, path := range []string{
		"/calendar?view=year&date=2025-06-12", "/calendar?view=agenda&date=2025-06-01",
		"/calendar?view=agenda&date=2025-07-01&part=later", "/?view=year&date=2025-06-12",
	} {
		get := c.htmx
		if strings.Contains(path, "part=") {
			get = func(p string) *response { return agendaPartOf(c, p) }
		}
		if n := queries(calOK(t, get(path), path)); n > 2 {
			t.Errorf("%s: %d queries on a miss, want at most 2", path, n)
		}
		if n := queries(calOK(t, get(path), path)); n != 0 {
			t.Errorf("%s: %d queries on a hit, want 0", path, n)
		}
		if n := queries(calOK(t, c.get(path), path)); n != 0 && !strings.HasPrefix(path, "/?") {
			t.Errorf("%s: the full page of a cached view ran %d queries", path, n)
		}
	}
	// The year filled the by-date cache: the month inside it runs none.
	if n := queries(calOK(t, c.htmx("/calendar?view=month&date=2025-03-12"), "month")); n != 0 {
		t.Errorf("a month inside a cached year: %d queries", n)
	}
	logs := ts.CacheLg.String()
	if !strings.Contains(logs, "Cache hit for events on 2025-12-31 for user "+strconv.FormatInt(u.ID, 10)) {
		t.Error("the year's page hit is not logged for its last day")
	}
	// A write is seen on the next request, with one query for the changed day.
	added := calEvent(t, u.ID, "Added", calAt(berlin, 2025, 6, 13, 9, 0), calAt(berlin, 2025, 6, 13, 10, 0), false)
	ts.H.cache.EventChanged(t.Context(), u.ID, added.ID, []string{"2025-06-13"})
	r := c.htmx("/calendar?view=agenda&date=2025-06-01")
	if calLinks(r.Body, added.ID) != 1 || calLinks(r.Body, e.ID) != 1 || queries(r) != 1 {
		t.Errorf("agenda after a write: shown %d times with %d queries", calLinks(r.Body, added.ID), queries(r))
	}
	// The agenda refilled the day, so the year reads every day from the
	// cache; on a loaded machine its 366-key MGET can outlast the cache's
	// timeout, which the year answers with its one range query.
	y := c.htmx("/calendar?view=year&date=2025-06-12")
	if !strings.Contains(y.Body, `date=2025-06-13" class="e">13<span class="visually-hidden">, 1 event</span>`) || queries(y) > 1 {
		i := strings.Index(y.Body, "date=2025-06-13")
		t.Errorf("year after a write: %d queries: %s", queries(y), y.Body[max(i-100, 0):min(i+200, len(y.Body))])
	}
}
