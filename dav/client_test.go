package dav_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// An independent CalDAV client — Debian's python3-caldav, driven by
// testdata/caldav_client.py — against a running eventcal: discovery from
// the base URL, then a two-way sync with changes on both sides (the
// phone's through CalDAV, the web's through the events service).

// requirePythonCalDAV returns a python3 that imports caldav. Without one
// the test is skipped, or fails in CI (.ci/run installs python3-caldav).
func requirePythonCalDAV(t *testing.T) string {
	t.Helper()
	var tried []string
	// Debian's module is for Debian's python3, which another python3 on
	// PATH (pyenv, a virtualenv) may hide.
	for _, name := range []string{"python3", "/usr/bin/python3"} {
		p, err := exec.LookPath(name)
		if err != nil {
			tried = append(tried, name+": not found")
			continue
		}
		out, err := exec.Command(p, "-c", "import caldav").CombinedOutput()
		if err == nil {
			return p
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		tried = append(tried, p+": "+lines[len(lines)-1])
	}
	msg := "no python3 with the caldav module (Debian: apt-get install python3-caldav): " + strings.Join(tried, "; ")
	if os.Getenv("CI") != "" {
		t.Fatal(msg + " — CI must run this test (.ci/run installs python3-caldav)")
	}
	t.Skip(msg)
	return ""
}

// pyObject is a resource as the client describes it.
type pyObject struct {
	Href, ETag, UID, Summary, Start, RRule string
	Exdates                                []string
	Alarms                                 int
	Overrides                              []struct{ RID, Start, Summary string }
}

// pyOccurrence is one occurrence a date search found (expanded by the
// client).
type pyOccurrence struct{ Href, UID, Start, Summary string }

func (o pyOccurrence) String() string { return o.Start + " " + o.Summary }

// pySync is one sync-collection round of the client's.
type pySync struct {
	Token   string
	Updated []pyObject
	Deleted []string
}

// pyReport is what a phase of the client prints.
type pyReport struct {
	WellKnown struct {
		Status   int
		Location string
	}
	Context, DAV, Principal, Home string
	Calendars                     []struct{ Href, Name string }
	Components                    []string
	Token                         string
	Objects                       []pyObject
	// push
	Created, Edited, Series, Alarm pyObject
	EditedWeb                      pyObject `json:"edited_web"`
	ByUID                          string   `json:"by_uid"`
	January                        []pyOccurrence
	February, March                []string
	Sync                           pySync
	// pull
	All              []pyObject
	Multiget, Stored []string
	SearchWeb        []string `json:"search_web"`
}

// pyClient runs the client's phases as one user, its state in a file.
type pyClient struct {
	t      *testing.T
	python string
	env    []string
}

func newPyClient(t *testing.T, python string, s *server, u user) *pyClient {
	return &pyClient{t: t, python: python, env: append(os.Environ(),
		"EVENTCAL_URL="+s.URL, "EVENTCAL_USER="+u.Username, "EVENTCAL_PASSWORD="+u.secret,
		"EVENTCAL_STATE="+filepath.Join(t.TempDir(), "state.json"),
		"NO_PROXY=127.0.0.1,localhost", "no_proxy=127.0.0.1,localhost", "PYTHONDONTWRITEBYTECODE=1")}
}

func (c *pyClient) run(phase string) pyReport {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, c.python, filepath.Join("testdata", "caldav_client.py"), phase)
	cmd.Env = c.env
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		c.t.Fatalf("caldav_client.py %s: %v\n%s\n%s", phase, err, stderr.String(), stdout.String())
	}
	if stderr.Len() > 0 {
		c.t.Logf("caldav_client.py %s said:\n%s", phase, stderr.String())
	}
	var r pyReport
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		c.t.Fatalf("caldav_client.py %s printed %v: %s", phase, err, stdout.String())
	}
	return r
}

// webSide changes and reads a user's events as the web pages do.
type webSide struct {
	t     *testing.T
	svc   *events.Service
	owner events.Owner
}

