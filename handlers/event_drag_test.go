package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/eventcal/eventcal/events"
)

// dragHeaders are the headers of a drag's move: htmx, aimed at the calendar.
var dragHeaders = []string{"HX-Request", "true", "HX-Target", "calendar"}

// movePath is an event's move address.
func movePath(id int64, occ string) string {
	p := "/events/" + strconv.FormatInt(id, 10) + "/move"
	if occ != "" {
		p += "?occ=" + occ
	}
	return p
}

// wantTimes fails unless event id runs from start to end (UTC).
func wantTimes(t *testing.T, what string, id int64, start, end time.Time) {
	t.Helper()
	if s, e := times(t, id); !s.Equal(start) || !e.Equal(end) {
		t.Fatalf("%s: %v – %v, want %v – %v", what, s, e, start, end)
	}
}

func utc(m time.Month, d, hh, mm int) time.Time { return time.Date(2026, m, d, hh, mm, 0, 0, time.UTC) }

// TestMoveByEndAndByClock: `end` alone resizes, `start` with `end` sets
// both, `days` and `minutes` move on the clock keeping the length; an end
// before the start or a value that is no date or number is a 422 saying
// why, and changes nothing.
func TestMoveByEndAndByClock(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c, _ := evUser(t, ts, "UTC", "")
	id := evCreate(t, c, evForm("Call", "2026-12-10T09:00", "2026-12-10T10:30"))
	moved := func(what string, form url.Values, start, end time.Time) {
		t.Helper()
		wantStatus(t, what, c.post(movePath(id, ""), form), http.StatusSeeOther)
		wantTimes(t, what, id, start, end)
	}
	moved("end alone", url.Values{"end": {"2026-12-10T11:15"}}, utc(12, 10, 9, 0), utc(12, 10, 11, 15))
	moved("start and end", url.Values{"start": {"2026-12-11T08:00"}, "end": {"2026-12-11T08:45"}}, utc(12, 11, 8, 0), utc(12, 11, 8, 45))
	moved("a day and an hour", url.Values{"days": {"1"}, "minutes": {"60"}}, utc(12, 12, 9, 0), utc(12, 12, 9, 45))
	moved("back a week and 15 minutes", url.Values{"days": {"-7"}, "minutes": {"-15"}}, utc(12, 5, 8, 45), utc(12, 5, 9, 30))
	moved("minutes past midnight", url.Values{"minutes": {"930"}}, utc(12, 6, 0, 15), utc(12, 6, 1, 0))

	for _, bad := range []struct {
		what string
		form url.Values
		says string
	}{
		{"an end before the start", url.Values{"end": {"2026-12-05T23:00"}}, "The end cannot be before the start."},
		{"an end that is no time", url.Values{"end": {"later"}}, "Enter the end as a date and time"},
		{"days that are no number", url.Values{"days": {"two"}}, "number of days"},
		{"too many days", url.Values{"days": {"99999999"}}, "number of days"},
		{"minutes that are no number", url.Values{"days": {"1"}, "minutes": {"1.5"}}, "number of days"},
		{"nothing", url.Values{}, "number of days"},
	} {
		r := c.post(movePath(id, ""), bad.form)
		wantStatus(t, bad.what, r, http.StatusUnprocessableEntity)
		wantBody(t, bad.what, r, bad.says)
		wantTimes(t, bad.what+" changed nothing", id, utc(12, 6, 0, 15), utc(12, 6, 1, 0))
	}

	trip := evCreate(t, c, url.Values{"title": {"Trip"}, "start": {"2027-01-30"}, "end": {"2027-02-01"}, "all_day": {"on"}, "color": {"blue"}})
	wantStatus(t, "an all-day event's last day", c.post(movePath(trip, ""), url.Values{"end": {"2027-02-03"}}), http.StatusSeeOther)
	wantTimes(t, "an all-day event made longer", trip, time.Date(2027, 1, 30, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 4, 0, 0, 0, 0, time.UTC))
	wantStatus(t, "an all-day event by days", c.post(movePath(trip, ""), url.Values{"days": {"2"}}), http.StatusSeeOther)
	wantTimes(t, "an all-day event two days on", trip, time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 2, 6, 0, 0, 0, 0, time.UTC))
}

