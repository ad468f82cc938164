package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// TestMoveFromDetailPage: the detail page's Move forms (a date and time,
// +1 day, +1 week, next month) lead to the question, whose post moves the
// event (303, new times stored, the length kept); an occurrence is asked
// which events move; a view sharee gets no Move forms and a 403.
func TestMoveFromDetailPage(t *testing.T) {
	ts := startServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	id := evCreate(t, c, evForm("Call", "2026-12-10T09:00", "2026-12-10T10:30"))
	ev := "/events/" + strconv.FormatInt(id, 10)

	page := c.get(ev)
	wantBody(t, "detail page", page, `action="`+ev+`/move"`, `name="start" value="2026-12-10T09:00"`,
		`name="shift" value="1d">+1 day<`, `name="shift" value="1w">+1 week<`, `name="shift" value="1m">Next month, same day<`)
	wantBody(t, "dialog", c.htmx(ev), `hx-post="`+ev+`/move"`)

	moveBy := func(query string, wantStart time.Time) {
		t.Helper()
		q := c.get(ev + "/move?" + query)
		wantStatus(t, "question "+query, q, http.StatusOK)
		wantBody(t, "question "+query, q, "Moves to", `name="_csrf"`, ">Move</button>")
		form := url.Values{}
		if v, err := url.ParseQuery(query); err == nil {
			form = v
		}
		wantSeeOther(t, "move "+query, c.post(ev+"/move", form), ev)
		if s, e := times(t, id); !s.Equal(wantStart) || e.Sub(s) != 90*time.Minute {
			t.Fatalf("after %s: %v – %v, want a start at %v", query, s, e, wantStart)
		}
	}
	moveBy("shift=1d", time.Date(2026, 12, 11, 8, 0, 0, 0, time.UTC))
	moveBy("shift=1w", time.Date(2026, 12, 18, 8, 0, 0, 0, time.UTC))
	moveBy("shift=1m", time.Date(2027, 1, 18, 8, 0, 0, 0, time.UTC))
	moveBy("start=2027-01-20T14:15", time.Date(2027, 1, 20, 13, 15, 0, 0, time.UTC))
	wantStatus(t, "a bad start", c.get(ev+"/move?start=soon"), http.StatusUnprocessableEntity)

	sid := evCreate(t, c, serForm("Daily", "2027-03-01T08:00", "2027-03-01T08:15", "FREQ=DAILY;COUNT=5"))
	sev := "/events/" + strconv.FormatInt(sid, 10)
	occ := "2027-03-02T07:00:00Z"
	wantBody(t, "occurrence page", c.get(sev+"?occ="+occ), `name="occ" value="`+occ+`"`, `name="shift" value="1d"`)
	q := c.get(sev + "/move?occ=" + occ + "&shift=1d")
	wantBody(t, "occurrence question", q, "Move which events?", `value="this" checked`, "Only this event", `action="`+sev+`/move?occ=`+occ+`"`)
	wantSeeOther(t, "occurrence moved", c.post(sev+"/move?occ="+occ, url.Values{"shift": {"1d"}, "scope": {"this"}}), sev+"?occ="+occ)
	var n int
	_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE series_id = $1 AND starts_at = '2027-03-03 07:00Z'`, sid).Scan(&n)
	if n != 1 {
		t.Fatal("+1 day on an occurrence did not move it alone")
	}

	viewer, uv := evUser(t, ts, "UTC", "_v")
	family := calCreate(t, c, "Family", "teal")
	wantSeeOther(t, "share", c.post(calPath(family, "/shares"), url.Values{"username": {uv.Username}, "role": {"view"}}), calPath(family, "?done=shared"))
	shared := evForm("Picnic", "2026-12-12T12:00", "2026-12-12T13:00")
	shared.Set("calendar", strconv.FormatInt(family, 10))
	pid := "/events/" + strconv.FormatInt(evCreate(t, c, shared), 10)
	wantNoBody(t, "view sharee", viewer.get(pid), "/move", "+1 day")
	wantStatus(t, "view sharee's question", viewer.get(pid+"/move?shift=1d"), http.StatusForbidden)
}
