package handlers

import (
	"net/http"
	"net/url"
	"testing"
)

// TestAdminUserCalendars: the users list links each user's calendars; the
// page names their own, whom each is shared with, and those shared with
// them.
func TestAdminUserCalendars(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	oc, owner := admUser(t, ts, "_o", "UTC", false)
	bc, bob := admUser(t, ts, "_b", "UTC", false)
	work := calCreate(t, oc, "Work", "green")
	wantSeeOther(t, "share", oc.post(calPath(work, "/shares"), url.Values{"username": {bob.Username}, "role": {"view"}}),
		calPath(work, "?done=shared"))
	calCreate(t, bc, "Family", "red")

	r := ac.get("/admin/users?q=" + url.QueryEscape(owner.Username))
	admWant(t, "users", r, http.StatusOK, `href="/admin/users/`+admID(owner.ID)+`/calendars"`)
	r = ac.get("/admin/users/" + admID(owner.ID) + "/calendars")
	admWant(t, "owner's calendars", r, http.StatusOK, "Calendars of "+owner.Username, "Personal", "Work",
		bob.Username+" (Can view)")
	r = ac.get("/admin/users/" + admID(bob.ID) + "/calendars")
	admWant(t, "bob's calendars", r, http.StatusOK, "Family", "Work", owner.Username, "Can view")
	admWant(t, "unknown user", ac.get("/admin/users/0/calendars"), http.StatusNotFound)
	admWant(t, "non-admin", oc.get("/admin/users/"+admID(bob.ID)+"/calendars"), http.StatusForbidden)
}