func (w *webSide) create(title, start string) db.Event {
	w.t.Helper()
	at, err := time.ParseInLocation("2006-01-02 15:04", start, w.owner.Loc)
	if err != nil {
		w.t.Fatal(err)
	}
	ev, err := w.svc.Create(context.Background(), w.owner, events.Values{Title: title, Start: at, End: at.Add(time.Hour)})
	if err != nil {
		w.t.Fatal(err)
	}
	return ev
}

// view lists what the web shows from December 2026 to February 2027, as
// "date time title" in the user's zone, with the events listed.
func (w *webSide) view() ([]string, map[string]db.Event) {
	w.t.Helper()
	first, _ := calendar.ParseDate("2026-12-01")
	var days []calendar.Date
	for d := first; d.Before(calendar.MakeDate(2027, 3, 1)); d = d.AddDays(1) {
		days = append(days, d)
	}
	got, err := service().Days(context.Background(), w.owner, days)
	if err != nil {
		w.t.Fatal(err)
	}
	byKey := map[string]db.Event{}
	for _, evs := range got {
		for _, e := range evs {
			byKey[e.StartsAt.In(w.owner.Loc).Format("2006-01-02 15:04 ")+e.Title] = e
		}
	}
	keys := make([]string, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, byKey
}

// expectView fails unless the web shows exactly want.
func (w *webSide) expectView(when string, want ...string) map[string]db.Event {
	w.t.Helper()
	got, byKey := w.view()
	slices.Sort(want)
	if !slices.Equal(got, want) {
		w.t.Fatalf("the web %s shows\n  %s\nwant\n  %s", when, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
	return byKey
}

func TestPythonCalDAVClientSyncsBothWays(t *testing.T) {
	t.Parallel() // a few seconds of another process: run beside the rest
	python := requirePythonCalDAV(t)
	s := startServer(t)
	pia := s.user(t, "pia", "Europe/Berlin")
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	web := &webSide{t: t, svc: service(), owner: events.Owner{ID: pia.ID, Loc: berlin, TZName: "Europe/Berlin"}}
	lunch := web.create("Lunch (from the web)", "2026-12-15 12:00")
	meeting := web.create("Web meeting", "2026-12-17 10:00")
	phone := newPyClient(t, python, s, pia)

	checkDiscovery(t, phone.run("discover"), pia, lunch, meeting)
	checkPush(t, phone.run("push"), lunch, meeting)
	byKey := web.expectView("after the phone's changes",
		"2026-12-14 11:00 Dentist (moved)", "2026-12-15 12:00 Lunch (edited on the phone)",
		"2026-12-16 16:00 Haircut", "2026-12-18 08:00 Flight",
		"2027-01-05 18:00 Yoga", "2027-01-19 20:00 Yoga (late)", "2027-01-26 18:00 Yoga",
		"2027-02-02 18:00 Yoga", "2027-02-09 18:00 Yoga")
	later := webChanges(t, web, byKey)
	web.expectView("after its own changes",
		"2026-12-14 11:00 Dentist (web)", "2026-12-15 12:00 Lunch (edited on the phone)",
		"2026-12-18 08:00 Flight", "2026-12-20 09:00 Made on the web later",
		"2027-01-05 18:00 Yoga", "2027-01-19 20:00 Yoga (late)",
		"2027-02-02 18:00 Yoga", "2027-02-09 18:00 Yoga")
	checkPull(t, phone.run("pull"), later)
}

// checkDiscovery: /.well-known/caldav leads to the principal, its home
// and the Personal calendar, whose first sync lists the web's events.
func checkDiscovery(t *testing.T, r pyReport, u user, lunch, meeting db.Event) {
	t.Helper()
	if r.WellKnown.Status != 301 || r.WellKnown.Location != "/dav/" || !strings.HasSuffix(r.Context, "/dav/") {
		t.Fatalf("/.well-known/caldav: %+v, context %s", r.WellKnown, r.Context)
	}
	if !strings.Contains(r.DAV, "calendar-access") {
		t.Fatalf("DAV header %q", r.DAV)
	}
	if !strings.HasSuffix(r.Principal, "/dav/principals/"+u.Username+"/") || !strings.HasSuffix(r.Home, "/dav/calendars/"+u.Username+"/") {
		t.Fatalf("principal %s, home %s", r.Principal, r.Home)
	}
	if len(r.Calendars) != 1 || r.Calendars[0].Name != "Personal" || !strings.HasPrefix(r.Calendars[0].Href, r.Home) ||
		!slices.Equal(r.Components, []string{"VEVENT"}) {
		t.Fatalf("calendars %+v, components %v", r.Calendars, r.Components)
	}
	want := []string{webUID(lunch) + " Lunch (from the web)", webUID(meeting) + " Web meeting"}
	if got := uidsAndSummaries(r.Objects); !slices.Equal(got, want) || r.Token == "" {
		t.Fatalf("the first sync (token %q) lists %v, want %v", r.Token, got, want)
	}
	for _, o := range r.Objects {
		if o.ETag == "" || !strings.HasPrefix(o.Href, r.Calendars[0].Href) {
			t.Fatalf("first sync: %+v", o)
		}
	}
}

func webUID(e db.Event) string { return fmt.Sprintf("event-%d@eventcal", e.ID) }

func uidsAndSummaries(objs []pyObject) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.UID + " " + o.Summary
	}
	return out
}

func summaries(objs []pyObject) []string {
	out := make([]string, len(objs))
	for i, o := range objs {
		out[i] = o.Summary
	}
	return out
}

// checkPush: what the phone wrote reads back as written, its searches find
// the series' occurrences in range, and its sync lists its own writes.
func checkPush(t *testing.T, r pyReport, lunch, meeting db.Event) {
	t.Helper()
	const dentist = "dentist-2026@phone.example"
	if c := r.Created; c.UID != dentist || c.Summary != "Dentist" || c.Start != "2026-12-14T09:00:00Z" || r.ByUID != c.Href {
		t.Fatalf("created %+v, found by UID at %s", c, r.ByUID)
	}
	if e := r.Edited; e.UID != dentist || e.Summary != "Dentist (moved)" || e.Start != "2026-12-14T10:00:00Z" || e.Href != r.Created.Href {
		t.Fatalf("edited %+v", e)
	}
	if e := r.EditedWeb; e.UID != webUID(lunch) || e.Summary != "Lunch (edited on the phone)" || !strings.HasSuffix(e.Href, fmt.Sprintf("/event-%d.ics", lunch.ID)) {
		t.Fatalf("the web's event edited on the phone: %+v", e)
	}
	ser := r.Series
	if !strings.Contains(ser.RRule, "FREQ=WEEKLY") || !strings.Contains(ser.RRule, "COUNT=6") || ser.Start != "2027-01-05T17:00:00Z" ||
		!slices.Equal(ser.Exdates, []string{"2027-01-12T17:00:00Z"}) || len(ser.Overrides) != 1 ||
		ser.Overrides[0].RID != "2027-01-19T17:00:00Z" || ser.Overrides[0].Start != "2027-01-19T19:00:00Z" || ser.Overrides[0].Summary != "Yoga (late)" {
		t.Fatalf("series read back: %+v", ser)
	}
	if r.Alarm.Summary != "Flight" || r.Alarm.Start != "2026-12-18T07:00:00Z" || r.Alarm.Alarms != 1 {
		t.Fatalf("the event with an alarm (kept as a reminder): %+v", r.Alarm)
	}
	wantJan := "[2027-01-05T17:00:00Z Yoga 2027-01-19T19:00:00Z Yoga (late) 2027-01-26T17:00:00Z Yoga]"
	if got := fmt.Sprint(r.January); got != wantJan {
		t.Fatalf("January's occurrences: %s, want %s", got, wantJan)
	}
	if !slices.Equal(r.February, []string{ser.Href}) || len(r.March) != 0 {
		t.Fatalf("date searches: February %v, March %v (the series is %s)", r.February, r.March, ser.Href)
	}
	wantUpdated := []string{"Dentist (moved)", "Flight", "Haircut", "Lunch (edited on the phone)", "Yoga"}
	if got := summaries(r.Sync.Updated); !slices.Equal(got, wantUpdated) || len(r.Sync.Deleted) != 1 ||
		!strings.HasSuffix(r.Sync.Deleted[0], fmt.Sprintf("/event-%d.ics", meeting.ID)) {
		t.Fatalf("the sync after the phone's writes: updated %v, deleted %v", got, r.Sync.Deleted)
	}
}

// webChanges edits, deletes, cancels one occurrence of the series and
// creates, all through the events service; it returns the new event.
func webChanges(t *testing.T, web *webSide, byKey map[string]db.Event) db.Event {
	t.Helper()
	ctx := context.Background()
	d := byKey["2026-12-14 11:00 Dentist (moved)"]
	if _, err := web.svc.Update(ctx, web.owner, events.Ref{ID: d.ID}, events.Values{Title: "Dentist (web)", Start: d.StartsAt, End: d.EndsAt}); err != nil {
		t.Fatal(err)
	}
	if err := web.svc.Delete(ctx, web.owner, events.Ref{ID: byKey["2026-12-16 16:00 Haircut"].ID}); err != nil {
		t.Fatal(err)
	}
	occ := byKey["2027-01-26 18:00 Yoga"]
	id, rid := events.Link(&occ)
	if err := web.svc.Delete(ctx, web.owner, events.Ref{ID: id, Occ: rid, Scope: events.ScopeThis}); err != nil {
		t.Fatal(err)
	}
	return web.create("Made on the web later", "2026-12-20 09:00")
}

// checkPull: the phone's next sync brings the web's changes, and its
// listing, multiget and search agree with the web.
func checkPull(t *testing.T, r pyReport, later db.Event) {
	t.Helper()
	up := r.Sync.Updated
	if got := uidsAndSummaries(up); !slices.Equal(got, []string{"dentist-2026@phone.example Dentist (web)",
		webUID(later) + " Made on the web later", "yoga-2027@phone.example Yoga"}) {
		t.Fatalf("the sync after the web's changes updated %v", got)
	}
	if ser := up[2]; !slices.Equal(ser.Exdates, []string{"2027-01-12T17:00:00Z", "2027-01-26T17:00:00Z"}) ||
		len(ser.Overrides) != 1 || ser.Overrides[0].Summary != "Yoga (late)" {
		t.Fatalf("the series after the web cancelled an occurrence: %+v", ser)
	}
	if len(r.Sync.Deleted) != 1 || !strings.HasSuffix(r.Sync.Deleted[0], "/haircut-2026%40phone.example.ics") {
		t.Fatalf("the sync after the web's deletion: deleted %v", r.Sync.Deleted)
	}
	want := []string{"Dentist (web)", "Flight", "Lunch (edited on the phone)", "Made on the web later", "Yoga"}
	if got := summaries(r.All); !slices.Equal(got, want) || !slices.Equal(r.Multiget, want) || !slices.Equal(r.Stored, want) {
		t.Fatalf("the phone lists %v, multiget %v, keeps %v; want %v", got, r.Multiget, r.Stored, want)
	}
	wantJan := "[2027-01-05T17:00:00Z Yoga 2027-01-19T19:00:00Z Yoga (late)]"
	if got := fmt.Sprint(r.January); got != wantJan {
		t.Fatalf("January's occurrences after the web's cancellation: %s, want %s", got, wantJan)
	}
	if !slices.Equal(r.SearchWeb, []string{"Dentist (web)", "Made on the web later"}) {
		t.Fatalf("a search for the summary \"web\" found %v", r.SearchWeb)
	}
}
