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

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// Recurring events through HTTP (issue 11), on the calendar tests' clock
// (Tuesday 10 June 2025, 12:00 UTC = 14:00 in Berlin).

// serUser is a user in Europe/Berlin on a server with the calendar clock.
func serUser(t *testing.T, suffix string) (*testServer, *client, db.User) {
	t.Helper()
	ts := calServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", suffix)
	return ts, c, u
}

// serForm is a timed event's form with a repeat rule.
func serForm(title, start, end, rrule string) url.Values {
	f := evForm(title, start, end)
	f.Set("rrule", rrule)
	return f
}

// rid is the recurrence id of an occurrence at hh:mm UTC on 2025-mm-dd, as
// ?occ= writes it.
func rid(m time.Month, d, hh, mm int) string {
	return events.FormatOcc(time.Date(2025, m, d, hh, mm, 0, 0, time.UTC))
}

var occLinkRE = regexp.MustCompile(`href="/events/(\d+)\?occ=([0-9TZ:-]+)"`)

// occLinks maps each series id linked from body to the recurrence ids of
// its occurrences' links, in order of appearance, without repeats.
func occLinks(body string) map[int64][]string {
	out := map[int64][]string{}
	for _, m := range occLinkRE.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !slices.Contains(out[id], m[2]) {
			out[id] = append(out[id], m[2])
		}
	}
	return out
}

