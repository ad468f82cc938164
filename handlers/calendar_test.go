package handlers

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the test zones, whatever the machine has

	"github.com/eventcal/eventcal/db"
)

// calNow is the clock of the calendar tests: Tuesday 10 June 2025, 12:00 UTC.
var calNow = time.Date(2025, time.June, 10, 12, 0, 0, 0, time.UTC)

// calServer starts a server whose clock is calNow.
func calServer(t *testing.T) *testServer {
	t.Helper()
	return startServer(t, func(d *Deps) { d.Now = func() time.Time { return calNow } })
}

// calUser creates a user in tz (week start: weekStart, or the default when
// negative) and signs a client in.
func calUser(t *testing.T, ts *testServer, tz string, weekStart int) (db.User, *client) {
	t.Helper()
	name := uniqueName(t)
	u := createUser(t, name, "correct horse battery", tz, false)
	if weekStart >= 0 {
		var err error
		u, err = env.Store.UpdateUserSettings(context.Background(), db.UpdateUserSettingsParams{
			ID: u.ID, Email: u.Email, Timezone: u.Timezone, WeekStart: int16(weekStart),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	c := ts.client(t)
	c.login(name, "correct horse battery")
	return u, c
}

// calEvent stores an event directly.
func calEvent(t *testing.T, uid int64, title string, start, end time.Time, allDay bool) db.Event {
	t.Helper()
	e, err := env.Store.CreateEvent(context.Background(), db.CreateEventParams{
		UserID: uid, Title: title, StartsAt: start, EndsAt: end, AllDay: allDay, Color: "green",
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func calLoc(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// calAt is y-m-d hh:mm in loc.
func calAt(loc *time.Location, y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// calLinks counts the plain links to an event in a body.
func calLinks(body string, id int64) int {
	return strings.Count(body, `href="/events/`+strconv.FormatInt(id, 10)+`"`)
}

// calOK fails unless the response is a 200.
func calOK(t *testing.T, r *response, what string) *response {
	t.Helper()
	if r.StatusCode != 200 {
		t.Fatalf("%s: status %d: %s", what, r.StatusCode, r.Body)
	}
	return r
}

func calFull(body string) bool { return strings.Contains(strings.ToLower(body), "<!doctype html>") }

func TestCalendarPageAndFragment(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", -1)

	for _, path := range []string{"/calendar", "/calendar?view=week&date=2025-06-12", "/", "/events?date=2025-06-12", "/upcoming"} {
		full := calOK(t, c.get(path), path)
		if !calFull(full.Body) {
			t.Errorf("%s: not a full page", path)
		}
		if !strings.Contains(full.Header.Get("Vary"), "HX-Request") {
			t.Errorf("%s: Vary = %q", path, full.Header.Get("Vary"))
		}
		if full.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control = %q", path, full.Header.Get("Cache-Control"))
		}
		frag := calOK(t, c.htmx(path), path+" (htmx)")
		if calFull(frag.Body) || strings.Contains(frag.Body, "<html") {
			t.Errorf("%s: htmx request got a full page", path)
		}
		if !strings.Contains(frag.Header.Get("Vary"), "HX-Request") {
			t.Errorf("%s (htmx): Vary = %q", path, frag.Header.Get("Vary"))
		}
		if !strings.Contains(frag.Body, `hx-trigger="eventsChanged from:body"`) {
			t.Errorf("%s: the fragment does not refresh on eventsChanged", path)
		}
		restore := calOK(t, c.get(path, "HX-Request", "true", "HX-History-Restore-Request", "true"), path+" (restore)")
		if !calFull(restore.Body) {
			t.Errorf("%s: a history restore got a fragment", path)
		}
		boosted := calOK(t, c.get(path, "HX-Request", "true", "HX-Boosted", "true"), path+" (boosted)")
		if !calFull(boosted.Body) {
			t.Errorf("%s: a boosted request got a fragment", path)
		}
		if strings.Contains(full.Body, " style=") {
			t.Errorf("%s: inline style attribute (the CSP forbids it)", path)
		}
	}

	// The fragment is the calendar region with its navigation.
	frag := c.htmx("/calendar?view=month&date=2025-06-12")
	for _, want := range []string{
		`id="calendar"`, `data-focus-on-swap`, `>June 2025</h1>`,
		`hx-target="this"`, `hx-swap="outerHTML"`, `hx-push-url="true"`,
		`href="/calendar?view=month&amp;date=2025-05-12"`, // previous
		`href="/calendar?view=month&amp;date=2025-07-12"`, // next
		`href="/calendar?view=week&amp;date=2025-06-12"`,  // switcher
		`<input id="cal-d" type="date" name="date" value="2025-06-12" required>`,
		`<input type="hidden" name="view" value="month">`,
		`action="/calendar" method="get"`,
		`href="/events/new"`, `hx-target="#dialog-root"`,
	} {
		if !strings.Contains(frag.Body, want) {
			t.Errorf("month fragment lacks %s", want)
		}
	}
	if got := strings.Count(frag.Body, "<td"); got != 42 {
		t.Errorf("month grid has %d cells, want 42", got)
	}
	if !strings.Contains(frag.Body, `aria-label="Tuesday 10 June" aria-current="date"`) {
		t.Error("today (10 June) is not marked with aria-current=date")
	}
	// The dashboard's navigation stays on the dashboard.
	dash := c.get("/")
	if !strings.Contains(dash.Body, `href="/?view=month&amp;date=2025-07-10"`) || !strings.Contains(dash.Body, `id="upcoming"`) {
		t.Error("dashboard navigation or upcoming list missing")
	}
	if r := c.htmx("/?view=week&date=2025-06-12"); r.StatusCode != 200 || !strings.Contains(r.Body, "9 – 15 June 2025") || strings.Contains(r.Body, `id="upcoming"`) {
		t.Errorf("dashboard week fragment: %d", r.StatusCode)
	}
}

func TestCalendarBadInput(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", -1)
	for _, path := range []string{
		"/calendar?view=decade", "/calendar?view=%00", "/calendar?date=2025-13-01", "/calendar?date=2025-02-30",
		"/calendar?date=tomorrow", "/calendar?view=week&date=0001-01-01", "/calendar?date=2025-6-1",
		"/?view=years", "/?date=x", "/events?date=2025-00-10", "/events?date=junk",
	} {
		if r := c.get(path); r.StatusCode != 400 || !calFull(r.Body) {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
		if r := c.htmx(path); r.StatusCode != 400 || calFull(r.Body) {
			t.Errorf("%s (htmx): %d", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/calendar?view=WEEK", "/calendar?date=9998-12-31", "/calendar?view=day&date=0002-01-01"} {
		calOK(t, c.get(path), path)
	}
	// Signed out: the login page, or HX-Redirect for htmx.
	anon := ts.client(t)
	if r := anon.get("/calendar"); r.StatusCode != 303 {
		t.Errorf("signed-out calendar: %d", r.StatusCode)
	}
	if r := anon.htmx("/calendar?view=week"); r.Header.Get("HX-Redirect") == "" {
		t.Error("signed-out htmx calendar: no HX-Redirect")
	}
}

func TestCalendarShowsEventEverywhere(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	e := calEvent(t, u.ID, "Dentist <Dr. Ähm>", calAt(berlin, 2025, 6, 12, 9, 30), calAt(berlin, 2025, 6, 12, 10, 30), false)

	for _, path := range []string{
		"/calendar", "/calendar?view=month&date=2025-06-01", "/calendar?view=week&date=2025-06-12",
		"/calendar?view=week&date=2025-06-09", "/calendar?view=day&date=2025-06-12", "/", "/events?date=2025-06-12", "/upcoming",
	} {
		r := calOK(t, c.get(path), path)
		if calLinks(r.Body, e.ID) == 0 || !strings.Contains(r.Body, "Dentist &lt;Dr. Ähm&gt;") {
			t.Errorf("%s: the event is missing", path)
		}
	}
	for _, path := range []string{"/calendar?view=week&date=2025-06-16", "/calendar?view=day&date=2025-06-11", "/calendar?view=month&date=2025-07-01", "/events?date=2025-06-13"} {
		if r := calOK(t, c.get(path), path); calLinks(r.Body, e.ID) != 0 {
			t.Errorf("%s: the event shows up on the wrong range", path)
		}
	}
	month := c.htmx("/calendar?date=2025-06-12").Body
	if !strings.Contains(month, `<b>09:30</b>`) || !strings.Contains(month, `class="ev c-green"`) {
		t.Error("month chip lacks its time or colour")
	}
	// A chip is a plain link that app.js loads with htmx (the month grid is
	// [data-nav]) into the dialog, the target of its list, without pushing
	// its URL.
	chip := `<ul hx-target="#dialog-root" hx-swap="innerHTML" hx-push-url="false"><li><a class="ev c-green" href="/events/` +
		strconv.FormatInt(e.ID, 10) + `"><b>09:30</b>`
	if !strings.Contains(month, `<table class="mo" data-nav hx-push-url="true">`) || !strings.Contains(month, chip) {
		t.Error("chip does not open the event in the dialog")
	}
	// Week view: 09:30 is quarter-hour row 38, one hour is 4 rows.
	week := c.htmx("/calendar?view=week&date=2025-06-12").Body
	if !strings.Contains(week, `<li class="t38 h4">`) {
		t.Errorf("week view does not place 09:30–10:30 at t38 h4:\n%s", week)
	}
	if strings.Count(week, `class="col"`) != 7 {
		t.Error("week view does not have 7 day columns")
	}
	day := c.htmx("/calendar?view=day&date=2025-06-12").Body
	if strings.Count(day, `class="col"`) != 1 || !strings.Contains(day, `href="/events/new?date=2025-06-12"`) {
		t.Error("day view: one column and a New event link for the day")
	}
	up := c.get("/upcoming").Body
	if !strings.Contains(up, "Thu 12 Jun, 09:30–10:30") || !strings.Contains(up, `datetime="2025-06-12T09:30:00+02:00"`) {
		t.Errorf("upcoming entry time not in the user's zone:\n%s", up)
	}
	list := c.get("/events?date=2025-06-12").Body
	if !strings.Contains(list, "09:30–10:30") || !strings.Contains(list, "Thursday, 12 June 2025") {
		t.Error("day list lacks the time or the heading")
	}
}

func TestCalendarOverlappingEventsSideBySide(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	calEvent(t, u.ID, "A", calAt(time.UTC, 2025, 6, 12, 9, 0), calAt(time.UTC, 2025, 6, 12, 11, 0), false)
	calEvent(t, u.ID, "B", calAt(time.UTC, 2025, 6, 12, 10, 0), calAt(time.UTC, 2025, 6, 12, 10, 30), false)
	calEvent(t, u.ID, "Conference", calAt(time.UTC, 2025, 6, 11, 8, 0), calAt(time.UTC, 2025, 6, 13, 18, 0), false)
	day := c.htmx("/calendar?view=day&date=2025-06-12").Body
	for _, want := range []string{`<li class="t36 h8 k0-2">`, `<li class="t40 h2 k1-2">`} {
		if !strings.Contains(day, want) {
			t.Errorf("day view lacks %s:\n%s", want, day)
		}
	}
	// Past midnight: the rest of the day, then the start of the next.
	calEvent(t, u.ID, "Late show", calAt(time.UTC, 2025, 6, 14, 23, 0), calAt(time.UTC, 2025, 6, 15, 1, 0), false)
	if d := c.htmx("/calendar?view=day&date=2025-06-14").Body; !strings.Contains(d, `<li class="t92 h4">`) {
		t.Errorf("23:00–01:00 not placed at t92 h4 on its first day:\n%s", d)
	}
	if d := c.htmx("/calendar?view=day&date=2025-06-15").Body; !strings.Contains(d, `<li class="t0 h4">`) || !strings.Contains(d, "<b>–01:00</b>") {
		t.Errorf("23:00–01:00 not placed at t0 h4 on its second day:\n%s", d)
	}
	// More than 6 at once still get side-by-side classes the CSS defines.
	for i := range 7 {
		calEvent(t, u.ID, fmt.Sprintf("Crowd %d", i), calAt(time.UTC, 2025, 6, 16, 9, 0), calAt(time.UTC, 2025, 6, 16, 10, 0), false)
	}
	crowd := c.htmx("/calendar?view=day&date=2025-06-16").Body
	if !strings.Contains(crowd, `<li class="t36 h4 k5-6">`) || strings.Contains(crowd, "-7\"") {
		t.Errorf("7 overlapping events are not mapped onto 6 columns:\n%s", crowd)
	}
	// A timed event of more than a day sits in the all-day row.
	adr := regexp.MustCompile(`(?s)<ul class="adr"[^>]*>(.*?)</ul>`).FindStringSubmatch(day)
	if adr == nil || !strings.Contains(adr[1], "Conference") {
		t.Error("the 3-day conference is not in the all-day row")
	}
}

func TestCalendarMultiDayEvents(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	trip := calEvent(t, u.ID, "Trip", calAt(berlin, 2025, 6, 12, 20, 0), calAt(berlin, 2025, 6, 15, 10, 0), false)
	fest := calEvent(t, u.ID, "Festival", calAt(berlin, 2025, 6, 20, 0, 0), calAt(berlin, 2025, 6, 22, 0, 0), true)
	night := calEvent(t, u.ID, "Night shift", calAt(berlin, 2025, 6, 25, 22, 0), calAt(berlin, 2025, 6, 26, 6, 0), false)

	month := c.htmx("/calendar?date=2025-06-01").Body
	for _, tc := range []struct {
		e    db.Event
		want int
	}{{trip, 1}, {fest, 1}, {night, 2}} { // multi-day events are one bar a week row
		if got := calLinks(month, tc.e.ID); got != tc.want {
			t.Errorf("%s: %d links in the month, want %d", tc.e.Title, got, tc.want)
		}
	}
	for d := 11; d <= 16; d++ {
		date := fmt.Sprintf("2025-06-%02d", d)
		want := d >= 12 && d <= 15
		for _, path := range []string{"/calendar?view=day&date=" + date, "/events?date=" + date} {
			if got := calLinks(c.get(path).Body, trip.ID) > 0; got != want {
				t.Errorf("%s: trip shown = %v, want %v", path, got, want)
			}
		}
	}
	for d, want := range map[int]bool{19: false, 20: true, 21: true, 22: false} {
		path := fmt.Sprintf("/events?date=2025-06-%02d", d)
		if got := calLinks(c.get(path).Body, fest.ID) > 0; got != want {
			t.Errorf("%s: festival shown = %v, want %v", path, got, want)
		}
	}
	if w := c.htmx("/calendar?view=week&date=2025-06-12").Body; calLinks(w, trip.ID) != 4 {
		t.Errorf("week view: trip on %d days, want 4", calLinks(w, trip.ID))
	}
	// The second night's chip shows when it ends; the day list says so too.
	if !strings.Contains(month, "<b>–06:00</b>") || !strings.Contains(c.get("/events?date=2025-06-26").Body, "Until 06:00") {
		t.Error("the night shift's second day does not show its end")
	}
}

func TestCalendarUsesTheUsersZone(t *testing.T) {
	ts := calServer(t)
	berlin, ny := calLoc(t, "Europe/Berlin"), calLoc(t, "America/New_York")
	ub, cb := calUser(t, ts, "Europe/Berlin", -1)
	late := calEvent(t, ub.ID, "Late", calAt(berlin, 2025, 1, 15, 23, 30), calAt(berlin, 2025, 1, 15, 23, 45), false)
	early := calEvent(t, ub.ID, "Early", calAt(berlin, 2025, 1, 16, 0, 30), calAt(berlin, 2025, 1, 16, 1, 0), false) // 15 Jan 23:30 UTC
	un, cn := calUser(t, ts, "America/New_York", -1)
	nyLate := calEvent(t, un.ID, "NY late", calAt(ny, 2025, 1, 15, 23, 30), calAt(ny, 2025, 1, 15, 23, 50), false) // 16 Jan 04:30 UTC

	d15, d16 := cb.get("/events?date=2025-01-15").Body, cb.get("/events?date=2025-01-16").Body
	if calLinks(d15, late.ID) != 1 || calLinks(d16, late.ID) != 0 {
		t.Error("23:30 Berlin is not on the 15th")
	}
	if calLinks(d16, early.ID) != 1 || calLinks(d15, early.ID) != 0 {
		t.Error("00:30 Berlin (23:30 UTC the day before) is not on the 16th")
	}
	if day := cb.htmx("/calendar?view=day&date=2025-01-16").Body; !strings.Contains(day, `<li class="t2 h2">`) {
		t.Errorf("00:30–01:00 Berlin not placed at t2 h2:\n%s", day)
	}
	if calLinks(cn.get("/events?date=2025-01-15").Body, nyLate.ID) != 1 || calLinks(cn.get("/events?date=2025-01-16").Body, nyLate.ID) != 0 {
		t.Error("23:30 New York is not on the 15th")
	}
	if !strings.Contains(cn.htmx("/calendar?view=day&date=2025-01-15").Body, "<b>23:30</b>") {
		t.Error("time not shown in the user's zone")
	}
}

func TestCalendarWeekStart(t *testing.T) {
	ts := calServer(t)
	_, mon := calUser(t, ts, "UTC", -1)
	_, sun := calUser(t, ts, "UTC", 0)
	firstHead := regexp.MustCompile(`<th scope="col"><abbr title="(\w+)">`)
	if m := firstHead.FindStringSubmatch(mon.htmx("/calendar?date=2025-06-12").Body); m == nil || m[1] != "Monday" {
		t.Errorf("default week start: %v", m)
	}
	month := sun.htmx("/calendar?date=2025-06-12").Body
	if m := firstHead.FindStringSubmatch(month); m == nil || m[1] != "Sunday" {
		t.Errorf("Sunday week start: %v", m)
	}
	// June 2025 starts on a Sunday, so the Sunday grid starts on 1 June.
	if !strings.Contains(month, `aria-label="Sunday 1 June"`) || strings.Contains(month, `aria-label="Saturday 31 May"`) {
		t.Error("Sunday grid does not start on 1 June")
	}
	week := sun.htmx("/calendar?view=week&date=2025-06-12").Body
	if !strings.Contains(week, "8 – 14 June 2025") || !strings.Contains(week, `>Sun 8</a>`) {
		t.Error("Sunday week is not 8–14 June")
	}
	if w := mon.htmx("/calendar?view=week&date=2025-06-12").Body; !strings.Contains(w, "9 – 15 June 2025") {
		t.Error("Monday week is not 9–15 June")
	}
}

func TestCalendarCacheBudget(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	berlin := calLoc(t, "Europe/Berlin")
	calEvent(t, u.ID, "Cached", calAt(berlin, 2025, 6, 12, 9, 0), calAt(berlin, 2025, 6, 12, 10, 0), false)

	queries := func(r *response) int {
		t.Helper()
		n, err := strconv.Atoi(r.Header.Get("X-DB-Queries"))
		if err != nil {
			t.Fatalf("X-DB-Queries = %q", r.Header.Get("X-DB-Queries"))
		}
		return n
	}
	const month = "/calendar?view=month&date=2025-06-12"
	if n := queries(calOK(t, c.htmx(month), "first")); n < 1 || n > 2 {
		t.Errorf("first month: %d queries, want 1..2", n)
	}
	if n := queries(calOK(t, c.htmx(month), "second")); n != 0 {
		t.Errorf("cached month: %d queries, want 0", n)
	}
	if n := queries(calOK(t, c.get(month), "full")); n != 0 {
		t.Errorf("cached full month page: %d queries, want 0", n)
	}
	// The week and the day lie inside the cached grid.
	for _, path := range []string{"/calendar?view=week&date=2025-06-12", "/calendar?view=day&date=2025-06-12", "/events?date=2025-06-12"} {
		if n := queries(calOK(t, c.get(path), path)); n != 0 {
			t.Errorf("%s: %d queries, want 0", path, n)
		}
	}
	if n := queries(calOK(t, c.get("/"), "dashboard")); n < 1 || n > 2 {
		t.Errorf("first dashboard: %d queries, want 1..2", n)
	}
	if n := queries(calOK(t, c.get("/"), "dashboard again")); n != 0 {
		t.Errorf("cached dashboard: %d queries, want 0", n)
	}
	if n := queries(calOK(t, c.get("/?view=week&date=2025-08-06"), "dashboard week")); n > 2 {
		t.Errorf("uncached dashboard week: %d queries", n)
	}
	logs := ts.CacheLg.String()
	for _, want := range []string{
		fmt.Sprintf("Cache miss for events on 2025-06-12 for user %d", u.ID),
		fmt.Sprintf("Cache hit for events on 2025-06-12 for user %d", u.ID),
		fmt.Sprintf("Cache hit for events on 2025-07-06 for user %d", u.ID), // the grid's last day
		fmt.Sprintf("Cache hit for upcoming events for user %d", u.ID),
	} {
		if !strings.Contains(logs, want) {
			t.Errorf("cache log lacks %q", want)
		}
	}
	// A write that invalidates is seen on the next request.
	e := calEvent(t, u.ID, "Added later", calAt(berlin, 2025, 6, 13, 9, 0), calAt(berlin, 2025, 6, 13, 10, 0), false)
	ts.H.cache.EventChanged(context.Background(), u.ID, e.ID, []string{"2025-06-13"})
	r := c.htmx(month)
	if calLinks(r.Body, e.ID) != 1 || queries(r) != 1 {
		t.Errorf("after invalidation: shown %d times with %d queries", calLinks(r.Body, e.ID), queries(r))
	}
}

func TestCalendarMoreLink(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	for i := range 5 {
		calEvent(t, u.ID, fmt.Sprintf("Meeting %d", i+1), calAt(time.UTC, 2025, 6, 12, 8+i, 0), calAt(time.UTC, 2025, 6, 12, 8+i, 30), false)
	}
	month := c.htmx("/calendar?date=2025-06-12").Body
	cell := regexp.MustCompile(`(?s)aria-label="Thursday 12 June">12</a>(.*?)</td>`).FindStringSubmatch(month)
	if cell == nil {
		t.Fatalf("no cell for 12 June:\n%s", month)
	}
	if n := strings.Count(cell[1], `class="ev `); n != 3 {
		t.Errorf("%d chips, want 3", n)
	}
	if !strings.Contains(cell[1], `<a class="more" href="/calendar?view=day&amp;date=2025-06-12"`) || !strings.Contains(cell[1], ">+2 more</a>") {
		t.Errorf("no +2 more link to the day:\n%s", cell[1])
	}
	for _, want := range []string{"Meeting 1", "Meeting 3"} {
		if !strings.Contains(cell[1], want) {
			t.Errorf("the first chips are not the earliest events: %s missing", want)
		}
	}
	day := c.get("/calendar?view=day&date=2025-06-12").Body
	if strings.Count(day, "Meeting ") != 5 {
		t.Error("the day view does not show all 5")
	}
	list := c.get("/events?date=2025-06-12").Body
	if i1, i5 := strings.Index(list, "Meeting 1"), strings.Index(list, "Meeting 5"); i1 < 0 || i5 < i1 {
		t.Error("the day list is not in time order")
	}
}

func TestCalendarEmptyStates(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", -1)
	dash := c.get("/").Body
	for _, want := range []string{"Nothing planned for the next 30 days.", "No events this month."} {
		if !strings.Contains(dash, want) {
			t.Errorf("dashboard lacks %q", want)
		}
	}
	if !strings.Contains(c.get("/events?date=2025-06-12").Body, "No events on this day.") {
		t.Error("day list empty state missing")
	}
	if !strings.Contains(c.htmx("/calendar?view=week").Body, "No events this week.") {
		t.Error("week empty state missing")
	}
}

func TestCalendarHidesOtherUsersEvents(t *testing.T) {
	ts := calServer(t)
	ua, ca := calUser(t, ts, "UTC", -1)
	ub, _ := calUser(t, ts, "UTC", -1)
	mine := calEvent(t, ua.ID, "Mine", calAt(time.UTC, 2025, 6, 12, 9, 0), calAt(time.UTC, 2025, 6, 12, 10, 0), false)
	theirs := calEvent(t, ub.ID, "Secret plan", calAt(time.UTC, 2025, 6, 12, 9, 0), calAt(time.UTC, 2025, 6, 12, 10, 0), false)
	for _, path := range []string{
		"/", "/upcoming", "/calendar?date=2025-06-12", "/calendar?view=week&date=2025-06-12",
		"/calendar?view=day&date=2025-06-12", "/events?date=2025-06-12",
	} {
		r := calOK(t, ca.get(path), path)
		if calLinks(r.Body, mine.ID) == 0 {
			t.Errorf("%s: own event missing", path)
		}
		if calLinks(r.Body, theirs.ID) != 0 || strings.Contains(r.Body, "Secret plan") {
			t.Errorf("%s: shows another user's event", path)
		}
	}
}

func TestUpcomingList(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	past := calEvent(t, u.ID, "Yesterday", calNow.Add(-26*time.Hour), calNow.Add(-25*time.Hour), false)
	ongoing := calEvent(t, u.ID, "Ongoing", calNow.Add(-time.Hour), calNow.Add(time.Hour), false)
	soon := calEvent(t, u.ID, "Soon", calNow.Add(48*time.Hour), calNow.Add(49*time.Hour), false)
	allDay := calEvent(t, u.ID, "Holiday", time.Date(2025, 6, 20, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 21, 0, 0, 0, 0, time.UTC), true)
	far := calEvent(t, u.ID, "Far away", calNow.AddDate(0, 0, 31), calNow.AddDate(0, 0, 31).Add(time.Hour), false)
	up := calOK(t, c.get("/upcoming"), "upcoming").Body
	for _, e := range []db.Event{ongoing, soon, allDay} {
		if calLinks(up, e.ID) != 1 {
			t.Errorf("%s missing from upcoming", e.Title)
		}
	}
	for _, e := range []db.Event{past, far} {
		if calLinks(up, e.ID) != 0 {
			t.Errorf("%s should not be upcoming", e.Title)
		}
	}
	if i, j := strings.Index(up, "Ongoing"), strings.Index(up, "Soon"); i < 0 || j < i {
		t.Error("upcoming is not in time order")
	}
	if !strings.Contains(up, "Fri 20 Jun, all day") {
		t.Error("all-day event is not labelled all day")
	}
	for i := range 25 {
		calEvent(t, u.ID, "Many", calNow.Add(time.Duration(50+i)*time.Hour), calNow.Add(time.Duration(51+i)*time.Hour), false)
	}
	ts.H.cache.EventChanged(context.Background(), u.ID, 0, nil)
	if n := strings.Count(c.htmx("/upcoming").Body, "<li "); n != 20 {
		t.Errorf("upcoming shows %d events, want at most 20", n)
	}
}

// calGzip is the size of b compressed with gzip at the default level.
func calGzip(t *testing.T, b []byte) int {
	t.Helper()
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Len()
}

func TestCalendarFragmentBudget(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	titles := []string{
		"Team stand-up", "Lunch with Maria", "Dentist appointment", "Project review", "Gym",
		"Call with the bank", "Piano lesson", "Quarterly planning", "Birthday dinner at Luigi's", "Flight to Lisbon",
		"Parent-teacher meeting", "Yoga", "Book club", "Car service", "1:1 with Sam",
	}
	colors := []string{"blue", "green", "red", "orange", "purple", "teal", "gray"}
	n := 0
	for d := 1; d <= 30 && n < 40; d++ {
		for k := 0; k < 1+d%3 && n < 40; k++ {
			start := calAt(berlin, 2025, 6, d, 8+3*k, 15*(n%4))
			allDay := n%9 == 4
			end := start.Add(time.Duration(30+15*(n%5)) * time.Minute)
			if allDay {
				start, end = calAt(berlin, 2025, 6, d, 0, 0), calAt(berlin, 2025, 6, d+1+n%2, 0, 0)
			}
			_, err := env.Store.CreateEvent(context.Background(), db.CreateEventParams{
				UserID: u.ID, Title: titles[n%len(titles)], StartsAt: start, EndsAt: end, AllDay: allDay, Color: colors[n%len(colors)],
			})
			if err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	sizes := map[string]int{}
	for _, path := range []string{"/calendar?view=month&date=2025-06-12", "/calendar?view=week&date=2025-06-12", "/calendar?view=day&date=2025-06-12", "/?view=month&date=2025-06-12"} {
		r := calOK(t, c.htmx(path), path)
		raw, gz := len(r.Body), calGzip(t, []byte(r.Body))
		sizes[path] = gz
		t.Logf("%s fragment with %d events: %d bytes, %d gzip", path, n, raw, gz)
		if gz > 4096 {
			t.Errorf("%s fragment is %d bytes gzip, over the 4 KB budget", path, gz)
		}
	}
	// The first full page, all included: HTML, and the style sheet and
	// scripts it names, weighed in the gzip encoding they are served in.
	checkFirstLoad(t, ts, c, "/?date=2025-06-12")
}

// checkFirstLoad weighs the page at path as a first visit loads it, all
// included: its HTML, and the style sheet and scripts it names, in the gzip
// encoding they are served in; more than 30 KB is an error.
func checkFirstLoad(t *testing.T, ts *testServer, c *client, path string) {
	t.Helper()
	page := calOK(t, c.get(path), path)
	total := calGzip(t, []byte(page.Body))
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(page.Body, -1) {
		f, ok := ts.H.assets.Lookup(m[1])
		if !ok {
			t.Fatalf("%s is not served", m[1])
		}
		total += len(f.Gzip)
	}
	t.Logf("first load of %s, all included: %d bytes gzip (HTML %d)", path, total, calGzip(t, []byte(page.Body)))
	if total > 30*1024 {
		t.Errorf("first load of %s is %d bytes gzip, over the 30 KB budget", path, total)
	}
}
