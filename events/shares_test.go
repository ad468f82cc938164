package events_test

import (
	"context"
	"errors"
	"testing"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// family is an owner's "Family" calendar shared with an editor and a
// viewer, each a fixture of their own over the same cache namespace.
type family struct {
	owner, editor, viewer *fixture
	cal                   events.Calendar
}

// newFamily shares a new "Family" calendar of a fresh owner with a fresh
// editor (edit) and viewer (view).
func newFamily(t *testing.T) *family {
	t.Helper()
	ctx := context.Background()
	fam := &family{owner: newFixture(t)}
	fam.editor, fam.viewer = fam.owner.another(t), fam.owner.another(t)
	cal, err := fam.owner.svc.CreateCalendar(ctx, fam.owner.user.ID, events.CalendarInput{Name: "Family", Color: "green"})
	if err != nil {
		t.Fatal(err)
	}
	fam.cal = cal
	for _, sh := range []struct {
		f    *fixture
		role string
	}{{fam.editor, "edit"}, {fam.viewer, "view"}} {
		if err := fam.owner.svc.ShareCalendar(ctx, fam.owner.actor(), cal.ID, events.ShareInput{Login: sh.f.user.Username, Role: sh.role}); err != nil {
			t.Fatal(err)
		}
	}
	return fam
}

// another is a second user in Europe/Berlin on f's service and cache.
func (f *fixture) another(t *testing.T) *fixture {
	u := newUser(t, "Europe/Berlin")
	return &fixture{svc: f.svc, cache: f.cache, user: u, o: events.Owner{ID: u.ID, Loc: berlin, TZName: "Europe/Berlin"}}
}

// actor is the fixture's user as an audited actor.
func (f *fixture) actor() db.Actor { return db.Actor{ID: f.user.ID, Username: f.user.Username} }

// TestSharedCalendarReadsAndWrites: the sharees see the calendar's events
// in their days, upcoming list, search and file; the editor writes them,
// the viewer may not (ErrForbidden); a stranger sees nothing. Every change
// shows on every member's next read, cached or not.
func TestSharedCalendarReadsAndWrites(t *testing.T) {
	ctx := context.Background()
	fam := newFamily(t)
	in := form("Grandma's birthday", "2025-06-12T15:00", "2025-06-12T18:00", "")
	in.Calendar = itoa(fam.cal.ID)
	id := fam.owner.create(t, in)
	d := date(6, 12)
	for _, f := range []*fixture{fam.owner, fam.editor, fam.viewer} {
		equal(t, f.user.Username+"'s day", f.on(t, d), []string{"2025-06-12 15:00–18:00 Grandma's birthday " + ref(id, "")})
		if up := f.upcoming(t); len(up) != 1 {
			t.Errorf("%s's upcoming: %v", f.user.Username, up)
		}
		if _, n := f.search(t, "grandma"); n != 1 {
			t.Errorf("%s's search found %d", f.user.Username, n)
		}
		if tg := f.resolve(t, id, ""); tg.Event.Title != "Grandma's birthday" {
			t.Errorf("%s resolves %q", f.user.Username, tg.Event.Title)
		}
	}
	if tg := fam.viewer.resolve(t, id, ""); tg.Role != events.RoleView || tg.CanWrite() {
		t.Errorf("viewer's role %q", tg.Role)
	}

	// The editor changes it: everyone's cached day shows the change.
	fam.editor.update(t, events.Ref{ID: id}, form("Grandma's 80th", "2025-06-12T15:00", "2025-06-12T19:00", ""))
	for _, f := range []*fixture{fam.owner, fam.editor, fam.viewer} {
		equal(t, f.user.Username+"'s day after the edit", f.on(t, d), []string{"2025-06-12 15:00–19:00 Grandma's 80th " + ref(id, "")})
	}
	// The editor adds one; the viewer may neither change nor delete.
	added := form("Picnic", "2025-06-12T11:00", "2025-06-12T12:00", "")
	added.Calendar = itoa(fam.cal.ID)
	picnic := fam.editor.create(t, added)
	if got := fam.owner.stored(t, picnic); got.UserID != fam.owner.user.ID || got.CalendarID != fam.cal.ID {
		t.Errorf("the editor's event is held by %d in %d", got.UserID, got.CalendarID)
	}
	if n := len(fam.owner.on(t, d)); n != 2 {
		t.Errorf("owner's day after the editor's create: %d events", n)
	}
	if _, err := fam.viewer.svc.Update(ctx, fam.viewer.o, events.Ref{ID: id}, values(t, form("Mine", "2025-06-12T15:00", "2025-06-12T16:00", ""))); !errors.Is(err, events.ErrForbidden) {
		t.Errorf("viewer's update: %v, want ErrForbidden", err)
	}
	if err := fam.viewer.svc.Delete(ctx, fam.viewer.o, events.Ref{ID: id}); !errors.Is(err, events.ErrForbidden) {
		t.Errorf("viewer's delete: %v, want ErrForbidden", err)
	}
	viewerIn := form("Viewer's", "2025-06-12T08:00", "2025-06-12T09:00", "")
	viewerIn.Calendar = itoa(fam.cal.ID)
	var fe *events.FormError
	if _, err := fam.viewer.svc.Create(ctx, fam.viewer.o, values(t, viewerIn)); !errors.As(err, &fe) || fe.Fields["calendar"] == "" {
		t.Errorf("viewer's create in Family: %v", err)
	}

	stranger := fam.owner.another(t)
	if _, err := stranger.svc.Resolve(ctx, stranger.user.ID, id, ""); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger resolves: %v", err)
	}
	if err := stranger.svc.Delete(ctx, stranger.o, events.Ref{ID: id}); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger deletes: %v", err)
	}
	if n := len(stranger.on(t, d)); n != 0 {
		t.Errorf("stranger's day shows %d events", n)
	}
}

