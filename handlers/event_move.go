package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// eventMove answers POST /events/:id/move: the event (or occurrence, by
// scope — "this" when none is given) starts at `start` (a local date-time,
// or a date for an all-day event), moves by `shift` (1d, 1w or 1m: the
// same day next month) or by `days` and `minutes` (on the clock, as a drag
// in the calendar does), keeping its length unless `end` gives the new end
// (`end` alone resizes). It goes through the same edit as the form, so
// series scopes, calendars and reminders follow its rules. A move from the
// calendar (htmx, aimed at #calendar, with the region's address in `cal`)
// answers with the calendar and a way to undo it.
func (h *Handler) eventMove(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	region, inCalendar, err := movedRegion(c)
	if err != nil {
		return err
	}
	ev := t.Event
	in, ok := moveInput(c, ev, v.Loc)
	if !ok {
		return moveRefused("Give the new start as a date and time (start), a shift of 1d, 1w or 1m, or a number of days and minutes; a new end as a date and time (end).")
	}
	vals, errs := in.Validate(v.Loc)
	if len(errs) > 0 {
		return moveRefused(firstMessage(errs))
	}
	ref, _ := eventRef(c)
	if ref.Scope = events.ParseScope(c.FormValue("scope")); t.HasOcc && ref.Scope == "" {
		ref.Scope = events.ScopeThis
	}
	saved, err := h.events.Update(c.UserContext(), owner(v), ref, vals)
	var fe *events.FormError
	if errors.As(err, &fe) {
		return moveRefused(firstMessage(fe.Fields))
	}
	if err != nil {
		return err
	}
	if inCalendar {
		return h.movedCalendar(c, v, region, &t, saved)
	}
	return h.eventSaved(c, v, saved.ID, saved.Occ)
}

// moveRefused is the answer to a move that cannot be made, saying why.
func moveRefused(msg string) error {
	return &statusError{status: fiber.StatusUnprocessableEntity, title: "Not moved", message: msg}
}

// moveInput is the edit form of ev after the move the request asks for;
// ok is false when it names no new start or end, or names one badly.
func moveInput(c *fiber.Ctx, ev db.Event, loc *time.Location) (events.Input, bool) {
	endField := c.FormValue("end")
	start, ok := movedStart(c.FormValue("start"), c.FormValue("shift"), ev, loc)
	if !ok {
		start, ok = shiftedStart(c.FormValue("days"), c.FormValue("minutes"), ev, loc)
	}
	if !ok && endField != "" && c.FormValue("start") == "" && c.FormValue("shift") == "" {
		start, ok = ev.StartsAt, true // a new end alone: resized
	}
	if !ok {
		return events.Input{}, false
	}
	in := movedInput(ev, start, loc)
	if endField != "" {
		in.End = endField
	}
	return in, true
}

// movedStart reads the new start: a local date-time (a date for an
// all-day event) or a shift of the current one, in loc.
func movedStart(startField, shift string, ev db.Event, loc *time.Location) (time.Time, bool) {
	if startField != "" {
		t, err := calendar.ParseLocal(startField, loc)
		return t, err == nil
	}
	cur := ev.StartsAt.In(loc)
	switch shift {
	case "1d":
		return cur.AddDate(0, 0, 1), true
	case "1w":
		return cur.AddDate(0, 0, 7), true
	case "1m":
		next := cur.AddDate(0, 1, 0)
		if next.Day() != cur.Day() { // 31 Jan → the last day of February
			next = next.AddDate(0, 0, -next.Day())
		}
		return next, true
	}
	return time.Time{}, false
}

// maxShiftDays bounds a move by days (and by minutes, in days): far more
// than any calendar shows, small enough never to overflow.
const maxShiftDays = 100 * 366

// shiftedStart moves the start by days and minutes on the local clock
// (a drag of 09:00 by an hour lands on 10:00, whatever the day's length);
// either may be empty, not both.
func shiftedStart(days, minutes string, ev db.Event, loc *time.Location) (time.Time, bool) {
	if days == "" && minutes == "" {
		return time.Time{}, false
	}
	d, okD := shiftNumber(days, maxShiftDays)
	m, okM := shiftNumber(minutes, maxShiftDays*24*60)
	if !okD || !okM {
		return time.Time{}, false
	}
	cur := ev.StartsAt.In(loc)
	return time.Date(cur.Year(), cur.Month(), cur.Day()+d, cur.Hour(), cur.Minute()+m, cur.Second(), 0, loc), true
}

// shiftNumber reads a signed whole number up to limit in size ("" is 0).
func shiftNumber(s string, limit int) (int, bool) {
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= -limit && n <= limit
}

// movedInput is the edit form of ev moved to start, its length kept (an
// all-day event keeps its number of days); the repeat rule and reminders
// are left as they are.
func movedInput(ev db.Event, start time.Time, loc *time.Location) events.Input {
	f := formOfEvent(ev, loc)
	in := events.Input{Title: f.Title, Description: f.Description, Location: f.Location, AllDay: f.AllDay, Color: f.Color}
	if ev.AllDay {
		first, last := calendar.SpanDates(ev.StartsAt, ev.EndsAt, true, loc)
		d := calendar.DateOf(start, loc)
		in.Start, in.End = d.String(), d.AddDays(first.DaysUntil(last)).String()
		return in
	}
	in.Start = calendar.FormatLocalInput(start, loc)
	in.End = calendar.FormatLocalInput(start.Add(ev.EndsAt.Sub(ev.StartsAt)), loc)
	return in
}

// firstMessage is one of a refused write's messages, for a plain answer.
func firstMessage(errs events.FieldErrors) string {
	for _, k := range []string{"start", "end", "title", "rrule", "calendar"} {
		if m, ok := errs[k]; ok {
			return m
		}
	}
	for _, m := range errs {
		return m
	}
	return "The event cannot be moved there."
}
