package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// TestCalendarStrangers404 asks every calendar URL with every verb as
// someone who may not read the calendar: 404 each time, and nothing
// changes.
func TestCalendarStrangers404(t *testing.T) {
	ts := startServer(t)
	owner, uo := evUser(t, ts, "UTC", "_o")
	stranger, us := evUser(t, ts, "UTC", "_s")
	_, ub := evUser(t, ts, "UTC", "_b")
	work := calCreate(t, owner, "Work", "green")
	wantSeeOther(t, "share", owner.post(calPath(work, "/shares"), url.Values{"username": {ub.Username}, "role": {"edit"}}),
		calPath(work, "?done=shared"))
	bob := strconv.FormatInt(ub.ID, 10)

	for _, p := range []string{calPath(work, ""), calPath(work, ".ics"), calPath(work, "/delete"), "/calendars/x", "/calendars/0.ics"} {
		wantStatus(t, "GET "+p, stranger.get(p), http.StatusNotFound)
	}
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{calPath(work, ""), url.Values{"name": {"Mine"}, "color": {"red"}}},
		{calPath(work, ""), url.Values{"name": {""}}},
		{calPath(work, "/visible"), url.Values{"visible": {"on"}}},
		{calPath(work, "/visible"), nil},
		{calPath(work, "/shares"), url.Values{"username": {us.Username}, "role": {"edit"}}},
		{calPath(work, "/shares"), url.Values{"username": {""}, "role": {"x"}}},
		{calPath(work, "/shares/"+bob+"/delete"), nil},
		{calPath(work, "/leave"), nil},
		{calPath(work, "/delete"), nil},
		{"/calendars/x/delete", nil},
	} {
		wantStatus(t, "POST "+p.path, stranger.post(p.path, p.form), http.StatusNotFound)
		r := evSend(stranger, http.MethodPost, p.path, p.form, "HX-Request", "true")
		wantStatus(t, "htmx POST "+p.path, r, http.StatusNotFound)
	}
	if strings.Contains(stranger.get("/calendars").Body, "Work") {
		t.Error("the stranger lists the calendar")
	}
	r := owner.get(calPath(work, ""))
	wantBody(t, "owner's page after", r, "Work", ub.Username)
	wantNoBody(t, "owner's page after", r, "Mine", us.Username)
	calID(t, uo.ID, "Work")
}

// TestCalendarExport sends one calendar's events as an .ics download to
// its owner and its sharees.
func TestCalendarExport(t *testing.T) {
	ts := startServer(t)
	owner, uo := evUser(t, ts, "Europe/Berlin", "_o")
	bob, ub := evUser(t, ts, "UTC", "_b")
	work := calCreate(t, owner, "Work & Co", "green")
	inWork := evForm("Budget review", "2025-06-11T09:00", "2025-06-11T10:00")
	inWork.Set("calendar", strconv.FormatInt(work, 10))
	evCreate(t, owner, inWork)
	evCreate(t, owner, evForm("Dentist", "2025-06-12T09:00", "2025-06-12T10:00"))
	wantSeeOther(t, "share", owner.post(calPath(work, "/shares"), url.Values{"username": {ub.Username}, "role": {"view"}}),
		calPath(work, "?done=shared"))

	for who, c := range map[string]*client{"owner": owner, "sharee": bob} {
		r := c.get(calPath(work, ".ics"))
		wantStatus(t, who, r, http.StatusOK)
		if ct := r.Header.Get("Content-Type"); ct != icsContentType {
			t.Errorf("%s: Content-Type %q", who, ct)
		}
		if cd := r.Header.Get("Content-Disposition"); cd != `attachment; filename="WorkCo.ics"` {
			t.Errorf("%s: Content-Disposition %q", who, cd)
		}
		if !strings.Contains(r.Body, "SUMMARY:Budget review") || strings.Contains(r.Body, "Dentist") {
			t.Errorf("%s: the file holds the wrong events:\n%s", who, r.Body)
		}
	}
	personal := calID(t, uo.ID, "Personal")
	wantStatus(t, "another's personal", bob.get(calPath(personal, ".ics")), http.StatusNotFound)
}
