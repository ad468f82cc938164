package handlers

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// evUser stores a user in zone tz and returns a client signed in as them.
func evUser(t *testing.T, ts *testServer, tz, suffix string) (*client, db.User) {
	t.Helper()
	name := uniqueName(t) + suffix
	u := createUser(t, name, "correct horse battery", tz, false)
	c := ts.client(t)
	c.login(name, "correct horse battery")
	c.get("/events/new") // the CSRF token rotates at sign-in
	return c, u
}

// evForm is a valid timed event's form.
func evForm(title, start, end string) url.Values {
	return url.Values{
		"title":       {title},
		"description": {""},
		"location":    {""},
		"start":       {start},
		"end":         {end},
		"color":       {"blue"},
	}
}

// evCreate posts the form as a browser without JS would and returns
// the new event's id from the 303.
func evCreate(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	r := c.post("/events", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: status %d, body %s", r.StatusCode, r.Body)
	}
	loc := r.Header.Get("Location")
	id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/events/"), 10, 64)
	if err != nil || !strings.HasPrefix(loc, "/events/") {
		t.Fatalf("create redirected to %q", loc)
	}
	return id
}

// evSend sends a form with any method, carrying the CSRF token both as
// the header htmx uses and as the form field.
func evSend(c *client, method, path string, form url.Values, headers ...string) *response {
	c.t.Helper()
	if c.csrf == "" {
		c.get("/login")
	}
	if form == nil {
		form = url.Values{}
	}
	form.Set("_csrf", c.csrf)
	return c.send(method, path, form, append([]string{"X-CSRF-Token", c.csrf}, headers...)...)
}

func evStored(t *testing.T, id, uid int64) (db.Event, error) {
	t.Helper()
	ev, err := env.Store.GetEvent(context.Background(), db.GetEventParams{ID: id, UserID: uid})
	return ev, db.NotFound(err)
}

func evMustStored(t *testing.T, id, uid int64) db.Event {
	t.Helper()
	ev, err := evStored(t, id, uid)
	if err != nil {
		t.Fatalf("event %d: %v", id, err)
	}
	return ev
}

func evCount(t *testing.T, uid int64) int64 {
	t.Helper()
	n, err := env.Store.CountUserEvents(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func evContains(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			t.Errorf("%s: missing %q", what, s)
		}
	}
}

func TestEventCreatePlainFormAndDetails(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	form := evForm("  Team sync  ", "2025-06-09T10:00", "2025-06-09T11:00")
	form.Set("description", "Line one\r\nLine <b>two</b>")
	form.Set("location", "Room 1")
	form.Set("color", "green")
	id := evCreate(t, c, form)

	ev := evMustStored(t, id, u.ID)
	if want := time.Date(2025, 6, 9, 8, 0, 0, 0, time.UTC); !ev.StartsAt.Equal(want) {
		t.Errorf("starts_at = %v, want %v", ev.StartsAt.UTC(), want)
	}
	if want := time.Date(2025, 6, 9, 9, 0, 0, 0, time.UTC); !ev.EndsAt.Equal(want) {
		t.Errorf("ends_at = %v, want %v", ev.EndsAt.UTC(), want)
	}
	if ev.Title != "Team sync" || ev.Description != "Line one\nLine <b>two</b>" || ev.Location != "Room 1" || ev.Color != "green" || ev.AllDay {
		t.Errorf("stored %+v", ev)
	}

	r := c.get("/events/" + strconv.FormatInt(id, 10))
	if r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("details: %d %q", r.StatusCode, r.Header.Get("Cache-Control"))
	}
	sid := strconv.FormatInt(id, 10)
	evContains(t, "details", r.Body,
		"<!doctype html>", "<h1>Team sync</h1>", "Mon 9 Jun 2025, 10:00–11:00", "Room 1",
		"Line one\nLine &lt;b&gt;two&lt;/b&gt;", "Green",
		`href="/calendar?view=month&amp;date=2025-06-09"`, "Back to calendar",
		`href="/events/`+sid+`/edit"`, `hx-post="/events/`+sid+`/delete"`,
		`hx-confirm="Delete “Team sync”?"`, `action="/events/`+sid+`/delete"`)
	if strings.Contains(r.Body, "<b>two") {
		t.Error("description is not escaped")
	}
	if r.Header.Get("Vary") == "" || !strings.Contains(r.Header.Get("Vary"), "HX-Request") {
		t.Errorf("Vary = %q", r.Header.Get("Vary"))
	}
}

