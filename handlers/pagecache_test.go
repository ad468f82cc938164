package handlers

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"github.com/eventcal/eventcal/views"
)

// pageCheck is one cached page read on the second instance.
type pageCheck struct {
	name, path string
	hx         bool
}

// TestRenderedPagesFreshOnAnotherInstance: one session on two instances.
// Every page the rendered-pages cache stores is read on B (so it is
// stored), then each write path runs on A, and B's next read of every
// page must show the write: create, update, move, admin edit, time zone
// and week start, delete, a series' occurrence, its following ones and all
// of it, import, and a new sign-in (which makes the next page a miss).
func TestRenderedPagesFreshOnAnotherInstance(t *testing.T) {
	a, b := calServer(t), calServer(t)
	wa, u := evUser(t, a, "Europe/Berlin", "")
	rb := &client{t: t, base: b.URL, http: wa.http, csrf: wa.csrf} // same cookie jar, other instance
	admin, _ := admUser(t, a, "_adm", "UTC", true)
	pages := []pageCheck{
		{"dashboard", "/?view=month&date=2025-06-12", false},
		{"week fragment", "/calendar?view=week&date=2025-06-12", true},
		{"day list", "/events?date=2025-06-12", false},
		{"search page", "/search?q=picnic", false},
		{"search fragment", "/search?q=picnic", true},
	}
	read := func(p pageCheck) *response {
		t.Helper()
		if p.hx {
			return rb.htmx(p.path)
		}
		return rb.get(p.path)
	}
	var detail pageCheck
	// warm reads every page twice on B; the second read must be a page hit.
	warm := func(step string) {
		t.Helper()
		all := append(pages[:len(pages):len(pages)], detail)
		for _, p := range all {
			if p.path == "" {
				continue
			}
			read(p)
			before := b.H.cache.Counts()["page"][0]
			if r := read(p); queriesOf(t, r) != 0 || b.H.cache.Counts()["page"][0] != before+1 {
				t.Fatalf("before %s: %s is not served from the rendered-pages cache (%d SQL)", step, p.name, queriesOf(t, r))
			}
		}
	}
	// check asserts what B's next read of each page holds.
	check := func(step string, want, gone string, except ...string) {
		t.Helper()
		all := append(pages[:len(pages):len(pages)], detail)
		for _, p := range all {
			if p.path == "" {
				continue
			}
			body := read(p).Body
			skip := false
			for _, e := range except {
				skip = skip || e == p.name
			}
			if want != "" && !skip && !strings.Contains(body, want) {
				t.Errorf("after %s: %s lacks %q", step, p.name, want)
			}
			if gone != "" && strings.Contains(body, gone) {
				t.Errorf("after %s: %s still has %q", step, p.name, gone)
			}
		}
	}
	idPath := func(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }
	post := func(step, path string, form url.Values) {
		t.Helper()
		if r := wa.post(path, form); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", step, r.StatusCode, r.Body)
		}
	}

	warm("create")
	id := evCreate(t, wa, evForm("Picnic alpha", "2025-06-12T12:00", "2025-06-12T14:00"))
	detail = pageCheck{"details", idPath(id), false}
	check("create", "alpha", "")

	warm("update")
	post("update", idPath(id), evForm("Picnic bravo", "2025-06-12T12:00", "2025-06-12T14:00"))
	check("update", "bravo", "alpha")

	warm("move")
	post("move", idPath(id), evForm("Picnic charlie", "2025-06-13T12:00", "2025-06-13T14:00"))
	check("move", "charlie", "bravo", "day list")
	if strings.Contains(rb.get("/events?date=2025-06-12").Body, "Picnic") {
		t.Error("after move: the old day's list still has the event")
	}

	warm("admin edit")
	if r := admin.post("/admin/events/"+strconv.FormatInt(id, 10), evForm("Picnic delta", "2025-06-13T12:00", "2025-06-13T14:00")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin edit: %d", r.StatusCode)
	}
	check("admin edit", "delta", "charlie", "day list")

	warm("time zone")
	post("time zone", "/settings", url.Values{"timezone": {"America/New_York"}, "week_start": {"1"}, "email": {""}})
	check("time zone", "06:00", "", "day list", "week fragment")
	warm("week start")
	post("week start", "/settings", url.Values{"timezone": {"Europe/Berlin"}, "week_start": {"0"}, "email": {""}})
	check("week start", "Sunday 8 June", "", "day list", "search page", "search fragment", "details")
	post("week start back", "/settings", url.Values{"timezone": {"Europe/Berlin"}, "week_start": {"1"}, "email": {""}})

	warm("delete")
	post("delete", idPath(id)+"/delete", nil)
	check("delete", "", "delta")
	if r := rb.get(detail.path); r.StatusCode != http.StatusNotFound {
		t.Fatalf("after delete: details %d", r.StatusCode)
	}

	sid := evCreate(t, wa, serForm("Picnic series", "2025-06-12T12:00", "2025-06-12T13:00", "FREQ=WEEKLY;COUNT=4"))
	detail = pageCheck{"details", idPath(sid), false}
	warm("delete one occurrence")
	post("delete one occurrence", idPath(sid)+"/delete?occ="+rid(6, 12, 10, 0), url.Values{"scope": {"this"}})
	check("delete one occurrence", "series", "", "day list", "week fragment")
	for _, p := range []pageCheck{pages[1], pages[2]} {
		if strings.Contains(read(p).Body, "Picnic series") {
			t.Errorf("after delete one occurrence: %s still has it", p.name)
		}
	}
	warm("edit following")
	later := serForm("Picnic later", "2025-06-19T12:00", "2025-06-19T13:00", "FREQ=WEEKLY;COUNT=3")
	later.Set("scope", "following")
	post("edit following", idPath(sid)+"?occ="+rid(6, 19, 10, 0), later)
	check("edit following", "later", "", "day list", "week fragment", "details")
	warm("delete the series")
	post("delete the series", idPath(sid)+"/delete", url.Values{"scope": {"all"}})
	detail = pageCheck{}
	check("delete the series", "", "series")

	warm("import")
	icsImport(t, wa, "picnic.ics", []byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"+
		"UID:picnic-import@example.com\r\nDTSTAMP:20250601T000000Z\r\nDTSTART:20250612T100000Z\r\nDTEND:20250612T110000Z\r\n"+
		"SUMMARY:Picnic imported\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"))
	check("import", "imported", "")

	warm("sign-in")
	post("sign-out", "/logout", nil)
	wa.login(u.Username, "correct horse battery")
	misses := b.H.cache.Counts()["page"][1]
	check("sign-in", "imported", "")
	if got := b.H.cache.Counts()["page"][1] - misses; got != uint64(len(pages)) {
		t.Errorf("after a new sign-in, %d of %d pages were misses", got, len(pages))
	}
}

