package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/events"
)

// createVia posts the event form and returns the new event's id.
func createVia(t *testing.T, c *client, form url.Values) int64 {
	t.Helper()
	r := c.post("/events", form)
	loc := r.Header.Get("Location")
	id, ok := events.ParseID(strings.TrimPrefix(strings.SplitN(loc, "?", 2)[0], "/events/"))
	if r.StatusCode != http.StatusSeeOther || !ok {
		t.Fatalf("create: %d %q %s", r.StatusCode, loc, r.Body)
	}
	return id
}

// times reads an event's start and end.
func times(t *testing.T, id int64) (time.Time, time.Time) {
	t.Helper()
	var s, e time.Time
	if err := env.Pool.QueryRow(context.Background(), `SELECT starts_at, ends_at FROM events WHERE id = $1`, id).Scan(&s, &e); err != nil {
		t.Fatal(err)
	}
	return s.UTC(), e.UTC()
}

func TestMoveKeepsTheLength(t *testing.T) {
	t.Parallel()
	ts := startServer(t)
	createUser(t, "mover", "pw-mover-123456", "UTC", false)
	createUser(t, "other", "pw-other-123456", "UTC", false)
	c := ts.client(t)
	c.login("mover", "pw-mover-123456")
	c.get("/")
	id := createVia(t, c, url.Values{"title": {"Call"}, "start": {"2026-12-10T09:00"}, "end": {"2026-12-10T10:30"}})
	move := func(id int64, form url.Values) *response {
		t.Helper()
		return c.post("/events/"+strconv.FormatInt(id, 10)+"/move", form)
	}
	if r := move(id, url.Values{"start": {"2026-12-11T14:00"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("move: %d %s", r.StatusCode, r.Body)
	}
	if s, e := times(t, id); !s.Equal(time.Date(2026, 12, 11, 14, 0, 0, 0, time.UTC)) || e.Sub(s) != 90*time.Minute {
		t.Fatalf("after a move: %v – %v", s, e)
	}
	if r := move(id, url.Values{"shift": {"1w"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("+1 week: %d", r.StatusCode)
	}
	if s, _ := times(t, id); !s.Equal(time.Date(2026, 12, 18, 14, 0, 0, 0, time.UTC)) {
		t.Fatalf("after +1 week: %v", s)
	}
	holiday := createVia(t, c, url.Values{"title": {"Trip"}, "start": {"2027-01-31"}, "end": {"2027-02-02"}, "all_day": {"on"}})
	if r := move(holiday, url.Values{"shift": {"1m"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("next month: %d %s", r.StatusCode, r.Body)
	}
	if s, e := times(t, holiday); !s.Equal(time.Date(2027, 2, 28, 0, 0, 0, 0, time.UTC)) || !e.Equal(time.Date(2027, 3, 3, 0, 0, 0, 0, time.UTC)) {
		t.Fatalf("an all-day event a month on (31 Jan → 28 Feb, three days): %v – %v", s, e)
	}
	if r := move(id, url.Values{"start": {"soon"}}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a bad start: %d", r.StatusCode)
	}
	o := ts.client(t)
	o.login("other", "pw-other-123456")
	o.get("/")
	if r := o.post("/events/"+strconv.FormatInt(id, 10)+"/move", url.Values{"shift": {"1d"}}); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another user's move: %d", r.StatusCode)
	}

	series := createVia(t, c, url.Values{"title": {"Daily"}, "start": {"2027-03-01T08:00"}, "end": {"2027-03-01T08:15"}, "rrule": {"FREQ=DAILY;COUNT=5"}})
	occ := events.FormatOcc(time.Date(2027, 3, 2, 8, 0, 0, 0, time.UTC))
	if r := c.post("/events/"+strconv.FormatInt(series, 10)+"/move?occ="+occ, url.Values{"start": {"2027-03-02T17:00"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("an occurrence: %d %s", r.StatusCode, r.Body)
	}
	var n int
	_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE series_id = $1 AND starts_at = '2027-03-02 17:00Z' AND ends_at = '2027-03-02 17:15Z'`, series).Scan(&n)
	if n != 1 {
		t.Fatal("moving one occurrence did not make its override at the new time")
	}
	if s, _ := times(t, series); !s.Equal(time.Date(2027, 3, 1, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("the series moved with its occurrence: %v", s)
	}
}
