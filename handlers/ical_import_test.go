package handlers

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
)

// icsUser creates a user in tz and signs a client in.
func icsUser(t *testing.T, ts *testServer, suffix, tz string) (db.User, *client) {
	t.Helper()
	name := uniqueName(t) + suffix
	u := createUser(t, name, "correct horse battery", tz, false)
	c := ts.client(t)
	c.login(name, "correct horse battery")
	c.get("/settings") // the CSRF token rotates at sign-in
	return u, c
}

// icsSample reads a file of testdata/ical.
func icsSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "ical", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// upload posts a file as the import form does (multipart, with _csrf).
func (c *client) icsUpload(path, filename string, data []byte) *response {
	c.t.Helper()
	if c.csrf == "" {
		c.get("/events/import")
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("_csrf", c.csrf)
	fw, err := w.CreateFormFile("file", filename)
	if err != nil {
		c.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = w.Close()
	req, err := http.NewRequest(http.MethodPost, c.base+path, &b)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	return c.do(req)
}

var icsImportDone = regexp.MustCompile(`^/events/import\?imported=(\d+)&updated=(\d+)$`)

// icsImport uploads data, checks the preview, imports it, and returns how
// many events were added and updated.
func icsImport(t *testing.T, c *client, name string, data []byte, previewHas ...string) (added, updated int) {
	t.Helper()
	r := c.icsUpload("/events/import", name, data)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/events/import/") {
		t.Fatalf("upload %s: %d %q\n%s", name, r.StatusCode, r.Header.Get("Location"), icsExcerpt(r.Body))
	}
	preview := r.Header.Get("Location")
	p := c.get(preview)
	if p.StatusCode != http.StatusOK {
		t.Fatalf("preview %s: %d", name, p.StatusCode)
	}
	for _, s := range previewHas {
		if !strings.Contains(p.Body, s) {
			t.Errorf("preview of %s lacks %q:\n%s", name, s, icsExcerpt(p.Body))
		}
	}
	r = c.post(preview, nil)
	m := icsImportDone.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("import %s: %d %q\n%s", name, r.StatusCode, r.Header.Get("Location"), icsExcerpt(r.Body))
	}
	added, _ = strconv.Atoi(m[1])
	updated, _ = strconv.Atoi(m[2])
	if r := c.get(r.Header.Get("Location")); !strings.Contains(r.Body, "Imported: ") {
		t.Errorf("the import page does not say what was imported:\n%s", icsExcerpt(r.Body))
	}
	return added, updated
}

// excerpt is the main region of a page, for failure messages.
func icsExcerpt(body string) string {
	if i := strings.Index(body, `<main id="main">`); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000]
	}
	return body
}

