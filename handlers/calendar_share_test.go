package handlers

import (
	"context"
	"net/http"
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