// TestPageHitLogsWhatItStandsFor: a rendered-page hit writes the seed's
// hit lines of the lookups it stands for, and serves the same bytes as
// the render it stored, in each encoding.
func TestPageHitLogsWhatItStandsFor(t *testing.T) {
	ts := calServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	evCreate(t, c, evForm("Picnic", "2025-06-12T12:00", "2025-06-12T14:00"))
	path := "/calendar?view=week&date=2025-06-12"
	first := c.htmx(path)
	mark := len(ts.CacheLg.String())
	second := c.htmx(path)
	if first.Body != second.Body || queriesOf(t, second) != 0 {
		t.Fatalf("the stored fragment differs from the rendered one (%d SQL)", queriesOf(t, second))
	}
	uid := strconv.FormatInt(u.ID, 10)
	logged := ts.CacheLg.String()[mark:]
	for _, line := range []string{"Cache hit for page", "Cache hit for events on 2025-06-12 for user " + uid, "Cache hit for events on 2025-06-15 for user " + uid} {
		if !strings.Contains(logged, line) {
			t.Errorf("the cache log after a page hit lacks %q:\n%s", line, logged)
		}
	}
	// Brotli and identity carry the same bytes as gzip.
	for _, enc := range []string{"br", "identity"} {
		r := c.get(path, "HX-Request", "true", "Accept-Encoding", enc)
		body := r.Body
		if enc == "br" {
			if r.Header.Get("Content-Encoding") != "br" {
				t.Fatalf("Accept-Encoding br: Content-Encoding %q", r.Header.Get("Content-Encoding"))
			}
			b, err := io.ReadAll(brotli.NewReader(strings.NewReader(r.Body)))
			if err != nil {
				t.Fatal(err)
			}
			body = string(b)
		}
		if body != first.Body {
			t.Errorf("%s: the fragment differs from gzip's", enc)
		}
	}
	// A full page has this session's token around the stored content.
	page := c.get("/?view=week&date=2025-06-12")
	if !strings.Contains(page.Body, `name="csrf-token" content="`+c.csrf+`"`) || !strings.Contains(page.Body, "Picnic") {
		t.Fatal("the full page lacks the session's token or the content")
	}
}

