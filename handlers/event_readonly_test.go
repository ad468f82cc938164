package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"
)

// TestViewShareeCannotChangeEvents: an event in a calendar shared to view
// shows its details with no Edit or Delete (page and dialog, single event,
// series and occurrence), and its edit form, delete confirmation and
// scope question, delete and update answer 403 and change nothing; an
// edit sharee and the owner get the controls and the forms.
func TestViewShareeCannotChangeEvents(t *testing.T) {
	ts := startServer(t)
	owner, uo := evUser(t, ts, "UTC", "_o")
	viewer, uv := evUser(t, ts, "UTC", "_v")
	editor, ue := evUser(t, ts, "UTC", "_e")
	family := calCreate(t, owner, "Family", "teal")
	for u, role := range map[string]string{uv.Username: "view", ue.Username: "edit"} {
		wantSeeOther(t, "share", owner.post(calPath(family, "/shares"), url.Values{"username": {u}, "role": {role}}),
			calPath(family, "?done=shared"))
	}
	cal := strconv.FormatInt(family, 10)
	single := evForm("Grandma's birthday", "2025-06-11T09:00", "2025-06-11T10:00")
	single.Set("calendar", cal)
	series := serForm("Swimming", "2025-06-12T17:00", "2025-06-12T18:00", "FREQ=WEEKLY;COUNT=3")
	series.Set("calendar", cal)
	id, sid := evCreate(t, owner, single), evCreate(t, owner, series)
	ev, sev := "/events/"+strconv.FormatInt(id, 10), "/events/"+strconv.FormatInt(sid, 10)
	occ := "?occ=" + rid(time.June, 19, 17, 0)

	const edit, del = ">Edit</a>", ">Delete</button>"
	for _, p := range []struct{ path, title string }{{ev, "Grandma"}, {sev, "Swimming"}, {sev + occ, "Swimming"}} {
		for what, r := range map[string]*response{"page": viewer.get(p.path), "dialog": viewer.htmx(p.path)} {
			wantStatus(t, "viewer "+what+" "+p.path, r, http.StatusOK)
			wantBody(t, "viewer "+what+" "+p.path, r, p.title, ">Family</a>", "Back to calendar")
			wantNoBody(t, "viewer "+what+" "+p.path, r, edit, del, "/edit", "/delete")
		}
		for who, c := range map[string]*client{"owner": owner, "editor": editor} {
			wantBody(t, who+" "+p.path, c.get(p.path), edit, del)
			wantBody(t, who+" dialog "+p.path, c.htmx(p.path), edit, del)
			wantStatus(t, who+" edit form "+p.path, c.get(withSuffix(p.path, "/edit")), http.StatusOK)
		}
	}

	forbidden := []struct {
		method, path string
		form         url.Values
	}{
		{http.MethodGet, ev + "/edit", nil},
		{http.MethodGet, sev + "/edit", nil},
		{http.MethodGet, sev + "/edit" + occ, nil},
		{http.MethodGet, ev + "/delete", nil},
		{http.MethodGet, sev + "/delete" + occ, nil},
		{http.MethodPost, ev + "/delete", nil},
		{http.MethodPost, sev + "/delete" + occ, nil}, // no scope: no question either
		{http.MethodPost, sev + "/delete" + occ, url.Values{"scope": {"this"}}},
		{http.MethodPost, sev + "/delete", nil},
		{http.MethodDelete, ev, nil},
		{http.MethodPost, ev, evForm("Mine now", "2025-06-11T09:00", "2025-06-11T10:00")},
		{http.MethodPost, ev, evForm("", "2025-06-11T09:00", "2025-06-11T10:00")},                // invalid: no form back either
		{http.MethodPost, sev + occ, evForm("Mine now", "2025-06-19T17:00", "2025-06-19T18:00")}, // no scope: no question
	}
	for _, f := range forbidden {
		what := f.method + " " + f.path
		var r *response
		if f.method == http.MethodGet {
			r = viewer.get(f.path)
		} else {
			r = evSend(viewer, f.method, f.path, f.form)
		}
		wantStatus(t, what, r, http.StatusForbidden)
		wantBody(t, what, r, "You may look at this, but not change it.")
		wantNoBody(t, what, r, `name="title"`, `name="scope"`)
		r = evSend(viewer, f.method, f.path, f.form, "HX-Request", "true")
		wantStatus(t, "htmx "+what, r, http.StatusForbidden)
	}
	if got := evMustStored(t, id, uo.ID); got.Title != "Grandma's birthday" {
		t.Errorf("the viewer changed the event: %q", got.Title)
	}
	evMustStored(t, sid, uo.ID)
	wantBody(t, "series after", owner.get(sev+occ), "Swimming", edit)
}

// withSuffix puts suffix into path before its query.
func withSuffix(path, suffix string) string {
	for i := range len(path) {
		if path[i] == '?' {
			return path[:i] + suffix + path[i:]
		}
	}
	return path + suffix
}