// TestSharingChangesAreFresh: a share added, a role changed, a share
// removed, a sharee leaving and the calendar deleted each show on the
// affected user's next read, though their lists were cached.
func TestSharingChangesAreFresh(t *testing.T) {
	ctx := context.Background()
	fam := newFamily(t)
	in := form("Dinner", "2025-06-12T19:00", "2025-06-12T21:00", "")
	in.Calendar = itoa(fam.cal.ID)
	id := fam.owner.create(t, in)
	d := date(6, 12)
	late := fam.owner.another(t)
	if n := len(late.on(t, d)); n != 0 { // cached: nothing
		t.Fatalf("before the share: %d", n)
	}
	if err := fam.owner.svc.ShareCalendar(ctx, fam.owner.actor(), fam.cal.ID, events.ShareInput{Login: late.user.Username, Role: "view"}); err != nil {
		t.Fatal(err)
	}
	if n := len(late.on(t, d)); n != 1 {
		t.Fatalf("after the share: %d events, want 1", n)
	}
	if err := fam.owner.svc.ShareCalendar(ctx, fam.owner.actor(), fam.cal.ID, events.ShareInput{Login: late.user.Username, Role: "edit"}); err != nil {
		t.Fatal(err)
	}
	if tg := late.resolve(t, id, ""); tg.Role != events.RoleEdit {
		t.Fatalf("role after the change: %q", tg.Role)
	}
	if err := fam.owner.svc.UnshareCalendar(ctx, fam.owner.actor(), fam.cal.ID, late.user.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(late.on(t, d)); n != 0 {
		t.Fatalf("after the share is removed: %d events, want 0", n)
	}
	if _, err := late.svc.Resolve(ctx, late.user.ID, id, ""); !errors.Is(err, events.ErrNotFound) {
		t.Fatalf("removed sharee resolves: %v", err)
	}
	if err := fam.viewer.svc.LeaveCalendar(ctx, fam.viewer.actor(), fam.cal.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(fam.viewer.on(t, d)); n != 0 {
		t.Fatalf("after leaving: %d events", n)
	}
	if err := fam.owner.svc.LeaveCalendar(ctx, fam.owner.actor(), fam.cal.ID); !errors.Is(err, events.ErrForbidden) {
		t.Fatalf("the owner leaves: %v", err)
	}
	if n := len(fam.editor.on(t, d)); n != 1 {
		t.Fatalf("editor before the delete: %d", n)
	}
	if err := fam.owner.svc.DeleteCalendar(ctx, fam.owner.user.ID, fam.cal.ID); err != nil {
		t.Fatal(err)
	}
	if n := len(fam.editor.on(t, d)); n != 0 {
		t.Fatalf("editor after the calendar is deleted: %d", n)
	}
	var audits int
	if err := env.Pool.QueryRow(ctx, `SELECT count(*) FROM admin_audit WHERE target_type = 'calendar' AND target_id = $1`, fam.cal.ID).Scan(&audits); err != nil || audits < 5 {
		t.Fatalf("%d audit rows for the share changes (%v), want ≥ 5", audits, err)
	}
}

// TestEditorCannotMoveIntoOtherCalendars: an edit sharee may change an
// event of the shared calendar but not move it into another calendar of
// the owner's that is not shared with them, nor into their own.
func TestEditorCannotMoveIntoOtherCalendars(t *testing.T) {
	ctx := context.Background()
	fam := newFamily(t)
	private, err := fam.owner.svc.CreateCalendar(ctx, fam.owner.user.ID, events.CalendarInput{Name: "Private"})
	if err != nil {
		t.Fatal(err)
	}
	in := form("Dinner", "2025-06-12T19:00", "2025-06-12T21:00", "")
	in.Calendar = itoa(fam.cal.ID)
	id := fam.owner.create(t, in)
	editorCals, _ := fam.editor.svc.Calendars(ctx, fam.editor.user.ID)
	var fe *events.FormError
	for _, target := range []int64{private.ID, editorCals[0].ID} {
		move := form("Dinner", "2025-06-12T19:00", "2025-06-12T21:00", "")
		move.Calendar = itoa(target)
		if _, err := fam.editor.svc.Update(ctx, fam.editor.o, events.Ref{ID: id}, values(t, move)); !errors.As(err, &fe) || fe.Fields["calendar"] == "" {
			t.Errorf("editor moves the event into calendar %d: %v, want a FormError on calendar", target, err)
		}
	}
	if got := fam.owner.stored(t, id); got.CalendarID != fam.cal.ID {
		t.Fatalf("the event moved to %d", got.CalendarID)
	}
}
