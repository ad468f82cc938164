package handlers

import (
	"bytes"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/ical/icaltest"
)

// icsDecode reads an export.
func icsDecode(t *testing.T, body string, loc *time.Location) *ical.Result {
	t.Helper()
	res, err := ical.Decode(strings.NewReader(body), ical.DecodeOptions{Loc: loc})
	if err != nil {
		t.Fatalf("the export does not decode: %v\n%s", err, body)
	}
	if len(res.Skipped) > 0 {
		t.Errorf("the export has events eventcal cannot read back: %+v", res.Skipped)
	}
	return res
}

// icsWantFile checks the headers of an .ics download.
func icsWantFile(t *testing.T, what string, r *response, filename string) {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("%s: %d\n%s", what, r.StatusCode, icsExcerpt(r.Body))
	}
	if ct := r.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("%s: Content-Type %q", what, ct)
	}
	if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="`+filename+`"` {
		t.Errorf("%s: Content-Disposition %q", what, cd)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("%s: Cache-Control %q", what, cc)
	}
}

// TestExportRoutes: /events.ics and /events/{id}.ics are the viewer's
// (before /events/{id}, which still shows the event), another user's
// event is 404, signed-out visitors go to the login page.
func TestExportRoutes(t *testing.T) {
	ts := startServer(t)
	ber := calLoc(t, "Europe/Berlin")
	u, c := icsUser(t, ts, "", "Europe/Berlin")
	lunch := calEvent(t, u.ID, "Lunch, with; Bob", calAt(ber, 2025, 6, 2, 12, 0), calAt(ber, 2025, 6, 2, 13, 0), false)
	trip := calEvent(t, u.ID, "Trip", calAt(ber, 2025, 6, 5, 0, 0), calAt(ber, 2025, 6, 8, 0, 0), true)
	o, _ := icsUser(t, ts, "o", "UTC")
	theirs := calEvent(t, o.ID, "Not yours", calAt(ber, 2025, 6, 2, 12, 0), calAt(ber, 2025, 6, 2, 13, 0), false)

	r := c.get("/events.ics")
	icsWantFile(t, "/events.ics", r, "eventcal-"+fileNamePart(u.Username)+".ics")
	res := icsDecode(t, r.Body, ber)
	if len(res.Events) != 2 || res.Events[0].UID != events.ExportUID(lunch.ID) || res.Events[1].UID != events.ExportUID(trip.ID) {
		t.Fatalf("events %+v", res.Events)
	}
	if !res.Events[1].AllDay || !strings.Contains(r.Body, "DTSTART;VALUE=DATE:20250605\r\n") || !strings.Contains(r.Body, "DTEND;VALUE=DATE:20250608\r\n") ||
		!strings.Contains(r.Body, "DTSTART:20250602T100000Z\r\n") || !strings.Contains(r.Body, `SUMMARY:Lunch\, with\; Bob`) {
		t.Errorf("export:\n%s", r.Body)
	}

	one := "/events/" + strconv.FormatInt(lunch.ID, 10) + ".ics"
	r = c.get(one)
	icsWantFile(t, one, r, "event-"+strconv.FormatInt(lunch.ID, 10)+".ics")
	if res := icsDecode(t, r.Body, ber); len(res.Events) != 1 || res.Events[0].Title != "Lunch, with; Bob" {
		t.Errorf("one event: %+v", res.Events)
	}
	if r := c.get("/events/" + strconv.FormatInt(lunch.ID, 10)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Lunch, with; Bob") {
		t.Errorf("the event page: %d", r.StatusCode)
	}
	for _, p := range []string{"/events/" + strconv.FormatInt(theirs.ID, 10) + ".ics", "/events/abc.ics", "/events/0.ics", "/events/99999999999.ics"} {
		if r := c.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, r.StatusCode)
		}
	}
	anon := ts.client(t)
	if r := anon.get("/events.ics"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fevents.ics" {
		t.Errorf("signed out: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

// icsCreate posts the event form and returns the new event's id.
func icsCreate(t *testing.T, c *client, f url.Values) int64 {
	t.Helper()
	r := c.post("/events", f)
	loc := r.Header.Get("Location")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/events/") {
		t.Fatalf("create %q: %d %q\n%s", f.Get("title"), r.StatusCode, loc, icsExcerpt(r.Body))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/events/"), 10, 64)
	if err != nil {
		t.Fatalf("create: %q", loc)
	}
	return id
}

func icsForm(title, desc, location, start, end string, allDay bool, rrule string) url.Values {
	f := url.Values{"title": {title}, "description": {desc}, "location": {location}, "start": {start}, "end": {end}, "color": {"purple"}}
	if allDay {
		f.Set("all_day", "on")
	}
	if rrule != "" {
		f.Set("rrule", rrule)
	}
	return f
}

// TestExportImportRoundTrip is the acceptance test: a calendar with every
// kind of event (made with the form and imported from Google, Apple and
// Nextcloud files: times, all-day, series with cancelled and changed
// occurrences, text with commas, semicolons, newlines and non-ASCII),
// exported, reads the same in ical.js; imported into a fresh account and
// exported again, it gives the same events; imported again, it updates
// rather than duplicates.
func TestExportImportRoundTrip(t *testing.T) {
	ts := startServer(t)
	ber := calLoc(t, "Europe/Berlin")
	_, a := icsUser(t, ts, "a", "Europe/Berlin")
	icsCreate(t, a, icsForm("Tapas, vino; y más 🍷", "Line one\nLine two, with a comma; and a semicolon\n\nÜnïcödé — 日本語", "Bar \"El Sur\", Calle 5; Madrid",
		"2025-06-12T19:30", "2025-06-12T22:00", false, ""))
	icsCreate(t, a, icsForm("Festival", "", "", "2025-08-01", "2025-08-03", true, ""))
	icsCreate(t, a, icsForm("Yoga", "Mat!", "Studio", "2025-03-04T07:00", "2025-03-04T08:00", false, "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=12"))
	icsCreate(t, a, icsForm("Pay rent", "", "", "2025-01-31", "2025-01-31", true, "FREQ=MONTHLY;BYMONTHDAY=-1"))
	for _, f := range []string{"google.ics", "apple.ics", "nextcloud.ics"} {
		icsImport(t, a, f, icsSample(t, f))
	}

	first := a.get("/events.ics")
	if first.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", first.StatusCode)
	}
	icaltest.Check(t, []byte(first.Body), ber, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
	res1 := icsDecode(t, first.Body, ber)
	if len(res1.Events) != 14 {
		t.Errorf("%d events exported, want 14", len(res1.Events))
	}

	_, b := icsUser(t, ts, "b", "Europe/Berlin")
	added, updated := icsImport(t, b, "a.ics", []byte(first.Body))
	if added != len(res1.Events) || updated != 0 {
		t.Errorf("into a fresh account: added %d, updated %d", added, updated)
	}
	second := b.get("/events.ics")
	res2 := icsDecode(t, second.Body, ber)
	icsSameEvents(t, res1.Events, res2.Events)

	// Importing again updates every event, in both accounts (A's own
	// events are named event-<id>@eventcal in its export).
	if added, updated := icsImport(t, b, "b.ics", []byte(second.Body)); added != 0 || updated != len(res1.Events) {
		t.Errorf("B again: added %d, updated %d", added, updated)
	}
	if added, updated := icsImport(t, a, "a.ics", []byte(first.Body)); added != 0 || updated != len(res1.Events) {
		t.Errorf("A its own export: added %d, updated %d", added, updated)
	}
	third := a.get("/events.ics")
	icsSameEvents(t, res1.Events, icsDecode(t, third.Body, ber).Events)
}

// icsSameEvents compares two decoded exports event by event (by UID).
func icsSameEvents(t *testing.T, want, got []ical.Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d events, want %d", len(got), len(want))
	}
	byUID := map[string]ical.Event{}
	for _, e := range got {
		byUID[e.UID] = e
	}
	same := func(a, b ical.Event) bool {
		return a.Title == b.Title && a.Description == b.Description && a.Location == b.Location && a.Color == b.Color &&
			a.Start.Equal(b.Start) && a.End.Equal(b.End) && a.AllDay == b.AllDay && a.Rule == b.Rule &&
			a.RecurrenceID.Equal(b.RecurrenceID) && slices.EqualFunc(a.Exdates, b.Exdates, time.Time.Equal) &&
			(a.Rule == "" || a.Loc.String() == b.Loc.String())
	}
	for _, w := range want {
		g, ok := byUID[w.UID]
		if !ok {
			t.Errorf("no event %q (%s)", w.UID, w.Title)
			continue
		}
		if !same(w, g) || len(w.Overrides) != len(g.Overrides) {
			t.Errorf("event %q:\ngot  %+v\nwant %+v", w.UID, g, w)
			continue
		}
		for i := range w.Overrides {
			if !same(w.Overrides[i], g.Overrides[i]) {
				t.Errorf("override of %q:\ngot  %+v\nwant %+v", w.UID, g.Overrides[i], w.Overrides[i])
			}
		}
	}
}

var feedURL = regexp.MustCompile(`value="(http://[^"]+/feed/([A-Za-z0-9_-]{43})\.ics)"`)