// cell is the content of the month grid's cell labelled label ("Thursday
// 12 June").
func cell(t *testing.T, body, label string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)aria-label="` + regexp.QuoteMeta(label) + `"[^>]*>\d+</a>(.*?)</td>`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no cell %q in the month", label)
	}
	return m[1]
}

// queriesOf reads X-DB-Queries.
func queriesOf(t *testing.T, r *response) int {
	t.Helper()
	n, err := strconv.Atoi(r.Header.Get("X-DB-Queries"))
	if err != nil {
		t.Fatalf("X-DB-Queries = %q", r.Header.Get("X-DB-Queries"))
	}
	return n
}

// link is the occurrence link of series id at recurrence id r.
func link(id int64, r string) string {
	return `href="/events/` + strconv.FormatInt(id, 10) + `?occ=` + r + `"`
}

// serViews are the pages an edit must keep fresh: the June month, the
// week and the day of 2025-06-12, the day list of 2025-06-13, the
// dashboard's upcoming list and a search.
type serViews struct{ month, week, day, list, upcoming, search string }

func loadViews(t *testing.T, c *client, q string) serViews {
	t.Helper()
	return serViews{
		month:    calOK(t, c.htmx("/calendar?view=month&date=2025-06-12"), "month").Body,
		week:     calOK(t, c.htmx("/calendar?view=week&date=2025-06-12"), "week").Body,
		day:      calOK(t, c.htmx("/calendar?view=day&date=2025-06-12"), "day").Body,
		list:     calOK(t, c.htmx("/events?date=2025-06-13"), "day list").Body,
		upcoming: calOK(t, c.htmx("/upcoming"), "upcoming").Body,
		search:   calOK(t, c.htmx(searchPath(q)), "search").Body,
	}
}

// standup creates "Standup": Tuesdays and Thursdays 09:00–09:30 in Berlin
// (07:00 UTC), six times from Tuesday 10 June 2025: 10, 12, 17, 19, 24 and
// 26 June.
func standup(t *testing.T, c *client) int64 {
	t.Helper()
	return evCreate(t, c, serForm("Standup", "2025-06-10T09:00", "2025-06-10T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"))
}

var standupRIDs = []string{rid(6, 10, 7, 0), rid(6, 12, 7, 0), rid(6, 17, 7, 0), rid(6, 19, 7, 0), rid(6, 24, 7, 0), rid(6, 26, 7, 0)}

func TestSeriesCreateAppearsEverywhere(t *testing.T) {
	_, c, u := serUser(t, "")
	id := standup(t, c)
	ev := evMustStored(t, id, u.ID)
	if ev.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6" || ev.Tzid != "Europe/Berlin" || ev.UntilAt == nil ||
		!ev.UntilAt.Equal(time.Date(2025, 6, 26, 7, 30, 0, 0, time.UTC)) || len(ev.Exdates) != 0 || ev.SeriesID != nil {
		t.Fatalf("stored master %+v", ev)
	}

	v := loadViews(t, c, "standup")
	if got := occLinks(v.month)[id]; !slices.Equal(got, standupRIDs) {
		t.Errorf("month occurrences %v, want %v", got, standupRIDs)
	}
	if calLinks(v.month, id) != 0 {
		t.Error("the month links the master instead of its occurrences")
	}
	evContains(t, "month cell", cell(t, v.month, "Thursday 12 June"), link(id, rid(6, 12, 7, 0)), "<b>09:00</b>", "Standup")
	if got := occLinks(v.week)[id]; !slices.Equal(got, standupRIDs[:2]) {
		t.Errorf("week occurrences %v, want the 10th and 12th", got)
	}
	if got := occLinks(v.day)[id]; !slices.Equal(got, standupRIDs[1:2]) {
		t.Errorf("day occurrences %v, want the 12th", got)
	}
	if strings.Contains(v.list, "Standup") {
		t.Error("the day list of Friday 13 June shows the series")
	}
	list := calOK(t, c.get("/events?date=2025-06-17"), "list").Body
	evContains(t, "day list of the 17th", list, link(id, rid(6, 17, 7, 0)), "09:00–09:30")
	// Upcoming (from 14:00 on the 10th): the five later occurrences.
	if got := occLinks(v.upcoming)[id]; !slices.Equal(got, standupRIDs[1:]) {
		t.Errorf("upcoming %v, want %v", got, standupRIDs[1:])
	}
	// Search: the series once, at its next occurrence.
	if got := occLinks(v.search)[id]; !slices.Equal(got, standupRIDs[1:2]) {
		t.Errorf("search shows %v, want the next occurrence only", got)
	}
	evContains(t, "search", v.search, "1 event matches", "Thu 12 Jun 2025, 09:00–09:30")

	// The occurrence's page: its time and the rule in words.
	d := calOK(t, c.get("/events/"+strconv.FormatInt(id, 10)+"?occ="+rid(6, 17, 7, 0)), "occurrence")
	evContains(t, "occurrence", d.Body, "Tue 17 Jun 2025, 09:00–09:30", "Repeats", "Weekly on Tuesday and Thursday, 6 times",
		`href="/events/`+strconv.FormatInt(id, 10)+`/edit?occ=`+rid(6, 17, 7, 0)+`"`, `name="occ" value="`+rid(6, 17, 7, 0)+`"`)
	// The series' own page: its first occurrence and the rule.
	evContains(t, "series", c.get("/events/"+strconv.FormatInt(id, 10)).Body, "Tue 10 Jun 2025, 09:00–09:30", "Weekly on Tuesday and Thursday, 6 times")
}

func TestSeriesRulesInTheMonth(t *testing.T) {
	_, c, _ := serUser(t, "")
	cases := []struct {
		rule, start string
		want        []int // days of June 2025
	}{
		{"FREQ=DAILY;COUNT=5", "2025-06-02T09:00", []int{2, 3, 4, 5, 6}},
		{"FREQ=DAILY;INTERVAL=10", "2025-05-01T09:00", []int{10, 20, 30}},
		{"FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20250618T235959Z", "2025-06-02T09:00", []int{2, 4, 9, 11, 16, 18}},
		{"FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", "2025-06-03T09:00", []int{3, 17}},
		{"FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;COUNT=4", "2025-06-25T09:00", []int{25, 26, 27, 30}},
		{"FREQ=MONTHLY;BYDAY=2TU", "2025-05-13T09:00", []int{10}},
		{"FREQ=MONTHLY;BYDAY=-1FR", "2025-01-31T09:00", []int{27}},
		{"FREQ=MONTHLY;BYMONTHDAY=15", "2025-01-15T09:00", []int{15}},
		{"FREQ=YEARLY", "2020-06-20T09:00", []int{20}},
		{"FREQ=YEARLY;COUNT=2", "2022-06-20T09:00", nil},
	}
	ids := make([]int64, len(cases))
	for i, tc := range cases {
		ids[i] = evCreate(t, c, serForm(fmt.Sprintf("Rule %d", i), tc.start, tc.start[:11]+"10:00", tc.rule))
	}
	links := occLinks(calOK(t, c.htmx("/calendar?view=month&date=2025-06-01"), "month").Body)
	for i, tc := range cases {
		var got []int
		for _, r := range links[ids[i]] {
			if r[5:7] == "06" {
				d, _ := strconv.Atoi(r[8:10])
				got = append(got, d)
			}
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s from %s: June days %v, want %v", tc.rule, tc.start, got, tc.want)
		}
	}
}

func TestSeriesKeepsWallClockAcrossDST(t *testing.T) {
	// Which occurrences, at which instants: events.TestSeriesKeepsWallClockAcrossDST.
	_, c, _ := serUser(t, "")
	id := evCreate(t, c, serForm("Choir", "2025-10-21T19:00", "2025-10-21T21:00", "FREQ=WEEKLY"))
	month := calOK(t, c.htmx("/calendar?view=month&date=2025-10-01"), "october").Body
	// 19:00 CEST is 17:00 UTC; after the change on the 26th, 19:00 CET is 18:00 UTC.
	evContains(t, "before the change", cell(t, month, "Tuesday 21 October"), link(id, events.FormatOcc(time.Date(2025, 10, 21, 17, 0, 0, 0, time.UTC))), "<b>19:00</b>")
	evContains(t, "after the change", cell(t, month, "Tuesday 28 October"), link(id, events.FormatOcc(time.Date(2025, 10, 28, 18, 0, 0, 0, time.UTC))), "<b>19:00</b>")
}

func TestSeriesCacheBudget(t *testing.T) {
	ts, c, u := serUser(t, "")
	for i, rule := range []string{"FREQ=DAILY", "FREQ=DAILY;INTERVAL=2", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=20"} {
		evCreate(t, c, serForm(fmt.Sprintf("Routine %d", i), fmt.Sprintf("2025-05-%02dT%02d:00", 20+i, 7+i), fmt.Sprintf("2025-05-%02dT%02d:30", 20+i, 7+i), rule))
	}
	evCreate(t, c, evForm("Single", "2025-06-12T12:00", "2025-06-12T13:00"))
	const month = "/calendar?view=month&date=2025-06-12"
	first := calOK(t, c.htmx(month), "month")
	if n := queriesOf(t, first); n < 1 || n > 2 {
		t.Errorf("first month: %d queries, want 1..2", n)
	}
	if n := len(occLinkRE.FindAllString(first.Body, -1)); n < 60 {
		t.Errorf("only %d occurrence links in the month", n)
	}
	if gz := calGzip(t, []byte(first.Body)); gz > 4096 {
		t.Errorf("the month fragment is %d bytes gzip, over the 4 KB budget", gz)
	} else {
		t.Logf("month fragment with series: %d bytes, %d gzip", len(first.Body), gz)
	}
	for _, path := range []string{month, "/calendar?view=week&date=2025-06-12", "/calendar?view=day&date=2025-06-12", "/events?date=2025-06-12"} {
		if n := queriesOf(t, calOK(t, c.htmx(path), path)); n != 0 {
			t.Errorf("cached %s: %d queries, want 0", path, n)
		}
	}
	for _, path := range []string{"/", searchPath("routine"), "/events/" + strconv.FormatInt(firstID(t, u.ID), 10) + "?occ=" + rid(6, 12, 5, 0)} {
		if n := queriesOf(t, calOK(t, c.get(path), path)); n < 1 || n > 2 {
			t.Errorf("first %s: %d queries, want 1..2", path, n)
		}
		if n := queriesOf(t, calOK(t, c.get(path), path)); n != 0 {
			t.Errorf("cached %s: %d queries, want 0", path, n)
		}
	}
	if !strings.Contains(ts.CacheLg.String(), fmt.Sprintf("Cache hit for events on 2025-06-12 for user %d", u.ID)) {
		t.Error("no cache hit logged")
	}
}

// firstID is the id of the user's first event.
func firstID(t *testing.T, uid int64) int64 {
	t.Helper()
	var id int64
	if err := env.Pool.QueryRow(context.Background(), "SELECT min(id) FROM events WHERE user_id = $1", uid).Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestSeriesEditAsksWhichEvents(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	path := "/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 17, 7, 0)
	f := serForm("Standup (moved)", "2025-06-17T11:00", "2025-06-17T11:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("description", "Bring <notes>")
	r := c.post(path, f)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("edit without scope: %d", r.StatusCode)
	}
	evContains(t, "question", r.Body, `<input type="radio" id="scope-this" name="scope" value="this" checked>`,
		`value="following"`, `value="all"`, "Only this event", "This and following", "All events",
		`action="`+strings.ReplaceAll(path, "&", "&amp;")+`"`, `name="title" value="Standup (moved)"`,
		`name="description" value="Bring &lt;notes&gt;"`, `name="start" value="2025-06-17T11:00"`, `name="rrule" value="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"`)
	// With htmx in the dialog: the question replaces the form's content.
	r = c.post(path, f, "HX-Request", "true", "HX-Target", "event-dialog")
	if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "<dialog") || !strings.Contains(r.Body, `hx-post="`+strings.ReplaceAll(path, "&", "&amp;")+`"`) {
		t.Fatalf("htmx question: %d %s", r.StatusCode, r.Body)
	}
	// Nothing changed yet.
	if got := occLinks(c.htmx("/calendar?view=month&date=2025-06-12").Body)[id]; !slices.Equal(got, standupRIDs) {
		t.Errorf("after the question: %v", got)
	}
	// The delete's question, without JS a page of its own.
	del := c.get("/events/" + strconv.FormatInt(id, 10) + "/delete?occ=" + rid(6, 17, 7, 0))
	evContains(t, "delete question", del.Body, "Delete recurring event", `name="scope"`, "Only this event",
		`action="/events/`+strconv.FormatInt(id, 10)+`/delete?occ=`+rid(6, 17, 7, 0)+`"`)
	// A single event is never asked.
	single := evCreate(t, c, evForm("One-off", "2025-06-12T12:00", "2025-06-12T13:00"))
	if r := c.post("/events/"+strconv.FormatInt(single, 10), evForm("One-off!", "2025-06-12T12:00", "2025-06-12T13:00")); r.StatusCode != http.StatusSeeOther {
		t.Errorf("single update: %d", r.StatusCode)
	}
}

// The series writes themselves — rows, exceptions, which occurrences the
// read models list — are tested against the service in package events
// (series_write_test.go, series_cases_test.go); the tests below keep what
// HTTP adds: the posts and their answers, and what the pages show.

func TestSeriesEditThisOccurrence(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	loadViews(t, c, "standup")
	// Move Thursday the 12th to Friday the 13th, 15:00, and rename it.
	path := "/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 12, 7, 0)
	f := serForm("Standup (Friday)", "2025-06-13T15:00", "2025-06-13T15:45", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "this")
	r := c.post(path, f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("edit this: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	after := loadViews(t, c, "standup")
	if strings.Contains(cell(t, after.month, "Thursday 12 June"), "Standup") {
		t.Error("the 12th still shows the moved occurrence")
	}
	evContains(t, "the 13th", cell(t, after.month, "Friday 13 June"), link(id, rid(6, 12, 7, 0)), "<b>15:00</b>", "Standup (Friday)")
	evContains(t, "day list of the 13th", after.list, link(id, rid(6, 12, 7, 0)), "Standup (Friday)", "15:00–15:45")
	evContains(t, "upcoming", after.upcoming, "Standup (Friday)", "Fri 13 Jun, 15:00–15:45")
	// The occurrence's page shows the override, also by the override's own id.
	evContains(t, "override page", c.get(path).Body, "Standup (Friday)", "Fri 13 Jun 2025, 15:00–15:45", "This event was changed on its own.",
		"Weekly on Tuesday and Thursday, 6 times")
	ovs := overridesOf(t, id)
	if len(ovs) != 1 {
		t.Fatalf("overrides %+v", ovs)
	}
	evContains(t, "override by id", c.get("/events/"+strconv.FormatInt(ovs[0].ID, 10)).Body, "Standup (Friday)", "This event was changed on its own.")

	// Delete this (another) occurrence: to its month; its address is gone.
	dp := "/events/" + strconv.FormatInt(id, 10) + "/delete?occ=" + rid(6, 19, 7, 0)
	if r := c.post(dp, url.Values{"scope": {"this"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/calendar?view=month&date=2025-06-19" {
		t.Fatalf("delete this: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if strings.Contains(cell(t, c.htmx("/calendar?view=month&date=2025-06-12").Body, "Thursday 19 June"), "Standup") {
		t.Error("the cancelled 19th still shows")
	}
	if r := c.get("/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 19, 7, 0)); r.StatusCode != http.StatusNotFound {
		t.Errorf("cancelled occurrence: %d", r.StatusCode)
	}
}

func TestSeriesEditFollowing(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	sid := strconv.FormatInt(id, 10)
	loadViews(t, c, "standup")
	// From the 17th on: an hour later, renamed; the answer is the new series.
	f := serForm("Standup v2", "2025-06-17T10:00", "2025-06-17T10:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "following")
	r := c.post("/events/"+sid+"?occ="+rid(6, 17, 7, 0), f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("following: %d %s", r.StatusCode, r.Body)
	}
	newID, err := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/events/"), 10, 64)
	if err != nil || newID == id {
		t.Fatalf("answer %q", r.Header.Get("Location"))
	}
	v := loadViews(t, c, "standup")
	evContains(t, "the 12th", cell(t, v.month, "Thursday 12 June"), link(id, rid(6, 12, 7, 0)), "<b>09:00</b>", "Standup")
	evContains(t, "the 19th", cell(t, v.month, "Thursday 19 June"), link(newID, rid(6, 19, 8, 0)), "<b>10:00</b>", "Standup v2")
	evContains(t, "upcoming", v.upcoming, "Standup v2", link(newID, rid(6, 17, 8, 0)), link(id, rid(6, 12, 7, 0)))
	if r := c.get("/events/" + sid + "?occ=" + rid(6, 17, 7, 0)); r.StatusCode != http.StatusNotFound {
		t.Errorf("the old series' 17th: %d", r.StatusCode)
	}

	// Delete following from the 19th: to its month.
	if r := c.post("/events/"+strconv.FormatInt(newID, 10)+"/delete?occ="+rid(6, 19, 8, 0), url.Values{"scope": {"following"}}); r.StatusCode != http.StatusSeeOther ||
		r.Header.Get("Location") != "/calendar?view=month&date=2025-06-19" {
		t.Fatalf("delete following: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if strings.Contains(cell(t, c.htmx("/calendar?view=month&date=2025-06-12").Body, "Thursday 19 June"), "Standup") {
		t.Error("the 19th still shows")
	}
	// Following from the first occurrence, from htmx: an empty 200 that
	// triggers eventsChanged, and the series is gone.
	r = c.post("/events/"+sid+"/delete?occ="+rid(6, 10, 7, 0), url.Values{"scope": {"following"}}, "HX-Request", "true", "HX-Current-URL", c.base+"/")
	if r.StatusCode != http.StatusOK || r.Body != "" || r.Header.Get("HX-Trigger") != "eventsChanged" {
		t.Fatalf("htmx delete following from the first: %d %q %q", r.StatusCode, r.Body, r.Header.Get("HX-Trigger"))
	}
	if r := c.get("/events/" + sid); r.StatusCode != http.StatusNotFound {
		t.Errorf("the series is still there: %d", r.StatusCode)
	}
}

func TestSeriesEditAll(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	sid := strconv.FormatInt(id, 10)
	loadViews(t, c, "standup")
	// From the 17th: every occurrence at 08:15 instead of 09:00, renamed;
	// the answer is the series' own page.
	f := serForm("Daily sync", "2025-06-17T08:15", "2025-06-17T08:45", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "all")
	r := c.post("/events/"+sid+"?occ="+rid(6, 17, 7, 0), f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/events/"+sid {
		t.Fatalf("all: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	v := loadViews(t, c, "sync")
	evContains(t, "the 12th", cell(t, v.month, "Thursday 12 June"), link(id, rid(6, 12, 6, 15)), "<b>08:15</b>", "Daily sync")
	evContains(t, "upcoming", v.upcoming, "Daily sync", "Thu 12 Jun, 08:15–08:45")
	evContains(t, "search", v.search, "1 event matches", link(id, rid(6, 12, 6, 15)))
	evContains(t, "series page", c.get("/events/"+sid).Body, "Daily sync", "Tue 10 Jun 2025, 08:15–08:45", "Weekly on Tuesday and Thursday, 6 times")

	// Delete all, from an occurrence: to its month, and nothing shows.
	if r := c.post("/events/"+sid+"/delete?occ="+rid(6, 17, 6, 15), url.Values{"scope": {"all"}}); r.StatusCode != http.StatusSeeOther ||
		r.Header.Get("Location") != "/calendar?view=month&date=2025-06-17" {
		t.Fatalf("delete all: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	v = loadViews(t, c, "sync")
	if strings.Contains(v.month, "Daily sync") || strings.Contains(v.upcoming, "Daily sync") || strings.Contains(v.search, "Daily sync") {
		t.Error("the deleted series still shows")
	}
	if r := c.get("/events/" + sid); r.StatusCode != http.StatusNotFound {
		t.Errorf("the series' page: %d", r.StatusCode)
	}
}

func TestSeriesEditWholeSeriesWithoutOcc(t *testing.T) {
	_, c, u := serUser(t, "")
	id := standup(t, c)
	sid := strconv.FormatInt(id, 10)
	// The master's own address edits the whole series without a question.
	edit := c.get("/events/" + sid + "/edit").Body
	evContains(t, "edit", edit, `<option value="custom" selected>Custom…</option>`, `name="rrule_custom" value="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"`, `action="/events/`+sid+`"`)
	f := serForm("Standup", "2025-06-10T09:00", "2025-06-10T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4")
	if r := c.post("/events/"+sid, f); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/events/"+sid {
		t.Fatalf("edit the series: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if got := occLinks(c.htmx("/calendar?view=month&date=2025-06-12").Body)[id]; !slices.Equal(got, standupRIDs[:4]) {
		t.Errorf("month %v", got)
	}
	// A script that posts no rrule field keeps the rule.
	f.Del("rrule")
	f.Set("title", "Kept rule")
	if r := c.post("/events/"+sid, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit without rrule: %d", r.StatusCode)
	}
	if ev := evMustStored(t, id, u.ID); ev.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" || ev.Title != "Kept rule" {
		t.Errorf("stored %q %q", ev.Rrule, ev.Title)
	}
	// Deleting the series' own address deletes it whole, without a question.
	if r := c.post("/events/"+sid+"/delete", nil); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/calendar?view=month&date=2025-06-10" {
		t.Fatalf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if strings.Contains(c.htmx("/calendar?view=month&date=2025-06-12").Body, "Kept rule") {
		t.Error("deleted series shows")
	}
}

func TestSeriesOccurrenceAddresses(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	single := evCreate(t, c, evForm("One-off", "2025-06-12T12:00", "2025-06-12T13:00"))
	base := "/events/" + strconv.FormatInt(id, 10)
	if r := c.get(base + "?occ=" + rid(6, 12, 7, 0)); r.StatusCode != http.StatusOK {
		t.Fatalf("valid occ: %d", r.StatusCode)
	}
	for _, occ := range []string{
		"1749711600",                // unix seconds
		"2025-06-12T07:00:00+00:00", // an offset
		"2025-06-12T07:00:00z",
		"2025-06-12T07:00:00.000Z",
		"2025-06-12T09:00:00Z", // not an occurrence (wrong time)
		"2025-06-11T07:00:00Z", // not an occurrence (a Wednesday)
		"2025-07-01T07:00:00Z", // after the last
		"2025-06-03T07:00:00Z", // before the first
		"2025-06-12",
		"garbage",
	} {
		for _, suffix := range []string{"", "/edit", "/delete"} {
			if r := c.get(base + suffix + "?occ=" + url.QueryEscape(occ)); r.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s?occ=%s: %d, want 404", suffix, occ, r.StatusCode)
			}
		}
		f := serForm("X", "2025-06-12T09:00", "2025-06-12T09:30", "")
		f.Set("scope", "this")
		if r := c.post(base+"?occ="+url.QueryEscape(occ), f); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST ?occ=%s: %d, want 404", occ, r.StatusCode)
		}
		if r := c.post(base+"/delete?occ="+url.QueryEscape(occ), url.Values{"scope": {"this"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("delete ?occ=%s: %d, want 404", occ, r.StatusCode)
		}
	}
	// A single event has no occurrences.
	if r := c.get("/events/" + strconv.FormatInt(single, 10) + "?occ=" + rid(6, 12, 10, 0)); r.StatusCode != http.StatusNotFound {
		t.Errorf("single with occ: %d", r.StatusCode)
	}
}

func TestSeriesOfAnotherUserIsNeverVisible(t *testing.T) {
	ts, owner, _ := serUser(t, "_a")
	other, _ := evUser(t, ts, "Europe/Berlin", "_b")
	id := evCreate(t, owner, serForm("Secret routine", "2025-06-02T09:00", "2025-06-02T09:30", "FREQ=DAILY"))
	sid := strconv.FormatInt(id, 10)
	f := serForm("Secret routine moved", "2025-06-12T11:00", "2025-06-12T11:30", "FREQ=DAILY")
	f.Set("scope", "this")
	owner.post("/events/"+sid+"?occ="+rid(6, 12, 7, 0), f)
	loadViews(t, owner, "secret") // cached for the owner
	v := loadViews(t, other, "secret")
	for name, body := range map[string]string{"month": v.month, "week": v.week, "day": v.day, "list": v.list, "upcoming": v.upcoming, "search": v.search} {
		if strings.Contains(body, "Secret") || strings.Contains(body, "/events/"+sid) {
			t.Errorf("%s shows another user's series", name)
		}
	}
	occ := "?occ=" + rid(6, 12, 7, 0)
	for _, p := range []string{"/events/" + sid, "/events/" + sid + occ, "/events/" + sid + "/edit" + occ, "/events/" + sid + "/delete" + occ} {
		if r := other.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, r.StatusCode)
		}
	}
	f.Set("title", "Hijacked")
	f.Del("_csrf") // the owner's
	for _, scope := range []string{"this", "following", "all"} {
		f.Set("scope", scope)
		if r := other.post("/events/"+sid+occ, f); r.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s: %d", scope, r.StatusCode)
		}
		if r := other.post("/events/"+sid+"/delete"+occ, url.Values{"scope": {scope}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("delete %s: %d", scope, r.StatusCode)
		}
	}
	if strings.Contains(owner.htmx("/calendar?view=month&date=2025-06-12").Body, "Hijacked") {
		t.Error("the other user changed the series")
	}
	if got := len(occLinks(owner.htmx("/calendar?view=month&date=2025-06-12").Body)[id]); got != 35 {
		t.Errorf("the owner sees %d occurrences, want 35 (2 June – 6 July, one moved within)", got)
	}
}

func TestSeriesFormRepeatControl(t *testing.T) {
	_, c, u := serUser(t, "")
	page := c.get("/events/new?date=2025-06-10").Body
	evContains(t, "new", page, `<select id="event-rrule" name="rrule"`, `<option value="" selected>Does not repeat</option>`,
		`<option value="FREQ=DAILY">Daily</option>`, `<option value="FREQ=WEEKLY;BYDAY=TU">Weekly on Tuesday</option>`,
		`<option value="FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR">`, `<option value="FREQ=MONTHLY;BYDAY=2TU">Monthly on the 2nd Tuesday</option>`,
		`<option value="FREQ=MONTHLY;BYMONTHDAY=10">Monthly on day 10</option>`, `<option value="FREQ=YEARLY">Yearly on 10 June</option>`,
		`<option value="custom">Custom…</option>`, `name="rrule_custom"`, "Custom rule (RFC 5545 RRULE)")

	// A refused rule: recur's message, 422, everything kept.
	for _, tc := range []struct{ rrule, custom, msg string }{
		{"FREQ=HOURLY", "", "Repeating more often than daily (FREQ=HOURLY) is not supported."},
		{"FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30", "", "never repeats"},
		{"custom", "FREQ=WEEKLY;UNTIL=20250101", "ends (UNTIL) before the event starts"},
		{"custom", "", "Type the custom rule"},
		{"FREQ=DAILY;COUNT=2;UNTIL=20251231", "", "not both"},
	} {
		f := serForm("Refused", "2025-06-10T09:00", "2025-06-10T10:00", tc.rrule)
		f.Set("rrule_custom", tc.custom)
		r := c.post("/events", f)
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d", tc.rrule, r.StatusCode)
			continue
		}
		evContains(t, tc.rrule, r.Body, tc.msg, `id="event-rrule-error"`, `href="#event-rrule"`, `value="Refused"`,
			`<option value="custom" selected>Custom…</option>`)
		if tc.custom != "" {
			evContains(t, tc.rrule, r.Body, `name="rrule_custom" value="`+tc.custom+`"`)
		}
	}
	if n := evCount(t, u.ID); n != 0 {
		t.Fatalf("refused forms stored %d events", n)
	}
	// A custom rule is taken when Custom… is chosen, and canonicalised.
	f := serForm("Custom", "2025-06-10T09:00", "2025-06-10T10:00", "custom")
	f.Set("rrule_custom", "rrule:freq=weekly;byday=th,tu;count=3;")
	id := evCreate(t, c, f)
	if ev := evMustStored(t, id, u.ID); ev.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3" {
		t.Errorf("stored rule %q", ev.Rrule)
	}
	// The custom text is ignored under a preset.
	f = serForm("Preset", "2025-06-10T09:00", "2025-06-10T10:00", "FREQ=DAILY")
	f.Set("rrule_custom", "FREQ=YEARLY")
	id = evCreate(t, c, f)
	if ev := evMustStored(t, id, u.ID); ev.Rrule != "FREQ=DAILY" {
		t.Errorf("stored rule %q", ev.Rrule)
	}
	// Editing an occurrence shows the series' rule: a preset selected, or
	// the custom one.
	edit := c.get("/events/" + strconv.FormatInt(id, 10) + "/edit?occ=" + rid(6, 12, 7, 0)).Body
	evContains(t, "edit daily", edit, `<option value="FREQ=DAILY" selected>Daily</option>`, `value="2025-06-12T09:00"`,
		`action="/events/`+strconv.FormatInt(id, 10)+`?occ=`+rid(6, 12, 7, 0)+`"`, "A change of Repeat applies")
	edit = c.get("/events/" + strconv.FormatInt(evCreate(t, c, serForm("Odd", "2025-06-10T09:00", "2025-06-10T10:00", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3")), 10) + "/edit").Body
	evContains(t, "edit custom", edit, `<option value="custom" selected>Custom…</option>`, `name="rrule_custom" value="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=3"`)
	// An occurrence's 422 keeps its address.
	bad := serForm("", "2025-06-12T09:00", "2025-06-12T10:00", "FREQ=DAILY")
	bad.Set("scope", "this")
	r := c.post("/events/"+strconv.FormatInt(id, 10)+"?occ="+rid(6, 12, 7, 0), bad)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `action="/events/`+strconv.FormatInt(id, 10)+`?occ=`+rid(6, 12, 7, 0)+`"`) {
		t.Errorf("occurrence 422: %d", r.StatusCode)
	}
}

func TestSeriesSearchEndedShowsLast(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := evCreate(t, c, serForm("Course", "2025-05-05T18:00", "2025-05-05T19:00", "FREQ=WEEKLY;COUNT=4"))
	body := c.get(searchPath("course")).Body
	if got := occLinks(body)[id]; !slices.Equal(got, []string{rid(5, 26, 16, 0)}) {
		t.Errorf("ended series shows %v, want its last occurrence", got)
	}
	evContains(t, "search", body, "1 event matches", "Mon 26 May 2025, 18:00–19:00")
}

// overridesOf lists a series' override rows.
func overridesOf(t *testing.T, master int64) []db.Event {
	t.Helper()
	ctx := context.Background()
	var out []db.Event
	err := env.Store.InTx(ctx, func(q *db.Queries) error {
		var err error
		out, err = q.ListOverridesForUpdate(ctx, &master)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestSeriesRangeQueriesUseIndexes checks the plans of the range and
// upcoming queries with 20 000 events of other users (a tenth of them
// series) in the table, inside a transaction that is rolled back.
func TestSeriesRangeQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	tx, err := env.Pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	q := db.New(tx)
	var users []int64
	for i := range 21 {
		u, err := q.CreateUser(ctx, db.CreateUserParams{Username: uniqueName(t) + strconv.Itoa(i), PasswordHash: "x", Timezone: "UTC"})
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u.ID)
	}
	now := time.Date(2025, 6, 10, 12, 0, 0, 0, time.UTC)
	var rows []db.CreateEventsParams
	for i := range 20000 {
		at := now.Add(time.Duration(i%2000-1000) * time.Hour)
		rows = append(rows, db.CreateEventsParams{UserID: users[i%len(users)], Title: "Event " + strconv.Itoa(i), StartsAt: at, EndsAt: at.Add(time.Hour), Color: "blue"})
	}
	if _, err := q.CreateEvents(ctx, rows); err != nil {
		t.Fatal(err)
	}
	// Only these users' events: other tests' rows (overrides among them,
	// which cannot have a rule) share the table.
	if _, err := tx.Exec(ctx, "UPDATE events SET rrule = 'FREQ=WEEKLY', tzid = 'UTC' WHERE id % 10 = 0 AND user_id = ANY($1)", users); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "ANALYZE events"); err != nil {
		t.Fatal(err)
	}
	// Prepared statements run on custom plans five times, then on the
	// generic plan when it looks no worse: both must read by user or
	// calendar, never every event by start.
	for _, generic := range []bool{false, true} {
		check := func(what string, run func(x *explainTx) error) {
			x := &explainTx{Tx: tx, generic: generic}
			if err := run(x); err != nil {
				t.Fatal(err)
			}
			t.Logf("EXPLAIN %s (generic %v):\n%s", what, generic, x.plan)
			if strings.Contains(x.plan, "Seq Scan on events") || strings.Contains(x.plan, "events_starts_idx") {
				t.Errorf("%s (generic plan %v): events read by start or sequentially:\n%s", what, generic, x.plan)
			}
		}
		uid := users[0]
		check("range", func(x *explainTx) error {
			_, err := db.New(x).ListEventsInRange(ctx, db.ListEventsInRangeParams{UserID: uid, FromTime: now.AddDate(0, 0, -20), ToTime: now.AddDate(0, 0, 22)})
			return err
		})
		check("upcoming", func(x *explainTx) error {
			_, err := db.New(x).ListUpcomingEvents(ctx, db.ListUpcomingEventsParams{UserID: uid, NowTime: now, UntilTime: now.AddDate(0, 0, 30), MaxRows: 20})
			return err
		})
	}
}

func TestSeriesAllDay(t *testing.T) {
	// Which occurrences, at which instants, and the edit's rows:
	// events.TestSeriesAllDay and TestSeriesMovedWithUntilKeepsItsEnd.
	_, c, _ := serUser(t, "")
	f := serForm("Festival", "2025-06-06", "2025-06-07", "FREQ=WEEKLY;COUNT=3")
	f.Set("all_day", "on")
	id := evCreate(t, c, f)
	month := calOK(t, c.htmx("/calendar?view=month&date=2025-06-12"), "month").Body
	// Two days each: 6–7, 13–14, 20–21 June, each a bar over its two days;
	// all-day ids are local midnights.
	want := []string{rid(6, 5, 22, 0), rid(6, 12, 22, 0), rid(6, 19, 22, 0)}
	for day, occ := range map[string]string{"Friday 6 June": want[0], "Friday 13 June": want[1], "Friday 20 June": want[2]} {
		evContains(t, day, cell(t, month, day), `<li class="b w2"><a class="ev ad c-blue"`, "Festival", link(id, occ))
	}
	for _, day := range []string{"Saturday 7 June", "Saturday 14 June", "Saturday 21 June"} {
		if c := cell(t, month, day); strings.Contains(c, "Festival") || !strings.Contains(c, `<li class="s" aria-hidden="true">`) {
			t.Errorf("%s should keep the bar's lane: %s", day, c)
		}
	}
	if strings.Contains(cell(t, month, "Sunday 8 June"), "Festival") {
		t.Error("an occurrence runs over")
	}
	evContains(t, "details", c.get("/events/"+strconv.FormatInt(id, 10)+"?occ="+want[1]).Body, "Fri 13 – Sat 14 Jun 2025 (all day)", "Weekly on Friday, 3 times")
	// Only the 13th becomes one day, on the 15th.
	f = serForm("Festival (short)", "2025-06-15", "2025-06-15", "FREQ=WEEKLY;COUNT=3")
	f.Set("all_day", "on")
	f.Set("scope", "this")
	path := "/events/" + strconv.FormatInt(id, 10) + "?occ=" + want[1]
	if r := c.post(path, f); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("this: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	month = c.htmx("/calendar?view=month&date=2025-06-12").Body
	if strings.Contains(cell(t, month, "Friday 13 June"), "Festival") || strings.Contains(cell(t, month, "Saturday 14 June"), "Festival") {
		t.Error("the moved occurrence is still on the 13th–14th")
	}
	evContains(t, "the 15th", cell(t, month, "Sunday 15 June"), `class="ev ad c-blue"`, "Festival (short)", link(id, want[1]))
	evContains(t, "details", c.get(path).Body, "Sun 15 Jun 2025 (all day)", "This event was changed on its own.")
}
