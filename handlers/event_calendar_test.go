package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// calendarSelect is the event form's calendar select.
var calendarSelect = regexp.MustCompile(`(?s)<select id="event-calendar" name="calendar"[^>]*>.*?</select>`)

func selectOf(t *testing.T, what string, r *response) string {
	t.Helper()
	s := calendarSelect.FindString(r.Body)
	if s == "" {
		t.Fatalf("%s: no calendar select in %.500s", what, r.Body)
	}
	return s
}

func optionOf(id int64, selected bool) string {
	o := `<option value="` + strconv.FormatInt(id, 10) + `"`
	if selected {
		o += " selected"
	}
	return o + ">"
}

// TestEventFormCalendar: the event form offers the calendars I may write
// to (mine first), an event goes into the one chosen, the edit form shows
// it, and the details name it.
func TestEventFormCalendar(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "UTC", "_a")
	b, ub := evUser(t, ts, "UTC", "_b")
	work := calCreate(t, c, "Work", "green")
	team, read := calCreate(t, b, "Team", "red"), calCreate(t, b, "Read", "teal")
	for id, role := range map[int64]string{team: "edit", read: "view"} {
		wantSeeOther(t, "share", b.post(calPath(id, "/shares"), url.Values{"username": {u.Username}, "role": {role}}),
			calPath(id, "?done=shared"))
	}
	personal := calID(t, u.ID, "Personal")

	for what, r := range map[string]*response{"page": c.get("/events/new"), "dialog": c.htmx("/events/new")} {
		s := selectOf(t, what, r)
		if !strings.Contains(s, optionOf(personal, false)+"Personal<") || !strings.Contains(s, optionOf(work, false)+"Work<") ||
			!strings.Contains(s, optionOf(team, false)+"Team ("+ub.Username+")<") || strings.Contains(s, "Read") {
			t.Errorf("%s: the select offers %s", what, s)
		}
		if strings.Index(s, "Personal") > strings.Index(s, "Work") || strings.Index(s, "Work") > strings.Index(s, "Team") {
			t.Errorf("%s: own calendars do not come first: %s", what, s)
		}
	}

	form := evForm("Budget review", "2025-06-11T09:00", "2025-06-11T10:00")
	form.Set("calendar", strconv.FormatInt(work, 10))
	id := evCreate(t, c, form)
	if got := evMustStored(t, id, u.ID).CalendarID; got != work {
		t.Fatalf("the event is in calendar %d, want Work %d", got, work)
	}
	if got := evMustStored(t, evCreate(t, c, evForm("Dentist", "2025-06-12T09:00", "2025-06-12T10:00")), u.ID).CalendarID; got != personal {
		t.Errorf("an event without a calendar is in %d, want Personal %d", got, personal)
	}
	path := "/events/" + strconv.FormatInt(id, 10)
	if s := selectOf(t, "edit", c.get(path+"/edit")); !strings.Contains(s, optionOf(work, true)) {
		t.Errorf("the edit form does not preselect Work: %s", s)
	}
	wantBody(t, "details", c.get(path), "<dt>Calendar</dt>", `<a href="`+calPath(work, "")+`">Work</a>`)
	wantBody(t, "dialog", c.htmx(path), "<dt>Calendar</dt>", ">Work</a>")

	shared := evForm("Team lunch", "2025-06-13T12:00", "2025-06-13T13:00")
	shared.Set("calendar", strconv.FormatInt(team, 10))
	if got := evMustStored(t, evCreate(t, c, shared), ub.ID).CalendarID; got != team {
		t.Errorf("an event made in a calendar shared to edit is in %d, want Team %d", got, team)
	}

	// A calendar I may only read is refused; the form keeps everything.
	form.Set("calendar", strconv.FormatInt(read, 10))
	r := c.post("/events", form)
	wantStatus(t, "view-only calendar", r, http.StatusUnprocessableEntity)
	wantBody(t, "view-only calendar", r, `id="event-calendar-error"`, optionOf(read, true)+"(not available)", `value="Budget review"`)

	// The edit's re-render keeps the choice; a save moves the event.
	bad := evForm("", "2025-06-11T09:00", "2025-06-11T10:00")
	bad.Set("calendar", strconv.FormatInt(personal, 10))
	r = c.post(path, bad)
	wantStatus(t, "edit re-render", r, http.StatusUnprocessableEntity)
	if s := selectOf(t, "edit re-render", r); !strings.Contains(s, optionOf(personal, true)) {
		t.Errorf("the re-rendered edit form lost the choice: %s", s)
	}
	bad.Set("title", "Budget review")
	wantSeeOther(t, "move", c.post(path, bad), path)
	if got := evMustStored(t, id, u.ID).CalendarID; got != personal {
		t.Errorf("the moved event is in %d, want Personal %d", got, personal)
	}
}