func TestEventCreateHTMX(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	c.get("/events/new")
	r := c.post("/events", evForm("Lunch", "2025-06-10T12:00", "2025-06-10T13:00"),
		"HX-Request", "true", "HX-Target", "event-dialog", "HX-Current-URL", ts.URL+"/")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("htmx create: %d %s", r.StatusCode, r.Body)
	}
	if r.Header.Get("HX-Trigger") != "eventsChanged" {
		t.Errorf("HX-Trigger = %q", r.Header.Get("HX-Trigger"))
	}
	if r.Header.Get("HX-Retarget") != "#dialog-root" {
		t.Errorf("HX-Retarget = %q", r.Header.Get("HX-Retarget"))
	}
	evContains(t, "htmx create", r.Body, "<dialog", "data-autoshow", `aria-labelledby="event-dialog-title"`, "Lunch", "Tue 10 Jun 2025, 12:00–13:00")
	if strings.Contains(r.Body, "<html") {
		t.Error("htmx create answered a full page")
	}
	if n := evCount(t, u.ID); n != 1 {
		t.Errorf("%d events stored", n)
	}
}

func TestEventNewFormAndDialogs(t *testing.T) {
	ts := startServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")

	page := c.get("/events/new?date=2025-06-09")
	if page.StatusCode != http.StatusOK {
		t.Fatalf("new: %d", page.StatusCode)
	}
	evContains(t, "new page", page.Body, "<!doctype html>", `action="/events"`, `method="post"`, `name="_csrf"`,
		`name="title"`, `name="description"`, `name="location"`, `name="start"`, `name="end"`, `name="all_day"`, `name="color"`,
		`value="2025-06-09T09:00"`, `value="2025-06-09T10:00"`, `type="datetime-local"`, "Europe/Berlin",
		`<option value="teal"`, ">Purple<")
	if strings.Contains(page.Body, `hx-post="/events"`) {
		t.Error("the full-page form should be a plain form")
	}

	frag := c.htmx("/events/new?date=2025-06-09")
	if frag.StatusCode != http.StatusOK || strings.Contains(frag.Body, "<html") {
		t.Fatalf("new fragment: %d %s", frag.StatusCode, frag.Body)
	}
	evContains(t, "new dialog", frag.Body, `<dialog id="event-dialog"`, "data-autoshow", `aria-labelledby="event-dialog-title"`,
		`id="event-dialog-title"`, "data-close-dialog", `hx-post="/events"`, `hx-target="closest dialog"`, `action="/events"`,
		`value="2025-06-09T09:00"`)
	if !strings.Contains(frag.Header.Get("Vary"), "HX-Request") {
		t.Errorf("Vary = %q", frag.Header.Get("Vary"))
	}

	for _, q := range []string{"?date=garbage", "?date=2025-02-30", "", "?date=99999-01-01"} {
		if r := c.get("/events/new" + q); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, `name="start"`) {
			t.Errorf("new%s: %d", q, r.StatusCode)
		}
	}

	id := evCreate(t, c, evForm("Dialog", "2025-06-09T09:00", "2025-06-09T10:00"))
	sid := strconv.FormatInt(id, 10)
	for _, p := range []string{"/events/" + sid, "/events/" + sid + "/edit", "/events/" + sid + "/delete"} {
		r := c.htmx(p)
		if r.StatusCode != http.StatusOK || strings.Contains(r.Body, "<html") {
			t.Fatalf("%s fragment: %d", p, r.StatusCode)
		}
		evContains(t, p+" fragment", r.Body, "<dialog", "data-autoshow", `aria-labelledby="event-dialog-title"`, "data-close-dialog")
		// Swapped into the open dialog: its content only.
		in := c.get(p, "HX-Request", "true", "HX-Target", "event-dialog")
		if in.StatusCode != http.StatusOK || strings.Contains(in.Body, "<dialog") || !strings.Contains(in.Body, `id="event-dialog-title"`) {
			t.Errorf("%s into the dialog: %d %s", p, in.StatusCode, in.Body)
		}
	}
	edit := c.htmx("/events/" + sid + "/edit")
	evContains(t, "edit dialog", edit.Body, `hx-post="/events/`+sid+`"`, `hx-target="closest dialog"`, `action="/events/`+sid+`"`)
	details := c.htmx("/events/" + sid)
	evContains(t, "details dialog", details.Body, `hx-get="/events/`+sid+`/edit"`)

	// A 422 inside the dialog replaces the dialog's content.
	bad := evForm("", "2025-06-09T09:00", "2025-06-09T10:00")
	r := c.post("/events", bad, "HX-Request", "true", "HX-Target", "event-dialog")
	if r.StatusCode != http.StatusUnprocessableEntity || strings.Contains(r.Body, "<dialog") || !strings.Contains(r.Body, "Enter a title.") {
		t.Errorf("422 into the dialog: %d %s", r.StatusCode, r.Body)
	}
	if r.Header.Get("HX-Trigger") != "" {
		t.Errorf("a refused form triggered %q", r.Header.Get("HX-Trigger"))
	}
}

