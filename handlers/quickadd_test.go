package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

// quickNow is Wednesday 2 December 2026, 11:00 in Berlin.
var quickNow = time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)

func quickServer(t *testing.T) (*client, db.User) {
	t.Helper()
	ts := startServer(t, func(d *Deps) { d.Now = func() time.Time { return quickNow } })
	return evUser(t, ts, "Europe/Berlin", "")
}

// quickEvent is the stored event a quick add was sent to.
type quickEvent struct {
	Title, Location, Rrule string
	Start, End             time.Time
	AllDay                 bool
	Calendar               int64
	Reminders              []int32
}

func quickStored(t *testing.T, r *response) quickEvent {
	t.Helper()
	wantStatus(t, "quick add", r, http.StatusSeeOther)
	id, ok := strings.CutPrefix(r.Header.Get("Location"), "/events/")
	if !ok {
		t.Fatalf("quick add went to %q", r.Header.Get("Location"))
	}
	var e quickEvent
	err := env.Pool.QueryRow(context.Background(), `SELECT title, location, coalesce(rrule, ''), starts_at, ends_at, all_day, calendar_id,
		ARRAY(SELECT minutes FROM event_reminders WHERE event_id = e.id ORDER BY minutes)::int[]
		FROM events e WHERE id = $1`, id).Scan(&e.Title, &e.Location, &e.Rrule, &e.Start, &e.End, &e.AllDay, &e.Calendar, &e.Reminders)
	if err != nil {
		t.Fatal(err)
	}
	e.Start, e.End = e.Start.UTC(), e.End.UTC()
	return e
}

// TestQuickAddPreview: the preview fragment says what would be added, in
// the user's zone, or what was not understood, in at most a kilobyte; the
// plain page shows the same with the text kept.
func TestQuickAddPreview(t *testing.T) {
	c, _ := quickServer(t)
	preview := func(text string) *response {
		t.Helper()
		r := c.htmx("/events/quick?text=" + url.QueryEscape(text))
		wantStatus(t, "preview "+text, r, http.StatusOK)
		if len(r.Body) > 1024 {
			t.Errorf("preview of %q is %d bytes", text, len(r.Body))
		}
		if strings.Contains(r.Body, "<html") || !strings.Contains(r.Header.Get("Vary"), "HX-Request") {
			t.Errorf("preview of %q is no fragment (Vary %q)", text, r.Header.Get("Vary"))
		}
		return r
	}
	wantBody(t, "dentist", preview("Dentist fri 9:30-10:15 at Main St 5"), "<b>Dentist</b>", "Fri 4 Dec 09:30–10:15", "at Main St 5")
	wantBody(t, "lunch", preview("Lunch with Ann tomorrow 13:00"), "<b>Lunch with Ann</b>", "Thu 3 Dec 13:00–14:00")
	wantBody(t, "holiday", preview("Holiday Dec 24-26"), "Thu 24 Dec – Sat 26 Dec, all day")
	wantBody(t, "standup", preview("Standup every weekday 9:15"), "<b>Standup</b>", "09:15–10:15", "weekday")
	wantBody(t, "no date", preview("Call the plumber"), "Found no date or time in “Call the plumber”")
	wantBody(t, "no title", preview("tomorrow 13:00"), "Thu 3 Dec 13:00–14:00", "Add what the event is")
	if r := preview("   "); strings.TrimSpace(r.Body) != "" {
		t.Errorf("an empty line previews %q", r.Body)
	}
	long := strings.Repeat("<&\"😀", 100) + " tomorrow 9:00 at " + strings.Repeat("\"<😀", 40)
	preview(long)

	page := c.get("/events/quick?text=" + url.QueryEscape("Dentist fri 9:30"))
	wantStatus(t, "page", page, http.StatusOK)
	wantBody(t, "page", page, "<h1>Quick add</h1>", `value="Dentist fri 9:30"`, "Fri 4 Dec 09:30–10:30", `name="_csrf"`)
}