// TestMoveOnTheClockAcrossDST: a drag by a day and an hour keeps the wall
// clock on the day the clocks change.
func TestMoveOnTheClockAcrossDST(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	id := evCreate(t, c, evForm("Run", "2026-03-28T09:00", "2026-03-28T10:00")) // CET, UTC+1
	wantStatus(t, "move", c.post(movePath(id, ""), url.Values{"days": {"1"}, "minutes": {"60"}}), http.StatusSeeOther)
	wantTimes(t, "10:00 CEST on the day the clocks go forward", id, utc(3, 29, 8, 0), utc(3, 29, 9, 0))
}

// TestMoveInTheCalendarAnswersTheRegion: a move aimed at #calendar answers
// with the calendar region it names and a note whose Undo button moves the
// event back; the undo answers without a button. A refused drag answers
// the error alone (the calendar stays); a bad region address is a 400 and
// moves nothing.
func TestMoveInTheCalendarAnswersTheRegion(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c, _ := evUser(t, ts, "UTC", "")
	id := evCreate(t, c, evForm("Call", "2026-12-10T09:00", "2026-12-10T10:30"))
	const week = "/calendar?view=week&date=2026-12-07"
	r := c.post(movePath(id, ""), url.Values{"days": {"1"}, "minutes": {"60"}, "cal": {week}}, dragHeaders...)
	wantStatus(t, "drag", r, http.StatusOK)
	wantTimes(t, "after the drag", id, utc(12, 11, 10, 0), utc(12, 11, 11, 30))
	wantBody(t, "drag", r, `id="calendar"`, `hx-get="`+week+`"`, "Call</a>", `class="undo"`, "“Call” moved.", ">Undo</button>",
		`name="start" value="2026-12-10T09:00"`, `name="end" value="2026-12-10T10:30"`, `name="cal" value="`+week+`"`,
		`hx-post="`+movePath(id, "")+`"`, `hx-target="#calendar"`)
	wantNoBody(t, "drag", r, "<html", `name="scope"`)

	undo := url.Values{"start": {"2026-12-10T09:00"}, "end": {"2026-12-10T10:30"}, "cal": {week}, "undo": {"1"}}
	r = c.post(movePath(id, ""), undo, dragHeaders...)
	wantStatus(t, "undo", r, http.StatusOK)
	wantTimes(t, "after the undo", id, utc(12, 10, 9, 0), utc(12, 10, 10, 30))
	wantBody(t, "undo", r, `id="calendar"`, "“Call” is back where it was.")
	wantNoBody(t, "undo", r, ">Undo</button>")

	r = c.post(movePath(id, ""), url.Values{"end": {"2026-12-10T12:00"}, "cal": {"/?view=month&date=2026-12-01"}}, dragHeaders...)
	wantStatus(t, "resize on the dashboard's month", r, http.StatusOK)
	wantBody(t, "resize on the dashboard's month", r, `hx-get="/?view=month&date=2026-12-01"`, `name="end" value="2026-12-10T10:30"`)
	wantTimes(t, "after the resize", id, utc(12, 10, 9, 0), utc(12, 10, 12, 0))

	r = c.post(movePath(id, ""), url.Values{"end": {"2026-12-10T08:00"}, "cal": {week}}, dragHeaders...)
	wantStatus(t, "a drag to an end before the start", r, http.StatusUnprocessableEntity)
	wantBody(t, "a drag to an end before the start", r, `class="error"`, "<p>The end cannot be before the start.</p>")
	wantNoBody(t, "a drag to an end before the start", r, `id="calendar"`)

	for _, cal := range []string{"", "/admin", "/calendar?view=week&date=2026-13-01", "/calendar?view=fortnight&date=2026-12-01", "%zz"} {
		r := c.post(movePath(id, ""), url.Values{"days": {"1"}, "cal": {cal}}, dragHeaders...)
		wantStatus(t, "cal "+cal, r, http.StatusBadRequest)
		wantBody(t, "cal "+cal, r, "Say which calendar to show")
	}
	wantTimes(t, "after bad addresses", id, utc(12, 10, 9, 0), utc(12, 10, 12, 0))
}

var roChipRE = regexp.MustCompile(`class="ev c-[a-z]+ ro" href="/events/(\d+)"`)

