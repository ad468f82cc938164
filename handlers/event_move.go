package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// eventMove answers POST /events/:id/move: the event (or occurrence, by
// scope — "this" when none is given) starts at `start` (a local date-time,
// or a date for an all-day event) or moves by `shift` (1d, 1w or 1m: the
// same day next month), keeping its length. It goes through the same edit
// as the form, so series scopes, calendars and reminders follow its rules.
func (h *Handler) eventMove(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	ev := t.Event
	start, ok := movedStart(c.FormValue("start"), c.FormValue("shift"), ev, v.Loc)
	if !ok {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "Give the new start as a date and time (start) or a shift of 1d, 1w or 1m.")
	}
	in := movedInput(ev, start, v.Loc)
	vals, errs := in.Validate(v.Loc)
	if len(errs) > 0 {
		return fiber.NewError(fiber.StatusUnprocessableEntity, firstMessage(errs))
	}
	ref, _ := eventRef(c)
	if ref.Scope = events.ParseScope(c.FormValue("scope")); t.HasOcc && ref.Scope == "" {
		ref.Scope = events.ScopeThis
	}
	saved, err := h.events.Update(c.UserContext(), owner(v), ref, vals)
	var fe *events.FormError
	if errors.As(err, &fe) {
		return fiber.NewError(fiber.StatusUnprocessableEntity, firstMessage(fe.Fields))
	}
	if err != nil {
		return err
	}
	return h.eventSaved(c, v, saved.ID, saved.Occ)
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