func TestEventValidationKeepsInput(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	c.get("/events/new")

	base := func() url.Values {
		return url.Values{
			"title":       {"Planning <day> & \"more\""},
			"description": {"Bring <notes> & 'ideas'\nsecond line"},
			"location":    {"Room \"B\""},
			"start":       {"2025-06-09T09:00"},
			"end":         {"2025-06-09T10:00"},
			"color":       {"purple"},
		}
	}
	cases := []struct {
		name  string
		edit  func(url.Values)
		field string
		msg   string
	}{
		{"empty title", func(f url.Values) { f.Set("title", "   ") }, "title", "Enter a title."},
		{"201-char title", func(f url.Values) { f.Set("title", strings.Repeat("é", 201)) }, "title", "at most 200 characters"},
		{"end before start", func(f url.Values) { f.Set("end", "2025-06-09T08:59") }, "end", "cannot be before the start"},
		{"garbage start", func(f url.Values) { f.Set("start", "tomorrow <b>") }, "start", "as a date and time"},
		{"garbage end", func(f url.Values) { f.Set("end", "2025-13-45T99:99") }, "end", "as a date and time"},
		{"empty start", func(f url.Values) { f.Set("start", "") }, "start", "Enter the start."},
		{"unknown colour", func(f url.Values) { f.Set("color", "magenta") }, "color", "Choose one of the listed colours."},
		{"long description", func(f url.Values) { f.Set("description", strings.Repeat("x", 10001)) }, "description", "10 000"},
		{"huge description", func(f url.Values) { f.Set("description", strings.Repeat("ü", 100000)) }, "description", "at most 10 000"},
		{"long location", func(f url.Values) { f.Set("location", strings.Repeat("L", 201)) }, "location", "at most 200"},
		{"invalid UTF-8 title", func(f url.Values) { f.Set("title", "ok\xff\xfe") }, "title", "not valid text"},
		{"NUL in location", func(f url.Values) { f.Set("location", "a\x00b") }, "location", "control characters"},
		{"invalid UTF-8 start", func(f url.Values) { f.Set("start", "2025-06-09T\xff") }, "start", "as a date and time"},
		{"year out of range", func(f url.Values) { f.Set("end", "9999-12-31T23:00") }, "end", "year between"},
		{"all-day last before first", func(f url.Values) {
			f.Set("all_day", "on")
			f.Set("start", "2025-06-09")
			f.Set("end", "2025-06-08")
		}, "end", "last day cannot be before the first day"},
		{"all-day garbage", func(f url.Values) { f.Set("all_day", "on"); f.Set("start", "9 June") }, "start", "as a date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := base()
			tc.edit(f)
			r := c.post("/events", f)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422; body %.500s", r.StatusCode, r.Body)
			}
			evContains(t, tc.name, r.Body, tc.msg, `role="alert"`,
				`aria-describedby="event-`+tc.field+`-error`, `id="event-`+tc.field+`-error"`)
			if !regexp.MustCompile(`id="event-` + regexp.QuoteMeta(tc.field) + `"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="event-` + regexp.QuoteMeta(tc.field) + `"`).MatchString(r.Body) {
				t.Errorf("field %s is not marked invalid", tc.field)
			}
			// Everything typed comes back (invalid UTF-8 replaced).
			for _, k := range []string{"title", "location", "start", "end", "color"} {
				v := strings.ToValidUTF8(f.Get(k), "\uFFFD")
				if !strings.Contains(r.Body, `value="`+html.EscapeString(v)+`"`) {
					t.Errorf("%s %.60q not kept", k, v)
				}
			}
			if d := strings.ToValidUTF8(f.Get("description"), "\uFFFD"); !strings.Contains(r.Body, ">"+html.EscapeString(d)+"</textarea>") {
				t.Errorf("description not kept")
			}
			if f.Get("all_day") == "on" && !strings.Contains(r.Body, "checked") {
				t.Error("all day not kept")
			}
		})
	}
	if n := evCount(t, u.ID); n != 0 {
		t.Fatalf("refused forms stored %d events", n)
	}

	// The limits count characters, not bytes; the title is trimmed.
	f := base()
	f.Set("title", "  "+strings.Repeat("é", 200)+"  ")
	f.Set("description", strings.Repeat("ü", 10000))
	id := evCreate(t, c, f)
	if ev := evMustStored(t, id, u.ID); ev.Title != strings.Repeat("é", 200) {
		t.Errorf("title %q", ev.Title)
	}
	// No colour is the calendar's (stored as none); an end equal to the
	// start is fine.
	f = evForm("Instant", "2025-06-09T09:00", "2025-06-09T09:00")
	f.Del("color")
	id = evCreate(t, c, f)
	if ev := evMustStored(t, id, u.ID); ev.Color != "" || !ev.StartsAt.Equal(ev.EndsAt) {
		t.Errorf("stored %+v", ev)
	}
}