// userEvents lists a user's rows (masters, single events, overrides).
func icsRows(t *testing.T, uid int64) []db.ListEventsForExportRow {
	t.Helper()
	rows, err := env.Store.ListEventsForExport(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func icsRow(rows []db.ListEventsForExportRow, title string) (db.ListEventsForExportRow, bool) {
	for _, r := range rows {
		if r.Event.Title == title {
			return r, true
		}
	}
	return db.ListEventsForExportRow{}, false
}

// TestImportSamples imports files in the styles of Google Calendar, Apple
// Calendar and Nextcloud: the preview counts what will be imported and
// says what is skipped and why; the events, series (rule, zone, until,
// cancelled dates), changed occurrences and UIDs are stored; importing a
// file again updates instead of adding.
func TestImportSamples(t *testing.T) {
	ts := startServer(t)
	u, c := icsUser(t, ts, "", "Europe/Berlin")

	added, updated := icsImport(t, c, "google.ics", icsSample(t, "google.ics"),
		"2 events, 2 repeating events (with 1 changed occurrence), 1 skipped.", "Call with vendor", "It is cancelled.",
		"Import 4 events", "Weekly on Monday")
	if added != 4 || updated != 0 {
		t.Errorf("google: added %d, updated %d", added, updated)
	}
	rows := icsRows(t, u.ID)
	if len(rows) != 5 {
		t.Fatalf("%d rows after the Google file, want 4 events and 1 override", len(rows))
	}
	standup, ok := icsRow(rows, "Standup")
	if !ok {
		t.Fatal("no Standup")
	}
	e := standup.Event
	if e.Rrule != "FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630T065959Z" || e.Tzid != "Europe/Berlin" || e.UntilAt == nil ||
		!e.UntilAt.Equal(time.Date(2025, 6, 23, 7, 30, 0, 0, time.UTC)) || len(e.Exdates) != 2 || standup.Uid != "standup-weekly-7f3a@google.com" {
		t.Errorf("Standup: %+v uid %q", e, standup.Uid)
	}
	moved, ok := icsRow(rows, "Standup (moved to Tuesday)")
	if !ok || moved.Event.SeriesID == nil || *moved.Event.SeriesID != e.ID || moved.Event.RecurrenceID == nil ||
		!moved.Event.RecurrenceID.Equal(time.Date(2025, 5, 5, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("override: %+v", moved.Event)
	}
	if vac, ok := icsRow(rows, "Vacation 🏖️"); !ok || !vac.Event.AllDay || vac.Event.Location != "Lisboa" {
		t.Errorf("vacation: %+v", vac)
	}

	// The same file again: updated, not added.
	added, updated = icsImport(t, c, "google.ics", icsSample(t, "google.ics"), "4 events were imported before and will be updated.")
	if added != 0 || updated != 4 || len(icsRows(t, u.ID)) != 5 {
		t.Errorf("again: added %d, updated %d, %d rows", added, updated, len(icsRows(t, u.ID)))
	}

	added, _ = icsImport(t, c, "apple.ics", icsSample(t, "apple.ics"), "3 events, 1 repeating event, 0 skipped.")
	if added != 4 {
		t.Errorf("apple: added %d", added)
	}
	added, _ = icsImport(t, c, "nextcloud.ics", icsSample(t, "nextcloud.ics"), "Buy a gift", "It is a to-do, not an event.")
	if added != 2 {
		t.Errorf("nextcloud: added %d", added)
	}
	rows = icsRows(t, u.ID)
	if choir, ok := icsRow(rows, "Choir rehearsal"); !ok || choir.Event.Color != "teal" || choir.Event.Location != "Gemeindehaus, Saal 2" {
		t.Errorf("choir: %+v", choir)
	}
	// Imported events show up in the calendar (the import dropped the cache).
	if r := c.get("/events?date=2025-07-15"); !strings.Contains(r.Body, "Vacation") {
		t.Error("the imported vacation is not in the day list")
	}
}

// TestImportRefusesBadFiles: what is not a calendar file gets the form
// again with a clear message (422), never a 500; bad events are skipped
// with their reasons; a preview is the uploader's only.
func TestImportRefusesBadFiles(t *testing.T) {
	ts := startServer(t)
	_, c := icsUser(t, ts, "", "UTC")
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"truncated.ics", icsSample(t, "truncated.ics"), "cut off"},
		{"letter.txt", []byte("Dear Sir or Madam,\r\n"), "does not start with BEGIN:VCALENDAR"},
		{"empty.ics", nil, "The file is empty."},
		{"big.ics", bytes.Repeat([]byte("X"), ical.DefaultMaxBytes+1), "larger than 5 MB"},
		{"lines.ics", []byte("BEGIN:VCALENDAR\r\nX:" + strings.Repeat("y", 300<<10) + "\r\nEND:VCALENDAR\r\n"), "longer than"},
	} {
		r := c.icsUpload("/events/import", tc.name, tc.data)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, tc.want) || !strings.Contains(r.Body, `id="import-file"`) {
			t.Errorf("%s: %d, want 422 with %q:\n%s", tc.name, r.StatusCode, tc.want, icsExcerpt(r.Body))
		}
	}

	if r := c.post("/events/import", nil); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Choose an .ics file") {
		t.Errorf("no file: %d", r.StatusCode)
	}

	r := c.icsUpload("/events/import", "bad-dates.ics", icsSample(t, "bad-dates.ics"))
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("bad-dates: %d", r.StatusCode)
	}
	preview := r.Header.Get("Location")
	p := c.get(preview)
	for _, s := range []string{"1 event, 0 repeating events, 10 skipped.", "Month thirteen", "is not valid", "It ends before it starts.",
		"It has no start (DTSTART).", "Mars/Olympus_Mons", "FREQ=SECONDLY", "RDATE"} {
		if !strings.Contains(p.Body, strings.ReplaceAll(s, `"`, "&#34;")) {
			t.Errorf("bad-dates preview lacks %q", s)
		}
	}

	// Another user cannot see or import this preview.
	_, other := icsUser(t, ts, "b", "UTC")
	if r := other.get(preview); r.StatusCode != http.StatusNotFound {
		t.Errorf("another user's preview: %d", r.StatusCode)
	}
	if r := other.post(preview, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("another user's import: %d", r.StatusCode)
	}
	// Importing twice (a double submit) imports once.
	if r := c.post(preview, nil); r.StatusCode != http.StatusSeeOther {
		t.Errorf("import: %d", r.StatusCode)
	}
	if r := c.post(preview, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("second import of one preview: %d", r.StatusCode)
	}
	for _, bad := range []string{"/events/import/nothing", "/events/import/" + strings.Repeat("0", 32)} {
		if r := c.get(bad); r.StatusCode != http.StatusNotFound || !strings.Contains(r.Body, "expired") {
			t.Errorf("%s: %d", bad, r.StatusCode)
		}
	}
	// Without the CSRF token the upload is refused.
	c.csrf = "wrong"
	if r := c.icsUpload("/events/import", "x.ics", icsSample(t, "google.ics")); r.StatusCode != http.StatusForbidden {
		t.Errorf("upload without a valid token: %d", r.StatusCode)
	}
	// Signed out: the login page.
	if r := ts.client(t).get("/events/import"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: %d", r.StatusCode)
	}
}