// feedGet fetches a feed URL like a calendar app: no cookies.
func feedGet(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(res.Body)
	return res, b.String()
}

// feedPassword confirms making a feed address (icsUser's password).
func feedPassword() url.Values { return url.Values{"current_password": {"correct horse battery"}} }

// TestFeed: the private address is made in Settings (a plain form), works
// without a session (and makes none), reflects an edit on the next
// request, stops working when regenerated or turned off, is refused when
// malformed, and is rate-limited.
func TestFeed(t *testing.T) {
	ts := startServer(t)
	ber := calLoc(t, "Europe/Berlin")
	u, c := icsUser(t, ts, "", "Europe/Berlin")
	id := icsCreate(t, c, icsForm("Choir", "", "Hall", "2025-09-01T19:00", "2025-09-01T21:00", false, ""))

	s := c.get("/settings")
	for _, want := range []string{`<h2 id="calendar-files">`, `href="/events.ics"`, `href="/events/import"`,
		`<form method="post" action="/settings/feed"`, "Make a private address", `name="_csrf"`} {
		if !strings.Contains(s.Body, want) {
			t.Errorf("settings lack %q", want)
		}
	}
	r := c.post("/settings/feed", feedPassword())
	m := feedURL.FindStringSubmatch(r.Body)
	if r.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make the feed: %d\n%s", r.StatusCode, icsExcerpt(r.Body))
	}
	addr, token := m[1], m[2]
	if !strings.Contains(r.Body, `href="webcal://`) || !strings.Contains(r.Body, `<label for="feed-url">`) {
		t.Errorf("no webcal link or label:\n%s", icsExcerpt(r.Body))
	}
	// Only the hash is stored, and the address is shown only once.
	if s := c.get("/settings"); strings.Contains(s.Body, token) || !strings.Contains(s.Body, "Make a new address") {
		t.Error("the settings page shows the token again, or no regenerate button")
	}

	res, body := feedGet(t, addr)
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" ||
		!strings.HasPrefix(res.Header.Get("Content-Disposition"), "inline;") || !strings.Contains(body, "SUMMARY:Choir") {
		t.Fatalf("feed: %d %v\n%s", res.StatusCode, res.Header, body)
	}
	if sc := res.Header.Values("Set-Cookie"); len(sc) > 0 {
		t.Errorf("the feed set cookies: %v", sc)
	}
	icaltest.Check(t, []byte(body), ber, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if _, again := feedGet(t, addr); !strings.Contains(again, "SUMMARY:Choir") {
		t.Error("second read (cached) differs")
	}
	if !strings.Contains(ts.CacheLg.String(), "Cache hit for feed for user "+strconv.FormatInt(u.ID, 10)) {
		t.Error("the second read was not a cache hit")
	}

	// An edit shows on the next request.
	f := icsForm("Choir (new hall)", "", "New hall", "2025-09-01T19:00", "2025-09-01T21:00", false, "")
	if r := c.post("/events/"+strconv.FormatInt(id, 10), f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.StatusCode, icsExcerpt(r.Body))
	}
	if _, body := feedGet(t, addr); !strings.Contains(body, "SUMMARY:Choir (new hall)") {
		t.Errorf("the feed does not show the edit:\n%s", body)
	}

	// A new address: the old one stops working at once.
	r = c.post("/settings/feed", feedPassword())
	m2 := feedURL.FindStringSubmatch(r.Body)
	if m2 == nil || m2[2] == token {
		t.Fatal("no new address")
	}
	if res, _ := feedGet(t, addr); res.StatusCode != http.StatusNotFound {
		t.Errorf("old address after regenerating: %d", res.StatusCode)
	}
	if res, _ := feedGet(t, m2[1]); res.StatusCode != http.StatusOK {
		t.Errorf("new address: %d", res.StatusCode)
	}

	// Malformed and unknown tokens.
	for _, p := range []string{"/feed/" + strings.Repeat("A", 43) + ".ics", "/feed/" + m2[2], "/feed/short.ics", "/feed/" + m2[2] + ".ics.ics"} {
		if res, _ := feedGet(t, ts.URL+p); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", p, res.StatusCode)
		}
	}

	// Rate limit: a token over its window's limit is 429 with Retry-After.
	key := ts.H.cache.FeedThrottleTokenKey(m2[2])
	if err := env.Redis.Set(t.Context(), key, accounts.FeedTokenMax, time.Minute).Err(); err != nil {
		t.Fatal(err)
	}
	if res, _ := feedGet(t, m2[1]); res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") == "" {
		t.Errorf("over the limit: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	env.Redis.Del(t.Context(), key)

	// Off: the address is gone.
	r = c.post("/settings/feed/off", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("off: %d", r.StatusCode)
	}
	if res, _ := feedGet(t, m2[1]); res.StatusCode != http.StatusNotFound {
		t.Errorf("after turning off: %d", res.StatusCode)
	}
	if s := c.get(r.Header.Get("Location")); !strings.Contains(s.Body, "The subscription address is off") || !strings.Contains(s.Body, "Make a private address") {
		t.Errorf("settings after off:\n%s", icsExcerpt(s.Body))
	}
	// The forms need the CSRF token.
	c.csrf = "wrong"
	if r := c.post("/settings/feed", feedPassword()); r.StatusCode != http.StatusForbidden {
		t.Errorf("without the token: %d", r.StatusCode)
	}
}