func TestEventAllDay(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	f := evForm("Conference", "2025-06-09", "2025-06-11")
	f.Set("all_day", "on")
	id := evCreate(t, c, f)
	ev := evMustStored(t, id, u.ID)
	if !ev.AllDay ||
		!ev.StartsAt.Equal(time.Date(2025, 6, 8, 22, 0, 0, 0, time.UTC)) ||
		!ev.EndsAt.Equal(time.Date(2025, 6, 11, 22, 0, 0, 0, time.UTC)) {
		t.Fatalf("stored %v – %v all-day %v, want local midnights 2025-06-09 and 2025-06-12", ev.StartsAt.UTC(), ev.EndsAt.UTC(), ev.AllDay)
	}
	sid := strconv.FormatInt(id, 10)
	evContains(t, "details", c.get("/events/"+sid).Body, "Mon 9 – Wed 11 Jun 2025 (all day)")
	edit := c.get("/events/" + sid + "/edit")
	evContains(t, "edit", edit.Body, `value="2025-06-09"`, `value="2025-06-11"`, `type="date"`, "checked")

	// Date-times: only the date part counts; an empty end is the first day.
	f = evForm("Holiday", "2025-06-30T15:00", "2025-07-02T08:00")
	f.Set("all_day", "on")
	id = evCreate(t, c, f)
	ev = evMustStored(t, id, u.ID)
	if !ev.StartsAt.Equal(time.Date(2025, 6, 29, 22, 0, 0, 0, time.UTC)) || !ev.EndsAt.Equal(time.Date(2025, 7, 2, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %v – %v", ev.StartsAt.UTC(), ev.EndsAt.UTC())
	}
	evContains(t, "details", c.get("/events/"+strconv.FormatInt(id, 10)).Body, "Mon 30 Jun – Wed 2 Jul 2025 (all day)")

	f = evForm("Birthday", "2025-12-31", "")
	f.Set("all_day", "on")
	id = evCreate(t, c, f)
	evContains(t, "details", c.get("/events/"+strconv.FormatInt(id, 10)).Body, "Wed 31 Dec 2025 (all day)")

	// The DST change inside an all-day span keeps local midnights.
	f = evForm("Spring", "2025-03-29", "2025-03-30")
	f.Set("all_day", "on")
	id = evCreate(t, c, f)
	ev = evMustStored(t, id, u.ID)
	if !ev.StartsAt.Equal(time.Date(2025, 3, 28, 23, 0, 0, 0, time.UTC)) || !ev.EndsAt.Equal(time.Date(2025, 3, 30, 22, 0, 0, 0, time.UTC)) {
		t.Errorf("stored %v – %v", ev.StartsAt.UTC(), ev.EndsAt.UTC())
	}
}

func TestEventDSTGapMovesForward(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	id := evCreate(t, c, evForm("Early", "2025-03-30T02:30", "2025-03-30T04:00"))
	ev := evMustStored(t, id, u.ID)
	if want := time.Date(2025, 3, 30, 1, 30, 0, 0, time.UTC); !ev.StartsAt.Equal(want) {
		t.Errorf("starts_at = %v, want %v (03:30 CEST)", ev.StartsAt.UTC(), want)
	}
	evContains(t, "details", c.get("/events/"+strconv.FormatInt(id, 10)).Body, "Sun 30 Mar 2025, 03:30–04:00")
	evContains(t, "edit", c.get("/events/"+strconv.FormatInt(id, 10)+"/edit").Body, `value="2025-03-30T03:30"`)
}

func TestEventEditUpdatesAndCacheIsFresh(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "America/New_York", "")
	id := evCreate(t, c, evForm("Old title", "2025-06-09T09:00", "2025-06-09T10:00"))
	path := "/events/" + strconv.FormatInt(id, 10)

	first := c.get(path)
	if first.StatusCode != http.StatusOK || first.Header.Get("X-DB-Queries") == "0" {
		t.Fatalf("first read: %d, %s queries", first.StatusCode, first.Header.Get("X-DB-Queries"))
	}
	again := c.get(path)
	if again.Header.Get("X-DB-Queries") != "0" || !strings.Contains(again.Body, "Old title") {
		t.Fatalf("repeated read ran %s queries", again.Header.Get("X-DB-Queries"))
	}

	edit := c.get(path + "/edit")
	evContains(t, "edit", edit.Body, `value="Old title"`, `value="2025-06-09T09:00"`, `value="2025-06-09T10:00"`, `action="`+path+`"`)

	f := evForm("New title", "2025-06-12T14:00", "2025-06-12T15:30")
	f.Set("color", "teal")
	r := c.post(path, f)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("update: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	fresh := c.get(path)
	evContains(t, "after update", fresh.Body, "New title", "Thu 12 Jun 2025, 14:00–15:30", "Teal")
	if strings.Contains(fresh.Body, "Old title") {
		t.Error("stale details after the update")
	}
	ev := evMustStored(t, id, u.ID)
	if ev.Title != "New title" || !ev.StartsAt.Equal(time.Date(2025, 6, 12, 18, 0, 0, 0, time.UTC)) || ev.Color != "teal" {
		t.Errorf("stored %+v", ev)
	}
	if hit := c.get(path); hit.Header.Get("X-DB-Queries") != "0" {
		t.Errorf("read after refill ran %s queries", hit.Header.Get("X-DB-Queries"))
	}

	// PUT from htmx: the details come back with HX-Trigger.
	r = evSend(c, http.MethodPut, path, evForm("Put title", "2025-06-12T14:00", "2025-06-12T15:00"), "HX-Request", "true")
	if r.StatusCode != http.StatusOK || r.Header.Get("HX-Trigger") != "eventsChanged" || !strings.Contains(r.Body, "Put title") {
		t.Fatalf("htmx PUT: %d %q %s", r.StatusCode, r.Header.Get("HX-Trigger"), r.Body)
	}
	evContains(t, "after PUT", c.get(path).Body, "Put title")

	// A plain PUT redirects like a POST.
	r = evSend(c, http.MethodPut, path, evForm("Plain put", "2025-06-12T14:00", "2025-06-12T15:00"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path {
		t.Fatalf("plain PUT: %d %q", r.StatusCode, r.Header.Get("Location"))
	}

	// A refused update keeps the input and changes nothing.
	bad := evForm("", "2025-06-12T14:00", "2025-06-12T15:00")
	bad.Set("location", "Somewhere")
	r = c.post(path, bad)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="Somewhere"`) || !strings.Contains(r.Body, `action="`+path+`"`) {
		t.Fatalf("refused update: %d", r.StatusCode)
	}
	if ev := evMustStored(t, id, u.ID); ev.Title != "Plain put" {
		t.Errorf("refused update changed the title to %q", ev.Title)
	}
}

func TestEventWritesInvalidateDates(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	ctx := context.Background()
	var loaded []string
	days := func() {
		t.Helper()
		loaded = nil
		_, err := ts.H.cache.Days(ctx, u.ID, []string{"2025-06-09", "2025-06-12"}, func(_ context.Context, missing []string) (map[string][]db.Event, error) {
			loaded = append(loaded, missing...)
			return nil, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	days()
	days()
	if len(loaded) != 0 {
		t.Fatalf("cache not filled: loaded %v", loaded)
	}
	id := evCreate(t, c, evForm("Moves", "2025-06-09T23:00", "2025-06-09T23:30"))
	days()
	if strings.Join(loaded, ",") != "2025-06-09" {
		t.Errorf("after create loaded %v", loaded)
	}
	path := "/events/" + strconv.FormatInt(id, 10)
	if r := c.post(path, evForm("Moves", "2025-06-12T08:00", "2025-06-12T09:00")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update %d", r.StatusCode)
	}
	days()
	if strings.Join(loaded, ",") != "2025-06-09,2025-06-12" {
		t.Errorf("after moving loaded %v, want both the old and the new date", loaded)
	}
	if r := c.post(path+"/delete", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete %d", r.StatusCode)
	}
	days()
	if strings.Join(loaded, ",") != "2025-06-12" {
		t.Errorf("after delete loaded %v", loaded)
	}
}

func TestEventDelete(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")
	id := evCreate(t, c, evForm("Dentist", "2025-06-09T00:30", "2025-06-09T01:00"))
	path := "/events/" + strconv.FormatInt(id, 10)
	c.get(path) // cached

	confirm := c.get(path + "/delete")
	if confirm.StatusCode != http.StatusOK {
		t.Fatalf("confirm page: %d", confirm.StatusCode)
	}
	evContains(t, "confirm", confirm.Body, "Delete “Dentist”?", `method="post"`, `action="`+path+`/delete"`, `name="_csrf"`, "Mon 9 Jun 2025, 00:30–01:00")

	r := c.post(path+"/delete", nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/calendar?view=month&date=2025-06-09" {
		t.Fatalf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if _, err := evStored(t, id, u.ID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("row still there: %v", err)
	}
	if r := c.get(path); r.StatusCode != http.StatusNotFound {
		t.Fatalf("details after delete: %d", r.StatusCode)
	}
	if r := c.post(path+"/delete", nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("second delete: %d", r.StatusCode)
	}

	// DELETE from htmx in the dialog: an empty 200 that triggers eventsChanged.
	id = evCreate(t, c, evForm("Gym", "2025-06-10T18:00", "2025-06-10T19:00"))
	path = "/events/" + strconv.FormatInt(id, 10)
	r = evSend(c, http.MethodDelete, path, nil, "HX-Request", "true", "HX-Current-URL", ts.URL+"/calendar?view=month&date=2025-06-01")
	if r.StatusCode != http.StatusOK || r.Body != "" || r.Header.Get("HX-Trigger") != "eventsChanged" || r.Header.Get("HX-Redirect") != "" {
		t.Fatalf("htmx DELETE: %d %q %q %q", r.StatusCode, r.Body, r.Header.Get("HX-Trigger"), r.Header.Get("HX-Redirect"))
	}
	if n := evCount(t, u.ID); n != 0 {
		t.Fatalf("%d events left", n)
	}

	// From the event's own page, htmx is also sent to the calendar.
	id = evCreate(t, c, evForm("Swim", "2025-07-01T07:00", "2025-07-01T08:00"))
	path = "/events/" + strconv.FormatInt(id, 10)
	r = c.post(path+"/delete", nil, "HX-Request", "true", "HX-Current-URL", ts.URL+path)
	if r.StatusCode != http.StatusOK || r.Body != "" || r.Header.Get("HX-Redirect") != "/calendar?view=month&date=2025-07-01" {
		t.Fatalf("htmx delete from the page: %d %q %q", r.StatusCode, r.Body, r.Header.Get("HX-Redirect"))
	}

	// A plain DELETE redirects like the form.
	id = evCreate(t, c, evForm("Run", "2025-07-02T07:00", "2025-07-02T08:00"))
	r = evSend(c, http.MethodDelete, "/events/"+strconv.FormatInt(id, 10), nil)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/calendar?view=month&date=2025-07-02" {
		t.Fatalf("plain DELETE: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestEventOtherUsersAndBadIDsAre404(t *testing.T) {
	ts := startServer(t)
	owner, ou := evUser(t, ts, "Europe/Berlin", "_a")
	other, _ := evUser(t, ts, "Europe/Berlin", "_b")
	id := evCreate(t, owner, evForm("Private", "2025-06-09T09:00", "2025-06-09T10:00"))
	owner.get("/events/" + strconv.FormatInt(id, 10)) // in the cache too
	before := evMustStored(t, id, ou.ID)
	other.get("/")

	type verb struct {
		method, suffix string
		form           url.Values
	}
	verbs := []verb{
		{http.MethodGet, "", nil},
		{http.MethodGet, "/edit", nil},
		{http.MethodGet, "/delete", nil},
		{http.MethodPost, "", evForm("Hijacked", "2025-06-09T09:00", "2025-06-09T10:00")},
		{http.MethodPost, "", evForm("", "bad", "")}, // invalid too: still 404, not 422
		{http.MethodPut, "", evForm("Hijacked", "2025-06-09T09:00", "2025-06-09T10:00")},
		{http.MethodPost, "/delete", nil},
		{http.MethodDelete, "", nil},
	}
	ids := []string{strconv.FormatInt(id, 10), "999999999", "abc", "-1", "0", "+5", "99999999999999999999", "5.ics", "1e3", "%20" + strconv.FormatInt(id, 10)}
	requestIDPattern := regexp.MustCompile(`[0-9a-f]{16}`)
	var want string
	for _, idText := range ids {
		for _, v := range verbs {
			for _, hx := range []bool{false, true} {
				path := "/events/" + idText + v.suffix
				var headers []string
				if hx {
					headers = []string{"HX-Request", "true"}
				}
				var r *response
				if v.method == http.MethodGet {
					r = other.get(path, headers...)
				} else {
					form := url.Values{}
					for k, vals := range v.form {
						form[k] = append([]string(nil), vals...)
					}
					r = evSend(other, v.method, path, form, headers...)
				}
				if r.StatusCode != http.StatusNotFound {
					t.Errorf("%s %s (htmx %v): %d, want 404", v.method, path, hx, r.StatusCode)
					continue
				}
				if hx {
					continue
				}
				body := requestIDPattern.ReplaceAllString(metaCSRF.ReplaceAllString(r.Body, ""), "")
				if want == "" {
					want = body
				} else if body != want {
					t.Errorf("%s %s: a different 404 page:\n%s\nwant\n%s", v.method, path, body, want)
				}
			}
		}
	}
	after := evMustStored(t, id, ou.ID)
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the owner's event changed: %+v -> %+v", before, after)
	}
	if r := owner.get("/events/" + strconv.FormatInt(id, 10)); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Private") {
		t.Errorf("owner's details: %d", r.StatusCode)
	}

	// Signed out: to the login page, never a 404 or the event.
	anon := ts.client(t)
	if r := anon.get("/events/" + strconv.FormatInt(id, 10)); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("signed out: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if r := anon.get("/events/new"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out new: %d", r.StatusCode)
	}
}

func TestEventWhenText(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip(err)
	}
	at := func(y int, m time.Month, d, hh, mm int) time.Time { return time.Date(y, m, d, hh, mm, 0, 0, berlin) }
	cases := []struct {
		start, end time.Time
		allDay     bool
		want       string
	}{
		{at(2025, 6, 9, 9, 0), at(2025, 6, 9, 10, 0), false, "Mon 9 Jun 2025, 09:00–10:00"},
		{at(2025, 6, 9, 9, 0), at(2025, 6, 9, 9, 0), false, "Mon 9 Jun 2025, 09:00"},
		{at(2025, 6, 9, 22, 0), at(2025, 6, 10, 0, 0), false, "Mon 9 Jun 2025, 22:00–00:00"},
		{at(2025, 6, 9, 22, 0), at(2025, 6, 10, 2, 0), false, "Mon 9 Jun 2025, 22:00 – Tue 10 Jun 2025, 02:00"},
		{at(2025, 6, 9, 0, 0), at(2025, 6, 10, 0, 0), true, "Mon 9 Jun 2025 (all day)"},
		{at(2025, 6, 9, 0, 0), at(2025, 6, 12, 0, 0), true, "Mon 9 – Wed 11 Jun 2025 (all day)"},
		{at(2025, 6, 30, 0, 0), at(2025, 7, 3, 0, 0), true, "Mon 30 Jun – Wed 2 Jul 2025 (all day)"},
		{at(2025, 12, 31, 0, 0), at(2026, 1, 2, 0, 0), true, "Wed 31 Dec 2025 – Thu 1 Jan 2026 (all day)"},
	}
	for _, tc := range cases {
		if got := views.WhenText(tc.start, tc.end, tc.allDay, berlin, calendar.Clock24); got != tc.want {
			t.Errorf("views.WhenText(%v, %v, %v) = %q, want %q", tc.start, tc.end, tc.allDay, got, tc.want)
		}
	}
}

func TestParseEventID(t *testing.T) {
	for s, want := range map[string]int64{"1": 1, "42": 42, "9223372036854775807": 9223372036854775807} {
		if got, ok := parseID(s); !ok || got != want {
			t.Errorf("parseID(%q) = %d, %v", s, got, ok)
		}
	}
	for _, s := range []string{"", "0", "-1", "+1", "abc", "5.ics", "1e3", " 1", "9223372036854775808", "99999999999999999999"} {
		if _, ok := parseID(s); ok {
			t.Errorf("parseID(%q) accepted", s)
		}
	}
}

// TestEventCreateOverQuota: past the event quota the form comes back (422)
// with what was typed and why.
func TestEventCreateOverQuota(t *testing.T) {
	ts := startServer(t, func(d *Deps) { d.Config.MaxUserEvents = 1 })
	c, u := evUser(t, ts, "Europe/Berlin", "")
	evCreate(t, c, evForm("First", "2025-06-09T10:00", "2025-06-09T11:00"))
	r := c.post("/events", evForm("Second one", "2025-06-10T10:00", "2025-06-10T11:00"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("second event past a quota of 1: %d", r.StatusCode)
	}
	evContains(t, "refused form", r.Body, "You can keep at most 1 event;", `value="Second one"`)
	var n int
	if err := env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM events WHERE user_id = $1", u.ID).Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d events stored (%v), want 1", n, err)
	}
}