// TestDragReadOnlyAndSeries: an event of a calendar shared to view is
// marked not draggable in the viewer's calendar (not in the owner's or an
// edit sharee's) and its move is a 403 that changes nothing; an edit
// sharee's drag moves it. A drag of an occurrence moves it alone (scope
// this) and its undo moves it back.
func TestDragReadOnlyAndSeries(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	owner, _ := evUser(t, ts, "UTC", "_o")
	viewer, uv := evUser(t, ts, "UTC", "_v")
	editor, ue := evUser(t, ts, "UTC", "_e")
	family := calCreate(t, owner, "Family", "teal")
	for u, role := range map[string]string{uv.Username: "view", ue.Username: "edit"} {
		wantStatus(t, "share", owner.post(calPath(family, "/shares"), url.Values{"username": {u}, "role": {role}}), http.StatusSeeOther)
	}
	form := evForm("Picnic", "2026-12-10T12:00", "2026-12-10T14:00")
	form.Set("calendar", strconv.FormatInt(family, 10))
	id := evCreate(t, owner, form)
	const week = "/calendar?view=week&date=2026-12-07"
	for who, c := range map[string]*client{"owner": owner, "editor": editor, "viewer": viewer} {
		m := roChipRE.FindStringSubmatch(c.get(week).Body)
		if ro := m != nil && m[1] == strconv.FormatInt(id, 10); ro != (who == "viewer") {
			t.Errorf("%s's week: the chip is read-only %v", who, ro)
		}
	}
	for _, h := range [][]string{nil, dragHeaders} {
		r := viewer.post(movePath(id, ""), url.Values{"days": {"1"}, "cal": {week}}, h...)
		wantStatus(t, "the viewer's move", r, http.StatusForbidden)
	}
	wantTimes(t, "after the viewer's moves", id, utc(12, 10, 12, 0), utc(12, 10, 14, 0))
	wantStatus(t, "the editor's drag", editor.post(movePath(id, ""), url.Values{"days": {"1"}, "cal": {week}}, dragHeaders...), http.StatusOK)
	wantTimes(t, "after the editor's drag", id, utc(12, 11, 12, 0), utc(12, 11, 14, 0))

	series := evCreate(t, owner, serForm("Standup", "2026-12-07T09:00", "2026-12-07T09:15", "FREQ=DAILY;COUNT=5"))
	occ := events.FormatOcc(utc(12, 8, 9, 0))
	r := owner.post(movePath(series, occ), url.Values{"days": {"1"}, "minutes": {"30"}, "scope": {"this"}, "cal": {week}}, dragHeaders...)
	wantStatus(t, "an occurrence's drag", r, http.StatusOK)
	wantBody(t, "an occurrence's drag", r, `name="scope" value="this"`, `hx-post="`+movePath(series, occ)+`"`, `name="start" value="2026-12-08T09:00"`)
	wantTimes(t, "the series after its occurrence's drag", series, utc(12, 7, 9, 0), utc(12, 7, 9, 15))
	if n := overridesAt(t, series, utc(12, 9, 9, 30)); n != 1 {
		t.Fatalf("the occurrence moved to 9 Dec 09:30 %d times, want once", n)
	}
	undo := url.Values{"start": {"2026-12-08T09:00"}, "end": {"2026-12-08T09:15"}, "scope": {"this"}, "cal": {week}, "undo": {"1"}}
	wantStatus(t, "the occurrence's undo", owner.post(movePath(series, occ), undo, dragHeaders...), http.StatusOK)
	if n := overridesAt(t, series, utc(12, 8, 9, 0)); n != 1 || overridesAt(t, series, utc(12, 9, 9, 30)) != 0 {
		t.Fatal("the undo did not put the occurrence back at 8 Dec 09:00")
	}
}

// overridesAt counts the occurrences of series moved to start at start.
func overridesAt(t *testing.T, series int64, start time.Time) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE series_id = $1 AND starts_at = $2`, series, start).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestDragAnswerBudget: the answer to a drag in a busy month (the region
// and the note) stays within a fragment's 4 KB gzip.
func TestDragAnswerBudget(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	titles := []string{"Team stand-up", "Lunch with Maria", "Dentist appointment", "Project review", "Birthday dinner at Luigi's"}
	var id int64
	for i := range 40 {
		start := time.Date(2025, 6, 1+i*3%30, 8+i%10, 15*(i%4), 0, 0, time.UTC)
		id = evCreate(t, c, evForm(titles[i%len(titles)], start.Format("2006-01-02T15:04"), start.Add(time.Hour).Format("2006-01-02T15:04")))
	}
	r := c.post(movePath(id, ""), url.Values{"days": {"7"}, "cal": {"/calendar?view=month&date=2025-06-12"}}, dragHeaders...)
	wantStatus(t, "drag", r, http.StatusOK)
	gz := calGzip(t, []byte(r.Body))
	t.Logf("the answer to a drag in a month of 40 events: %d bytes, %d gzip", len(r.Body), gz)
	if gz > 4096 {
		t.Errorf("the answer to a drag weighs %d bytes gzip, over 4096", gz)
	}
}
