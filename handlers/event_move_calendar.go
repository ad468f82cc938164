package handlers

import (
	"context"
	"net/url"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// calRegion is the calendar region a move from the calendar answers with.
type calRegion struct {
	base string // "/" or "/calendar"
	view calendar.View
	date calendar.Date
	url  string
}

// movedRegion reads the calendar region a move was made in: when the
// request is htmx aimed at #calendar, its address in `cal` ("/" or
// "/calendar" with view and date). A bad address is a 400 before anything
// moves; ok is false for any other move.
func movedRegion(c *fiber.Ctx) (r calRegion, ok bool, err error) {
	if !isFragment(c) || c.Get(hxTarget) != views.CalendarID {
		return r, false, nil
	}
	bad := badRequest("Say which calendar to show after the move (cal), for example /calendar?view=week&date=2025-06-09.")
	u, perr := url.Parse(c.FormValue("cal"))
	if perr != nil || (u.Path != "/" && u.Path != "/calendar") {
		return r, false, bad
	}
	q := u.Query()
	view, verr := calendar.ParseView(q.Get("view"))
	d, derr := calendar.ParseDate(q.Get("date"))
	if verr != nil || derr != nil || !calendar.Navigable(d) {
		return r, false, bad
	}
	return calRegion{base: u.Path, view: view, date: d, url: paths.Calendar(u.Path, view, d)}, true, nil
}

// movedCalendar answers a move made in the calendar: the region again,
// and a note with a button that moves the event back to where t had it
// (or, after that undo, a note that it did).
func (h *Handler) movedCalendar(c *fiber.Ctx, v *Viewer, r calRegion, t *events.Target, saved events.Saved) error {
	cv, err := h.calendarView(c.UserContext(), v, r.base, calendarAt{view: r.view, date: r.date})
	if err != nil {
		return err
	}
	before := formOfEvent(t.Event, v.Loc)
	u := views.MoveUndo{
		Title:  t.Event.Title,
		Action: paths.Event(saved.ID, "/move", saved.Occ),
		Start:  before.Start,
		End:    before.End,
		Cal:    r.url,
		CSRF:   csrfToken(c),
		Undone: c.FormValue("undo") != "",
	}
	if saved.Occ != "" {
		u.Scope = string(events.ScopeThis)
	}
	c.Vary(hxRequest)
	return h.write(c, fiber.StatusOK, views.MovedCalendar(cv, u))
}

// readOnlyCalendars are the calendars of byDay's events that uid may only
// look at (their events cannot be dragged); nil, without a lookup, when
// every event is in uid's own calendars.
func (h *Handler) readOnlyCalendars(ctx context.Context, uid int64, byDay map[calendar.Date][]db.Event) (map[int64]bool, error) {
	shared := false
	for _, evs := range byDay {
		for i := range evs {
			shared = shared || evs[i].UserID != uid
		}
	}
	if !shared {
		return nil, nil
	}
	cals, err := h.events.Calendars(ctx, uid)
	if err != nil {
		return nil, err
	}
	ro := map[int64]bool{}
	for _, cal := range cals {
		if !cal.Role.CanWrite() {
			ro[cal.ID] = true
		}
	}
	return ro, nil
}

// markReadOnly marks the events (as the views have them) of evs that are
// in a calendar of ro.
func markReadOnly(out []views.Event, evs []db.Event, ro map[int64]bool) {
	for i := range evs {
		out[i].ReadOnly = ro[evs[i].CalendarID]
	}
}