// TestFramedPageEqualsRenderedPage: a full page from the rendered-pages
// cache, framed by the compressed layout with this session's token, is
// byte for byte the page rendered around the content for this request.
func TestFramedPageEqualsRenderedPage(t *testing.T) {
	ts := calServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	evCreate(t, c, evForm("Picnic", "2025-06-12T12:00", "2025-06-12T14:00"))
	for _, path := range []string{"/?view=month&date=2025-06-12", "/events?date=2025-06-12", "/search?q=picnic"} {
		c.get(path)                                         // stored
		framed := c.get(path)                               // gzip: the frame
		plain := c.get(path, "Accept-Encoding", "identity") // the layout rendered now
		if framed.Body != plain.Body || !strings.Contains(framed.Body, c.csrf) {
			t.Errorf("%s: the framed page differs from the rendered one", path)
		}
	}
	// frameKey holds every Shell field the layout shows; a new field must
	// join it (or be the token or the request id).
	if n, m := reflect.TypeFor[views.Shell]().NumField(), reflect.TypeFor[views.Viewer]().NumField(); n != 6 || m != 3 {
		t.Fatalf("views.Shell has %d fields and Viewer %d: update frameKey, then this test", n, m)
	}
}

// TestUncachedPageEqualsRenderedPage: with the cache off, a page written
// once through the compressed layout frame (gzip) is byte for byte the
// page rendered for a client without gzip, a full page with this
// session's token and a fragment alike.
func TestUncachedPageEqualsRenderedPage(t *testing.T) {
	ts := startServer(t, func(d *Deps) {
		d.Now = func() time.Time { return calNow }
		d.Config.CacheEnabled = false
	})
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	evCreate(t, c, evForm("Picnic", "2025-06-12T12:00", "2025-06-12T14:00"))
	for _, path := range []string{"/?view=month&date=2025-06-12", "/events?date=2025-06-12", "/search?q=picnic"} {
		framed := c.get(path, "Accept-Encoding", "gzip")
		plain := c.get(path, "Accept-Encoding", "identity")
		if framed.Header.Get("Content-Encoding") != "gzip" || plain.Header.Get("Content-Encoding") != "" {
			t.Fatalf("%s: encodings %q and %q", path, framed.Header.Get("Content-Encoding"), plain.Header.Get("Content-Encoding"))
		}
		body := gunzip(t, framed.Body)
		if body != plain.Body || !strings.Contains(body, `name="csrf-token" content="`+c.csrf+`"`) || !strings.Contains(body, "Picnic") {
			t.Errorf("%s: the framed page differs from the rendered one", path)
		}
	}
	frag := c.get("/calendar?view=month&date=2025-06-12", "HX-Request", "true", "Accept-Encoding", "gzip")
	plain := c.get("/calendar?view=month&date=2025-06-12", "HX-Request", "true", "Accept-Encoding", "identity")
	if body := gunzip(t, frag.Body); body != plain.Body || strings.Contains(body, "<html") || !strings.Contains(body, "Picnic") {
		t.Error("the month fragment compressed once differs from the rendered one")
	}
}

// gunzip is the body of a gzip response.
func gunzip(t *testing.T, body string) string {
	t.Helper()
	r, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
