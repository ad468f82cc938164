package events_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// TestOwnCalendars: a user starts with "Personal", makes more, renames
// and recolours them, and may delete any but the last; another user
// cannot see, change or delete them.
func TestOwnCalendars(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cals, err := f.svc.Calendars(ctx, f.user.ID)
	if err != nil || len(cals) != 1 || cals[0].Name != "Personal" || cals[0].Role != events.RoleOwner || !cals[0].Visible {
		t.Fatalf("a new user's calendars: %+v %v", cals, err)
	}
	personal := cals[0].ID
	var fe *events.FormError
	if _, err := f.svc.CreateCalendar(ctx, f.user.ID, events.CalendarInput{Name: "  ", Color: "mauve"}); !errors.As(err, &fe) ||
		fe.Fields["name"] != "Enter a name." || fe.Fields["color"] == "" {
		t.Fatalf("blank name and unknown colour: %v", err)
	}
	work, err := f.svc.CreateCalendar(ctx, f.user.ID, events.CalendarInput{Name: " Work ", Color: "teal"})
	if err != nil || work.Name != "Work" || work.Color != "teal" {
		t.Fatalf("create: %+v %v", work, err)
	}
	if err := f.svc.UpdateCalendar(ctx, f.user.ID, work.ID, events.CalendarInput{Name: "Office", Color: "red"}); err != nil {
		t.Fatal(err)
	}
	got, err := f.svc.Calendar(ctx, f.user.ID, work.ID)
	if err != nil || got.Name != "Office" || got.Color != "red" {
		t.Fatalf("after rename: %+v %v", got, err)
	}

	stranger := newUser(t, "UTC")
	if _, err := f.svc.Calendar(ctx, stranger.ID, work.ID); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger reads the calendar: %v", err)
	}
	if err := f.svc.UpdateCalendar(ctx, stranger.ID, work.ID, events.CalendarInput{Name: "Mine"}); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger renames: %v", err)
	}
	if err := f.svc.DeleteCalendar(ctx, stranger.ID, work.ID); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger deletes: %v", err)
	}
	if err := f.svc.SetVisible(ctx, stranger.ID, work.ID, false); !errors.Is(err, events.ErrNotFound) {
		t.Errorf("stranger hides: %v", err)
	}

	if err := f.svc.DeleteCalendar(ctx, f.user.ID, work.ID); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.DeleteCalendar(ctx, f.user.ID, personal); !errors.Is(err, events.ErrLastCalendar) {
		t.Fatalf("deleting the last calendar: %v", err)
	}
	if cals, _ := f.svc.Calendars(ctx, f.user.ID); len(cals) != 1 || cals[0].ID != personal {
		t.Fatalf("calendars after the deletes: %+v", cals)
	}
}

// TestEventsInCalendars: an event goes into the calendar the form names
// (the first one without), moves with an edit — a series with its
// overrides — and goes when its calendar is deleted; a calendar of
// another user is refused on the calendar field.
func TestEventsInCalendars(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	cals, _ := f.svc.Calendars(ctx, f.user.ID)
	personal := cals[0].ID
	work, err := f.svc.CreateCalendar(ctx, f.user.ID, events.CalendarInput{Name: "Work"})
	if err != nil {
		t.Fatal(err)
	}
	single := f.create(t, form("Lunch", "2025-06-12T12:00", "2025-06-12T13:00", ""))
	if got := f.stored(t, single).CalendarID; got != personal {
		t.Fatalf("without a calendar the event is in %d, want Personal %d", got, personal)
	}
	in := form("Standup", "2025-06-12T09:00", "2025-06-12T09:15", "FREQ=DAILY;COUNT=5")
	in.Calendar = itoa(work.ID)
	series := f.create(t, in)
	if got := f.stored(t, series).CalendarID; got != work.ID {
		t.Fatalf("series in %d, want Work %d", got, work.ID)
	}
	f.update(t, events.Ref{ID: series, Occ: rid(6, 13, 7, 0), Scope: events.ScopeThis},
		form("Standup (late)", "2025-06-13T10:00", "2025-06-13T10:15", ""))
	move := form("Standup", "2025-06-12T09:00", "2025-06-12T09:15", "FREQ=DAILY;COUNT=5")
	move.Calendar = itoa(personal)
	f.update(t, events.Ref{ID: series}, move)
	if got := f.stored(t, series).CalendarID; got != personal {
		t.Fatalf("moved series in %d, want %d", got, personal)
	}
	for _, o := range overrides(t, series) {
		if o.CalendarID != personal {
			t.Fatalf("override %d stayed in %d", o.ID, o.CalendarID)
		}
	}

	other := newUser(t, "UTC")
	otherCals, _ := f.svc.Calendars(ctx, other.ID)
	bad := form("Sneaky", "2025-06-12T12:00", "2025-06-12T13:00", "")
	bad.Calendar = itoa(otherCals[0].ID)
	vals := values(t, bad)
	var fe *events.FormError
	if _, err := f.svc.Create(ctx, f.o, vals); !errors.As(err, &fe) || fe.Fields["calendar"] == "" {
		t.Fatalf("create in another user's calendar: %v", err)
	}
	if _, err := f.svc.Update(ctx, f.o, events.Ref{ID: single}, vals); !errors.As(err, &fe) || fe.Fields["calendar"] == "" {
		t.Fatalf("move into another user's calendar: %v", err)
	}

	inWork := form("Review", "2025-06-12T15:00", "2025-06-12T16:00", "")
	inWork.Calendar = itoa(work.ID)
	review := f.create(t, inWork)
	if err := f.svc.DeleteCalendar(ctx, f.user.ID, work.ID); err != nil {
		t.Fatal(err)
	}
	if !f.gone(t, review) || f.gone(t, single) {
		t.Fatal("deleting Work must delete its events only")
	}
	var n int
	if err := env.Pool.QueryRow(ctx, "SELECT count(*) FROM calendars WHERE id = $1", work.ID).Scan(&n); err != nil || n != 0 {
		t.Fatalf("Work still stored: %d %v", n, err)
	}
}

