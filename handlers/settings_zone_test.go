package handlers

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A time zone change ends the user's other sessions: they carry the old
// zone and would otherwise refill the cache with days cut in it.
func TestTimezoneChangeEndsOtherSessions(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	here, there := ts.client(t), ts.client(t)
	here.login(name, goodPassword)
	there.login(name, goodPassword)

	here.get("/settings")
	r := here.post("/settings", url.Values{"email": {""}, "timezone": {"Asia/Tokyo"}, "week_start": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	if r := here.get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("the session that changed the zone was ended: %d", r.StatusCode)
	}
	if r := there.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Fatalf("the other session survived a zone change: %d", r.StatusCode)
	}

	// Saving without a zone change keeps other sessions.
	there.login(name, goodPassword)
	here.get("/settings")
	if r := here.post("/settings", url.Values{"email": {""}, "timezone": {"Asia/Tokyo"}, "week_start": {"0"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	if r := there.get("/"); r.StatusCode != http.StatusOK {
		t.Fatalf("a week-start change ended another session: %d", r.StatusCode)
	}
}