// TestImportTenThousand: the largest file accepted imports in one
// transaction (batched), and a larger one is refused.
func TestImportTenThousand(t *testing.T) {
	ts := startServer(t)
	u, c := icsUser(t, ts, "", "UTC")
	gen := func(n int) []byte {
		var b bytes.Buffer
		b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//bulk//EN\r\n")
		for i := range n {
			d := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
			b.WriteString("BEGIN:VEVENT\r\nUID:bulk-" + strconv.Itoa(i) + "@test\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:" +
				d.Format("20060102T150405Z") + "\r\nDURATION:PT30M\r\nSUMMARY:Bulk " + strconv.Itoa(i) + "\r\nEND:VEVENT\r\n")
		}
		b.WriteString("END:VCALENDAR\r\n")
		return b.Bytes()
	}
	start := time.Now()
	added, _ := icsImport(t, c, "bulk.ics", gen(ical.DefaultMaxEvents), "10000 events, 0 repeating events, 0 skipped.", "…and 9800 more.")
	t.Logf("10 000 events uploaded, previewed and imported in %v", time.Since(start))
	if added != ical.DefaultMaxEvents {
		t.Errorf("added %d", added)
	}
	n, err := env.Store.CountUserEvents(context.Background(), u.ID)
	if err != nil || n != int64(ical.DefaultMaxEvents) {
		t.Errorf("%d events stored (%v)", n, err)
	}
	if r := c.icsUpload("/events/import", "bulk.ics", gen(ical.DefaultMaxEvents+1)); r.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "more than 10 000 events") {
		t.Errorf("10 001 events: %d", r.StatusCode)
	}
}

// TestImportFormWorksWithoutJS: the upload page is a plain multipart form
// with a labelled file input and the CSRF field.
func TestImportFormWorksWithoutJS(t *testing.T) {
	ts := startServer(t)
	_, c := icsUser(t, ts, "", "UTC")
	r := c.get("/events/import")
	for _, s := range []string{`<form method="post" action="/events/import" enctype="multipart/form-data"`, `<label for="import-file">`,
		`id="import-file" name="file" type="file"`, `name="_csrf"`} {
		if !strings.Contains(r.Body, s) {
			t.Errorf("import page lacks %q", s)
		}
	}
}