// TestAdminExport: an admin downloads any user's calendar from the users
// list with a POST (audited); a GET changes nothing (405); others get 403.
func TestAdminExport(t *testing.T) {
	ts := startServer(t)
	ber := calLoc(t, "Europe/Berlin")
	admin, adm := admUser(t, ts, "adm", "UTC", true)
	u, userC := icsUser(t, ts, "u", "Europe/Berlin")
	calEvent(t, u.ID, "Dentist", calAt(ber, 2025, 6, 2, 9, 0), calAt(ber, 2025, 6, 2, 10, 0), false)
	path := "/admin/users/" + strconv.FormatInt(u.ID, 10) + "/export.ics"

	if r := admin.get("/admin/users?q=" + url.QueryEscape(u.Username)); !strings.Contains(r.Body, `<form class="inline" method="post" action="`+path+`">`) {
		t.Errorf("the users list has no export button:\n%s", icsExcerpt(r.Body))
	}
	// A GET changes nothing: 405, no file, no audit row.
	if r := admin.get(path); r.StatusCode != http.StatusMethodNotAllowed || r.Header.Get("Allow") != "POST" ||
		strings.Contains(r.Body, "BEGIN:VCALENDAR") {
		t.Errorf("GET export: %d %q", r.StatusCode, r.Header.Get("Allow"))
	}
	if n := admAudits(t, env.Store, adm.ID, "user.export", u.ID); n != 0 {
		t.Errorf("a GET wrote %d audit rows", n)
	}
	if r := admin.send(http.MethodPost, path, url.Values{}); r.StatusCode != http.StatusForbidden {
		t.Errorf("POST without the CSRF token: %d", r.StatusCode)
	}
	admin.get("/admin/users") // the refused post's page carries no token
	r := admin.post(path, nil)
	icsWantFile(t, path, r, "eventcal-"+fileNamePart(u.Username)+".ics")
	if res := icsDecode(t, r.Body, ber); len(res.Events) != 1 || res.Events[0].Title != "Dentist" {
		t.Errorf("admin export: %+v", res.Events)
	}
	if n := admAudits(t, env.Store, adm.ID, "user.export", u.ID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	if r := userC.post(path, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("non-admin: %d", r.StatusCode)
	}
	if r := admin.post("/admin/users/999999999/export.ics", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown user: %d", r.StatusCode)
	}
}