// itoa writes an id as a form field does.
func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// TestHiddenCalendars: hiding a calendar takes its events out of the
// user's days, upcoming list, search and calendar file at the next read
// (the cached ones included); showing it brings them back.
func TestHiddenCalendars(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	work, err := f.svc.CreateCalendar(ctx, f.user.ID, events.CalendarInput{Name: "Work"})
	if err != nil {
		t.Fatal(err)
	}
	f.create(t, form("Lunch", "2025-06-12T12:00", "2025-06-12T13:00", ""))
	in := form("Lunch review", "2025-06-12T14:00", "2025-06-12T15:00", "")
	in.Calendar = itoa(work.ID)
	f.create(t, in)
	count := func() (day, up int, found int64, file int) {
		up = len(f.upcoming(t))
		_, found = f.search(t, "lunch")
		body, err := f.svc.CalendarFile(ctx, f.user.ID, "test", berlin)
		if err != nil {
			t.Fatal(err)
		}
		return len(f.on(t, date(6, 12))), up, found, strings.Count(string(body), "BEGIN:VEVENT")
	}
	if d, u, s, file := count(); d != 2 || u != 2 || s != 2 || file != 2 {
		t.Fatalf("both calendars shown: day %d, upcoming %d, search %d, file %d; want 2 each", d, u, s, file)
	}
	if err := f.svc.SetVisible(ctx, f.user.ID, work.ID, false); err != nil {
		t.Fatal(err)
	}
	if d, u, s, file := count(); d != 1 || u != 1 || s != 1 || file != 1 {
		t.Fatalf("Work hidden: day %d, upcoming %d, search %d, file %d; want 1 each", d, u, s, file)
	}
	if c, _ := f.svc.Calendar(ctx, f.user.ID, work.ID); c.Visible {
		t.Fatal("Work still listed as visible")
	}
	if err := f.svc.SetVisible(ctx, f.user.ID, work.ID, true); err != nil {
		t.Fatal(err)
	}
	if d, u, s, file := count(); d != 2 || u != 2 || s != 2 || file != 2 {
		t.Fatalf("Work shown again: day %d, upcoming %d, search %d, file %d; want 2 each", d, u, s, file)
	}
}

// TestCalendarColour: an event without a colour of its own is listed in
// its calendar's colour, and recolouring the calendar shows at the next
// read (cached or not); an event's own colour wins.
func TestCalendarColour(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	work, err := f.svc.CreateCalendar(ctx, f.user.ID, events.CalendarInput{Name: "Work", Color: "teal"})
	if err != nil {
		t.Fatal(err)
	}
	plain := form("Plain", "2025-06-12T09:00", "2025-06-12T10:00", "")
	plain.Color, plain.Calendar = "", itoa(work.ID)
	own := form("Own", "2025-06-12T11:00", "2025-06-12T12:00", "")
	own.Color, own.Calendar = "red", itoa(work.ID)
	f.create(t, plain)
	f.create(t, own)
	colours := func() map[string]string {
		out := map[string]string{}
		for _, e := range f.days(t, []calendar.Date{date(6, 12)})[date(6, 12)] {
			out[e.Title] = e.Color
		}
		up, err := f.svc.Upcoming(ctx, f.user.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range up {
			if out[e.Title] != e.Color {
				t.Errorf("upcoming colours %q as %q, the day as %q", e.Title, e.Color, out[e.Title])
			}
		}
		return out
	}
	if c := colours(); c["Plain"] != "teal" || c["Own"] != "red" {
		t.Fatalf("colours %v, want Plain teal (its calendar's), Own red", c)
	}
	if err := f.svc.UpdateCalendar(ctx, f.user.ID, work.ID, events.CalendarInput{Name: "Work", Color: "purple"}); err != nil {
		t.Fatal(err)
	}
	if c := colours(); c["Plain"] != "purple" || c["Own"] != "red" {
		t.Fatalf("after recolouring Work: %v, want Plain purple, Own red", c)
	}
}
