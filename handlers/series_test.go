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
	_, c, _ := serUser(t, "")
	id := evCreate(t, c, serForm("Choir", "2025-10-21T19:00", "2025-10-21T21:00", "FREQ=WEEKLY"))
	month := calOK(t, c.htmx("/calendar?view=month&date=2025-10-01"), "october").Body
	// 19:00 CEST is 17:00 UTC; after the change on the 26th, 19:00 CET is 18:00 UTC.
	want := []string{
		events.FormatOcc(time.Date(2025, 10, 21, 17, 0, 0, 0, time.UTC)),
		events.FormatOcc(time.Date(2025, 10, 28, 18, 0, 0, 0, time.UTC)),
		events.FormatOcc(time.Date(2025, 11, 4, 18, 0, 0, 0, time.UTC)),
	}
	if got := occLinks(month)[id]; !slices.Equal(got, want) {
		t.Errorf("October grid %v, want %v", got, want)
	}
	evContains(t, "after the change", cell(t, month, "Tuesday 28 October"), "<b>19:00</b>")
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

func TestSeriesEditThisOccurrence(t *testing.T) {
	_, c, u := serUser(t, "")
	id := standup(t, c)
	before := loadViews(t, c, "standup")
	if !strings.Contains(before.week, link(id, rid(6, 12, 7, 0))) {
		t.Fatal("week without the 12th")
	}
	// Move Thursday the 12th to Friday the 13th, 15:00, and rename it.
	path := "/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 12, 7, 0)
	f := serForm("Standup (Friday)", "2025-06-13T15:00", "2025-06-13T15:45", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "this")
	r := c.post(path, f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("edit this: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	after := loadViews(t, c, "standup")
	if got := occLinks(after.month)[id]; !slices.Equal(got, []string{standupRIDs[0], standupRIDs[2], standupRIDs[3], standupRIDs[4], standupRIDs[5], standupRIDs[1]}) &&
		!slices.Equal(sorted(got), standupRIDs) {
		t.Errorf("month %v", got)
	}
	if strings.Contains(cell(t, after.month, "Thursday 12 June"), "Standup") {
		t.Error("the 12th still shows the moved occurrence")
	}
	evContains(t, "the 13th", cell(t, after.month, "Friday 13 June"), link(id, rid(6, 12, 7, 0)), "<b>15:00</b>", "Standup (Friday)")
	if strings.Contains(after.day, "Standup") {
		t.Error("the day of the 12th still shows it")
	}
	evContains(t, "day list of the 13th", after.list, link(id, rid(6, 12, 7, 0)), "Standup (Friday)", "15:00–15:45")
	evContains(t, "week", after.week, link(id, rid(6, 12, 7, 0)), "Standup (Friday)")
	evContains(t, "upcoming", after.upcoming, "Standup (Friday)", "Fri 13 Jun, 15:00–15:45")
	// Search: the series at its next occurrence (the moved one is an
	// exception of the series), and the renamed occurrence by its name.
	if got := occLinks(after.search)[id]; !slices.Equal(got, []string{rid(6, 17, 7, 0)}) {
		t.Errorf("search standup: %v", got)
	}
	evContains(t, "search friday", c.get(searchPath("friday")).Body, "1 event matches", link(id, rid(6, 12, 7, 0)))
	// The occurrence's page shows the override and offers the same actions.
	d := c.get(path).Body
	evContains(t, "override page", d, "Standup (Friday)", "Fri 13 Jun 2025, 15:00–15:45", "This event was changed on its own.",
		"Weekly on Tuesday and Thursday, 6 times")
	ovs := overridesOf(t, id)
	if len(ovs) != 1 || ovs[0].Title != "Standup (Friday)" || !ovs[0].RecurrenceID.Equal(time.Date(2025, 6, 12, 7, 0, 0, 0, time.UTC)) || ovs[0].Rrule != "" {
		t.Fatalf("overrides %+v", ovs)
	}
	// The override's own id names the same occurrence.
	evContains(t, "override by id", c.get("/events/"+strconv.FormatInt(ovs[0].ID, 10)).Body, "Standup (Friday)", "This event was changed on its own.")
	// Editing it again updates the same override.
	f.Set("title", "Standup (Fri)")
	if r := c.post(path, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("second edit: %d", r.StatusCode)
	}
	if ovs := overridesOf(t, id); len(ovs) != 1 || ovs[0].Title != "Standup (Fri)" {
		t.Fatalf("after a second edit: %+v", ovs)
	}
	evContains(t, "fresh month", c.htmx("/calendar?view=month&date=2025-06-12").Body, "Standup (Fri)")
	if n := evCount(t, u.ID); n != 2 {
		t.Errorf("%d rows, want the master and one override", n)
	}

	// Delete this (another) occurrence: cancelled, the rest stays.
	dp := "/events/" + strconv.FormatInt(id, 10) + "/delete?occ=" + rid(6, 19, 7, 0)
	if r := c.post(dp, url.Values{"scope": {"this"}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/calendar?view=month&date=2025-06-19" {
		t.Fatalf("delete this: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	v := loadViews(t, c, "standup")
	if got := sorted(occLinks(v.month)[id]); !slices.Equal(got, []string{standupRIDs[0], standupRIDs[1], standupRIDs[2], standupRIDs[4], standupRIDs[5]}) {
		t.Errorf("month after cancelling the 19th: %v", got)
	}
	if ev := evMustStored(t, id, u.ID); len(ev.Exdates) != 1 || !ev.Exdates[0].Equal(time.Date(2025, 6, 19, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("exdates %v", ev.Exdates)
	}
	if r := c.get("/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 19, 7, 0)); r.StatusCode != http.StatusNotFound {
		t.Errorf("cancelled occurrence: %d", r.StatusCode)
	}
	// Deleting the moved occurrence cancels it and drops its override.
	if r := c.post("/events/"+strconv.FormatInt(id, 10)+"/delete?occ="+rid(6, 12, 7, 0), url.Values{"scope": {"this"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete the moved one: %d", r.StatusCode)
	}
	v = loadViews(t, c, "standup")
	if strings.Contains(v.month, "Standup (Fri)") || len(overridesOf(t, id)) != 0 {
		t.Error("the moved occurrence is still there")
	}
	if got := sorted(occLinks(v.month)[id]); !slices.Equal(got, []string{standupRIDs[0], standupRIDs[2], standupRIDs[4], standupRIDs[5]}) {
		t.Errorf("month: %v", got)
	}
}

func TestSeriesEditFollowing(t *testing.T) {
	_, c, u := serUser(t, "")
	id := standup(t, c)
	sid := strconv.FormatInt(id, 10)
	// An override on the 24th (after the split) and a cancelled 26th.
	f := serForm("Standup late", "2025-06-24T10:00", "2025-06-24T10:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "this")
	if r := c.post("/events/"+sid+"?occ="+rid(6, 24, 7, 0), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("override: %d", r.StatusCode)
	}
	if r := c.post("/events/"+sid+"/delete?occ="+rid(6, 26, 7, 0), url.Values{"scope": {"this"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	loadViews(t, c, "standup")

	// From the 17th on: an hour later, renamed.
	f = serForm("Standup v2", "2025-06-17T10:00", "2025-06-17T10:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "following")
	r := c.post("/events/"+sid+"?occ="+rid(6, 17, 7, 0), f)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("following: %d %s", r.StatusCode, r.Body)
	}
	newID, err := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/events/"), 10, 64)
	if err != nil || newID == id {
		t.Fatalf("answer %q", r.Header.Get("Location"))
	}
	old := evMustStored(t, id, u.ID)
	nw := evMustStored(t, newID, u.ID)
	if old.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=2" || !old.UntilAt.Equal(time.Date(2025, 6, 12, 7, 30, 0, 0, time.UTC)) || len(old.Exdates) != 0 {
		t.Errorf("old master %q until %v exdates %v", old.Rrule, old.UntilAt, old.Exdates)
	}
	if nw.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4" || nw.Title != "Standup v2" || !nw.StartsAt.Equal(time.Date(2025, 6, 17, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("new master %q %q %v", nw.Rrule, nw.Title, nw.StartsAt)
	}
	// The cancelled 26th and the override of the 24th moved with the hour.
	if len(nw.Exdates) != 1 || !nw.Exdates[0].Equal(time.Date(2025, 6, 26, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("new exdates %v", nw.Exdates)
	}
	if ovs := overridesOf(t, newID); len(ovs) != 1 || ovs[0].Title != "Standup late" || !ovs[0].RecurrenceID.Equal(time.Date(2025, 6, 24, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("new overrides %+v", ovs)
	}
	if ovs := overridesOf(t, id); len(ovs) != 0 {
		t.Errorf("old overrides %+v", ovs)
	}
	v := loadViews(t, c, "standup")
	links := occLinks(v.month)
	if got := links[id]; !slices.Equal(got, standupRIDs[:2]) {
		t.Errorf("old part %v", got)
	}
	if got := sorted(links[newID]); !slices.Equal(got, []string{rid(6, 17, 8, 0), rid(6, 19, 8, 0), rid(6, 24, 8, 0)}) {
		t.Errorf("new part %v", got)
	}
	evContains(t, "the 19th", cell(t, v.month, "Thursday 19 June"), "<b>10:00</b>", "Standup v2")
	evContains(t, "the 24th", cell(t, v.month, "Tuesday 24 June"), "<b>10:00</b>", "Standup late")
	evContains(t, "upcoming", v.upcoming, "Standup v2", "Standup late", link(id, rid(6, 12, 7, 0)))
	if got := occLinks(c.htmx(searchPath("v2")).Body)[newID]; !slices.Equal(got, []string{rid(6, 17, 8, 0)}) {
		t.Errorf("search v2: %v", got)
	}

	// Delete following from the 19th: the new part ends on the 17th.
	if r := c.post("/events/"+strconv.FormatInt(newID, 10)+"/delete?occ="+rid(6, 19, 8, 0), url.Values{"scope": {"following"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete following: %d", r.StatusCode)
	}
	links = occLinks(loadViews(t, c, "standup").month)
	if got := links[newID]; !slices.Equal(got, []string{rid(6, 17, 8, 0)}) {
		t.Errorf("after delete following: %v", got)
	}
	if strings.Contains(c.htmx("/calendar?view=month&date=2025-06-12").Body, "Standup late") || len(overridesOf(t, newID)) != 0 {
		t.Error("the override after the cut survived")
	}
	// Following from the first occurrence is the whole series.
	if r := c.post("/events/"+sid+"/delete?occ="+rid(6, 10, 7, 0), url.Values{"scope": {"following"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete following from the first: %d", r.StatusCode)
	}
	if _, err := evStored(t, id, u.ID); err == nil {
		t.Error("the series is still there")
	}
}

func TestSeriesEditAll(t *testing.T) {
	_, c, u := serUser(t, "")
	id := standup(t, c)
	sid := strconv.FormatInt(id, 10)
	f := serForm("Standup moved", "2025-06-20T09:00", "2025-06-20T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "this")
	if r := c.post("/events/"+sid+"?occ="+rid(6, 19, 7, 0), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("override: %d", r.StatusCode)
	}
	if r := c.post("/events/"+sid+"/delete?occ="+rid(6, 24, 7, 0), url.Values{"scope": {"this"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	loadViews(t, c, "standup")

	// From the 17th: every occurrence at 08:15 instead of 09:00, renamed.
	f = serForm("Daily sync", "2025-06-17T08:15", "2025-06-17T08:45", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "all")
	r := c.post("/events/"+sid+"?occ="+rid(6, 17, 7, 0), f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/events/"+sid {
		t.Fatalf("all: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	m := evMustStored(t, id, u.ID)
	if !m.StartsAt.Equal(time.Date(2025, 6, 10, 6, 15, 0, 0, time.UTC)) || m.Title != "Daily sync" || m.Rrule != "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6" {
		t.Errorf("master %v %q %q", m.StartsAt, m.Title, m.Rrule)
	}
	if len(m.Exdates) != 1 || !m.Exdates[0].Equal(time.Date(2025, 6, 24, 6, 15, 0, 0, time.UTC)) {
		t.Errorf("exdates %v, want the 24th moved to 06:15 UTC", m.Exdates)
	}
	if ovs := overridesOf(t, id); len(ovs) != 1 || !ovs[0].RecurrenceID.Equal(time.Date(2025, 6, 19, 6, 15, 0, 0, time.UTC)) || ovs[0].Title != "Standup moved" {
		t.Errorf("overrides %+v", ovs)
	}
	v := loadViews(t, c, "sync")
	if got := sorted(occLinks(v.month)[id]); !slices.Equal(got, []string{rid(6, 10, 6, 15), rid(6, 12, 6, 15), rid(6, 17, 6, 15), rid(6, 19, 6, 15), rid(6, 26, 6, 15)}) {
		t.Errorf("month %v", got)
	}
	evContains(t, "the 12th", cell(t, v.month, "Thursday 12 June"), "<b>08:15</b>", "Daily sync")
	evContains(t, "the 20th", cell(t, v.month, "Friday 20 June"), "Standup moved")
	evContains(t, "day", v.day, "Daily sync", link(id, rid(6, 12, 6, 15)))
	evContains(t, "upcoming", v.upcoming, "Daily sync", "Thu 12 Jun, 08:15–08:45")
	evContains(t, "search", v.search, "1 event matches", link(id, rid(6, 12, 6, 15)))
	// "standup" now matches only the moved occurrence's own title.
	if got := occLinks(c.htmx(searchPath("standup")).Body); len(got) != 1 || !slices.Equal(got[id], []string{rid(6, 19, 6, 15)}) {
		t.Errorf("search standup after the rename: %v", got)
	}

	// A new rule from an occurrence: daily, twice. Exceptions that are no
	// longer occurrences go.
	f = serForm("Daily sync", "2025-06-12T08:15", "2025-06-12T08:45", "FREQ=DAILY;COUNT=2")
	f.Set("scope", "all")
	if r := c.post("/events/"+sid+"?occ="+rid(6, 12, 6, 15), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new rule: %d", r.StatusCode)
	}
	if got := sorted(occLinks(c.htmx("/calendar?view=month&date=2025-06-12").Body)[id]); !slices.Equal(got, []string{rid(6, 10, 6, 15), rid(6, 11, 6, 15)}) {
		t.Errorf("after the new rule %v", got)
	}
	if m := evMustStored(t, id, u.ID); len(m.Exdates) != 0 || len(overridesOf(t, id)) != 0 {
		t.Errorf("stale exceptions: %v, %d overrides", m.Exdates, len(overridesOf(t, id)))
	}

	// "Does not repeat" for all: one event at the edited occurrence's time.
	f = serForm("Just once", "2025-06-11T12:00", "2025-06-11T13:00", "")
	f.Set("scope", "all")
	if r := c.post("/events/"+sid+"?occ="+rid(6, 11, 6, 15), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("no more repeats: %d", r.StatusCode)
	}
	month := c.htmx("/calendar?view=month&date=2025-06-12").Body
	if calLinks(month, id) != 1 || len(occLinks(month)[id]) != 0 {
		t.Errorf("single event links: %d plain, %v occurrences", calLinks(month, id), occLinks(month)[id])
	}

	// Deleting all of a series deletes its overrides too.
	id2 := standup(t, c)
	f = serForm("Standup moved", "2025-06-20T09:00", "2025-06-20T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	f.Set("scope", "this")
	c.post("/events/"+strconv.FormatInt(id2, 10)+"?occ="+rid(6, 19, 7, 0), f)
	loadViews(t, c, "standup")
	if r := c.post("/events/"+strconv.FormatInt(id2, 10)+"/delete?occ="+rid(6, 17, 7, 0), url.Values{"scope": {"all"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete all: %d", r.StatusCode)
	}
	v = loadViews(t, c, "standup")
	if strings.Contains(v.month, "Standup") || strings.Contains(v.upcoming, "Standup") || strings.Contains(v.search, "Standup") {
		t.Error("the deleted series still shows")
	}
	if n := evCount(t, u.ID); n != 1 {
		t.Errorf("%d rows left, want the single event", n)
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
	// A single event becomes a series, and back.
	single := evCreate(t, c, evForm("Lunch", "2025-06-11T12:00", "2025-06-11T13:00"))
	ss := strconv.FormatInt(single, 10)
	if r := c.post("/events/"+ss, serForm("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", "FREQ=DAILY;COUNT=3")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("single to series: %d", r.StatusCode)
	}
	if got := occLinks(c.htmx("/calendar?view=month&date=2025-06-12").Body)[single]; len(got) != 3 {
		t.Errorf("series made from a single: %v", got)
	}
	if r := c.post("/events/"+ss, serForm("Lunch", "2025-06-11T12:00", "2025-06-11T13:00", "")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("series to single: %d", r.StatusCode)
	}
	month := c.htmx("/calendar?view=month&date=2025-06-12").Body
	if calLinks(month, single) != 1 || len(occLinks(month)[single]) != 0 {
		t.Errorf("back to single: %d links", calLinks(month, single))
	}
	// Deleting the series' own address deletes it whole.
	if r := c.post("/events/"+sid+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.StatusCode)
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

// sorted returns a sorted copy.
func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return s
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
	check := func(what string, run func(x *explainTx) error) {
		x := &explainTx{Tx: tx}
		if err := run(x); err != nil {
			t.Fatal(err)
		}
		t.Logf("EXPLAIN %s:\n%s", what, x.plan)
		if strings.Contains(x.plan, "Seq Scan on events") {
			t.Errorf("%s: sequential scan of events:\n%s", what, x.plan)
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

func TestSeriesMovedWithUntilKeepsItsEnd(t *testing.T) {
	_, c, u := serUser(t, "")
	// Mondays 2, 9, 16 and 23 June at 09:00 Berlin, until the 23rd 07:00 UTC.
	id := evCreate(t, c, serForm("Until", "2025-06-02T09:00", "2025-06-02T10:00", "FREQ=WEEKLY;UNTIL=20250623T070000Z"))
	sid := strconv.FormatInt(id, 10)
	f := serForm("Until", "2025-06-10T11:00", "2025-06-10T12:00", "FREQ=WEEKLY;UNTIL=20250623T070000Z")
	f.Set("scope", "all")
	// From the 9th: a day and two hours later, for all.
	if r := c.post("/events/"+sid+"?occ="+rid(6, 9, 7, 0), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("all: %d", r.StatusCode)
	}
	want := []string{rid(6, 3, 9, 0), rid(6, 10, 9, 0), rid(6, 17, 9, 0), rid(6, 24, 9, 0)}
	if got := occLinks(c.htmx("/calendar?view=month&date=2025-06-12").Body)[id]; !slices.Equal(got, want) {
		t.Errorf("after moving all: %v, want %v", got, want)
	}
	if ev := evMustStored(t, id, u.ID); ev.Rrule != "FREQ=WEEKLY;UNTIL=20250624T090000Z" {
		t.Errorf("rule %q", ev.Rrule)
	}
	// Date-form UNTIL: all-day, moved a day later from its second occurrence.
	ad := serForm("Bins", "2025-06-02", "2025-06-02", "FREQ=WEEKLY;UNTIL=20250616")
	ad.Set("all_day", "on")
	bid := evCreate(t, c, ad)
	ad.Set("start", "2025-06-10")
	ad.Set("end", "2025-06-10")
	ad.Set("scope", "following")
	r := c.post("/events/"+strconv.FormatInt(bid, 10)+"?occ="+rid(6, 8, 22, 0), ad)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("following: %d %s", r.StatusCode, r.Body)
	}
	newID, _ := strconv.ParseInt(strings.TrimPrefix(r.Header.Get("Location"), "/events/"), 10, 64)
	month := c.htmx("/calendar?view=month&date=2025-06-12").Body
	if got := occLinks(month)[bid]; !slices.Equal(got, []string{rid(6, 1, 22, 0)}) {
		t.Errorf("before the split: %v", got)
	}
	if got := occLinks(month)[newID]; !slices.Equal(got, []string{rid(6, 9, 22, 0), rid(6, 16, 22, 0)}) {
		t.Errorf("after the split: %v, want the 10th and the 17th", got)
	}
	evContains(t, "all-day chip", cell(t, month, "Tuesday 17 June"), `class="ev ad c-blue"`, "Bins")
}

func TestSeriesAllDay(t *testing.T) {
	_, c, _ := serUser(t, "")
	f := serForm("Festival", "2025-06-06", "2025-06-07", "FREQ=WEEKLY;COUNT=3")
	f.Set("all_day", "on")
	id := evCreate(t, c, f)
	month := calOK(t, c.htmx("/calendar?view=month&date=2025-06-12"), "month").Body
	// Two days each: 6–7, 13–14, 20–21 June; all-day ids are local midnights.
	want := []string{rid(6, 5, 22, 0), rid(6, 12, 22, 0), rid(6, 19, 22, 0)}
	if got := occLinks(month)[id]; !slices.Equal(got, want) {
		t.Errorf("occurrences %v, want %v", got, want)
	}
	for _, day := range []string{"Friday 6 June", "Saturday 7 June", "Friday 13 June", "Saturday 14 June", "Saturday 21 June"} {
		evContains(t, day, cell(t, month, day), "Festival")
	}
	if strings.Contains(cell(t, month, "Sunday 8 June"), "Festival") {
		t.Error("an occurrence runs over")
	}
	evContains(t, "details", c.get("/events/"+strconv.FormatInt(id, 10)+"?occ="+want[1]).Body, "Fri 13 – Sat 14 Jun 2025 (all day)", "Weekly on Friday, 3 times")
	// Only the 13th becomes one day, on the 15th.
	f = serForm("Festival (short)", "2025-06-15", "2025-06-15", "FREQ=WEEKLY;COUNT=3")
	f.Set("all_day", "on")
	f.Set("scope", "this")
	if r := c.post("/events/"+strconv.FormatInt(id, 10)+"?occ="+want[1], f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("this: %d", r.StatusCode)
	}
	month = c.htmx("/calendar?view=month&date=2025-06-12").Body
	if strings.Contains(cell(t, month, "Friday 13 June"), "Festival") || strings.Contains(cell(t, month, "Saturday 14 June"), "Festival") {
		t.Error("the moved occurrence is still on the 13th–14th")
	}
	evContains(t, "the 15th", cell(t, month, "Sunday 15 June"), "Festival (short)", link(id, want[1]))
}