// TestQuickAddCreates: Enter in the field adds the event to the first
// calendar through the event service (the default reminder included) and
// goes to it; a line that cannot be added comes back (422) with its text
// and what was not understood; the post needs the CSRF token.
func TestQuickAddCreates(t *testing.T) {
	c, u := quickServer(t)
	wantStatus(t, "default reminder", c.post("/settings/reminders", url.Values{"default_reminder": {"15"}}), http.StatusSeeOther)
	var first int64
	if err := env.Pool.QueryRow(context.Background(), `SELECT min(id) FROM calendars WHERE owner_id = $1`, u.ID).Scan(&first); err != nil {
		t.Fatal(err)
	}

	home := c.get("/")
	wantBody(t, "dashboard", home, `method="get" action="/events/quick" hx-post="/events/quick"`, `id="qa-t"`, `hx-get="/events/quick"`)
	wantNoBody(t, "settings", c.get("/settings"), `action="/events/quick"`)

	e := quickStored(t, c.post("/events/quick", url.Values{"text": {"Lunch with Ann tomorrow 13:00"}}))
	if e.Title != "Lunch with Ann" || !e.Start.Equal(time.Date(2026, 12, 3, 12, 0, 0, 0, time.UTC)) || e.End.Sub(e.Start) != time.Hour ||
		e.AllDay || e.Calendar != first || len(e.Reminders) != 1 || e.Reminders[0] != 15 {
		t.Errorf("lunch stored as %+v", e)
	}
	e = quickStored(t, c.post("/events/quick", url.Values{"text": {"Dentist fri 9:30-10:15 at Main St 5"}}))
	if e.Title != "Dentist" || e.Location != "Main St 5" || !e.Start.Equal(time.Date(2026, 12, 4, 8, 30, 0, 0, time.UTC)) || e.End.Sub(e.Start) != 45*time.Minute {
		t.Errorf("dentist stored as %+v", e)
	}
	e = quickStored(t, c.post("/events/quick", url.Values{"text": {"Holiday Dec 24-26"}}))
	if !e.AllDay || !e.Start.Equal(time.Date(2026, 12, 23, 23, 0, 0, 0, time.UTC)) || !e.End.Equal(time.Date(2026, 12, 26, 23, 0, 0, 0, time.UTC)) {
		t.Errorf("holiday stored as %+v", e)
	}
	e = quickStored(t, c.post("/events/quick", url.Values{"text": {"Standup every weekday 9:15"}}))
	if e.Rrule != "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR" || !e.Start.Equal(time.Date(2026, 12, 2, 8, 15, 0, 0, time.UTC)) {
		t.Errorf("standup stored as %+v", e)
	}

	count := func() (n int) {
		_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE user_id = $1`, u.ID).Scan(&n)
		return n
	}
	before := count()
	for text, msg := range map[string]string{
		"Call the plumber":                  "Found no date or time",
		"tomorrow 13:00":                    "Add what the event is",
		"Party Feb 30":                      "Feb 30",
		strings.Repeat("Long ", 50) + "fri": "at most 200 characters",
	} {
		r := c.post("/events/quick", url.Values{"text": {text}})
		wantStatus(t, "refused "+text, r, http.StatusUnprocessableEntity)
		wantBody(t, "refused "+text, r, `value="`+strings.TrimSpace(text)+`"`, `role="alert"`, msg)
	}
	r := c.send(http.MethodPost, "/events/quick", url.Values{"text": {"Lunch tomorrow 13:00"}})
	wantStatus(t, "no CSRF token", r, http.StatusForbidden)
	if n := count(); n != before {
		t.Errorf("refused quick adds stored %d events", n-before)
	}

	// The field's htmx post: the new event in the dialog, or the reason in
	// the preview.
	c.get("/") // a refused token empties the cookie: a new one
	hx := []string{"HX-Request", "true", "HX-Target", "qa-p", "X-CSRF-Token", c.csrf}
	r = c.send(http.MethodPost, "/events/quick", url.Values{"text": {"Yoga sat 10:00"}}, hx...)
	wantStatus(t, "htmx quick add", r, http.StatusOK)
	wantBody(t, "htmx quick add", r, `<dialog id="event-dialog"`, "Yoga", "Sat 5 Dec 2026, 10:00–11:00", `<form id="qa"`, `hx-swap-oob="true"`)
	wantNoBody(t, "htmx quick add", r, `value="Yoga`)
	if r.Header.Get("HX-Retarget") != "#dialog-root" || r.Header.Get("HX-Trigger") == "" {
		t.Errorf("htmx quick add: HX-Retarget %q, HX-Trigger %q", r.Header.Get("HX-Retarget"), r.Header.Get("HX-Trigger"))
	}
	r = c.send(http.MethodPost, "/events/quick", url.Values{"text": {"Yoga"}}, hx...)
	wantStatus(t, "htmx refused", r, http.StatusUnprocessableEntity)
	wantBody(t, "htmx refused", r, `<span class="qa-x">Found no date or time in “Yoga”`)
	wantNoBody(t, "htmx refused", r, "<html", "<h1")
}
