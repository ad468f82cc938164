package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// TestSharedCalendarAcrossInstances: an owner on one instance and a
// sharee on another. The sharee's month (cached) shows the owner's edits
// at once, an editor's change shows to the owner, a view sharee gets 403
// on edit and delete, and after the share is removed the sharee's next
// page no longer has the calendar's events.
func TestSharedCalendarAcrossInstances(t *testing.T) {
	a, b := calServer(t), calServer(t)
	owner, ou := evUser(t, a, "Europe/Berlin", "o")
	viewer, vu := evUser(t, b, "Europe/Berlin", "v")
	editor, eu := evUser(t, b, "Europe/Berlin", "e")
	ctx := context.Background()
	svc := a.H.events
	cal, err := svc.CreateCalendar(ctx, ou.ID, events.CalendarInput{Name: "Family"})
	if err != nil {
		t.Fatal(err)
	}
	share := func(u db.User, role string) {
		t.Helper()
		if err := svc.ShareCalendar(ctx, db.Actor{ID: ou.ID, Username: ou.Username}, cal.ID, events.ShareInput{Login: u.Username, Role: role}); err != nil {
			t.Fatal(err)
		}
	}
	share(vu, "view")
	share(eu, "edit")
	form := evForm("Grandma's birthday", "2025-06-12T15:00", "2025-06-12T18:00")
	form.Set("calendar", strconv.FormatInt(cal.ID, 10))
	id := evCreate(t, owner, form)
	month := "/calendar?view=month&date=2025-06-12"
	for i, most := range []int{2, 0} { // a miss, then a cache hit
		r := viewer.get(month)
		if !strings.Contains(r.Body, "Grandma&#39;s birthday") {
			t.Fatalf("viewer's month (read %d) lacks the shared event: %d", i, r.StatusCode)
		}
		if n := queriesOf(t, r); n > most {
			t.Errorf("viewer's month (read %d): %d SQL queries, want at most %d", i, n, most)
		}
	}
	edit := evForm("Grandma's 80th", "2025-06-12T15:00", "2025-06-12T19:00")
	if r := owner.post("/events/"+strconv.FormatInt(id, 10), edit); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner's edit: %d", r.StatusCode)
	}
	if r := viewer.get(month); !strings.Contains(r.Body, "Grandma&#39;s 80th") || strings.Contains(r.Body, "birthday") {
		t.Fatal("the viewer's month on the other instance is stale after the owner's edit")
	}
	if r := viewer.post("/events/"+strconv.FormatInt(id, 10), evForm("Mine", "2025-06-12T15:00", "2025-06-12T16:00")); r.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer's edit: %d, want 403", r.StatusCode)
	}
	if r := viewer.post("/events/"+strconv.FormatInt(id, 10)+"/delete", nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("viewer's delete: %d, want 403", r.StatusCode)
	}
	owner.get(month) // cache the owner's month
	if r := editor.post("/events/"+strconv.FormatInt(id, 10), evForm("Grandma's 80th party", "2025-06-12T15:00", "2025-06-12T20:00")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's edit: %d", r.StatusCode)
	}
	if r := owner.get(month); !strings.Contains(r.Body, "Grandma&#39;s 80th party") {
		t.Fatal("the owner's month is stale after the editor's edit on the other instance")
	}
	if err := svc.UnshareCalendar(ctx, db.Actor{ID: ou.ID, Username: ou.Username}, cal.ID, vu.ID); err != nil {
		t.Fatal(err)
	}
	if r := viewer.get(month); strings.Contains(r.Body, "Grandma") {
		t.Fatal("a removed sharee still sees the calendar's events")
	}
	if r := viewer.get("/events/" + strconv.FormatInt(id, 10)); r.StatusCode != http.StatusNotFound {
		t.Fatalf("a removed sharee reads the event: %d", r.StatusCode)
	}
}

// TestCalendarChangesAcrossInstances: each change made through the
// calendar pages on one instance — a share added, a role changed, the
// calendar renamed and recoloured, a visibility switch, a sharee
// leaving, the calendar deleted — shows on the affected user's next page
// on the other instance, though that page was cached.
func TestCalendarChangesAcrossInstances(t *testing.T) {
	a, b := calServer(t), calServer(t)
	owner, _ := evUser(t, a, "Europe/Berlin", "o")
	sharee, su := evUser(t, b, "Europe/Berlin", "s")
	family := calCreate(t, owner, "Family", "green")
	form := evForm("Picnic", "2025-06-12T12:00", "2025-06-12T14:00")
	form.Set("calendar", strconv.FormatInt(family, 10))
	form.Set("color", "")
	id := evCreate(t, owner, form)
	month, event := "/calendar?view=month&date=2025-06-12", "/events/"+strconv.FormatInt(id, 10)
	shows := func(what, want string, yes bool) {
		t.Helper()
		sharee.get(month) // a read that the change must not leave stale
		if got := strings.Contains(sharee.get(month).Body, want); got != yes {
			t.Fatalf("%s: sharee's month has %q = %v, want %v", what, want, got, yes)
		}
	}
	shows("before the share", "Picnic", false)
	wantSeeOther(t, "share", owner.post(calPath(family, "/shares"), url.Values{"username": {su.Username}, "role": {"view"}}), calPath(family, "?done=shared"))
	shows("after the share", "Picnic", true)
	if r := sharee.post(event+"/delete", nil); r.StatusCode != http.StatusForbidden {
		t.Fatalf("view sharee deletes: %d", r.StatusCode)
	}
	wantSeeOther(t, "role", owner.post(calPath(family, "/shares"), url.Values{"username": {su.Username}, "role": {"edit"}}), calPath(family, "?done=shared"))
	if r := sharee.get(event + "/edit"); r.StatusCode != http.StatusOK {
		t.Fatalf("edit sharee's edit form: %d", r.StatusCode)
	}
	shows("before the recolour", `class="c-green"`, true)
	wantSeeOther(t, "recolour", owner.post(calPath(family, ""), url.Values{"name": {"Family"}, "color": {"purple"}}), calPath(family, "?done=saved"))
	shows("after the recolour", `class="c-purple"`, true)
	wantSeeOther(t, "hide", sharee.post(calPath(family, "/visible"), nil), "/calendars")
	shows("hidden", "Picnic", false)
	wantSeeOther(t, "show", sharee.post(calPath(family, "/visible"), url.Values{"visible": {"on"}}), "/calendars")
	shows("shown again", "Picnic", true)
	wantSeeOther(t, "leave", sharee.post(calPath(family, "/leave"), nil), "/calendars?done=left")
	shows("after leaving", "Picnic", false)
	wantSeeOther(t, "share again", owner.post(calPath(family, "/shares"), url.Values{"username": {su.Username}, "role": {"view"}}), calPath(family, "?done=shared"))
	shows("shared again", "Picnic", true)
	wantSeeOther(t, "delete", owner.post(calPath(family, "/delete"), nil), "/calendars?done=deleted")
	shows("after the delete", "Picnic", false)
}
