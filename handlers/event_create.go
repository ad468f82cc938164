package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// eventCreate stores a new event from the form — a series' master when the
// form has a repeat rule, recurring in the viewer's zone — or re-shows the
// form with its messages (422).
func (h *Handler) eventCreate(c *fiber.Ctx) error {
	v := viewerOf(c)
	in := readEventInput(c)
	vals, errs := in.Validate(v.Loc)
	var ev db.Event
	var err error
	if len(errs) == 0 {
		ev, err = h.events.Create(c.UserContext(), owner(v), vals)
		if qe := (*events.QuotaError)(nil); errors.As(err, &qe) {
			errs = events.FieldErrors{"title": qe.Message()}
		} else if fe, ok := asFormError(err); ok {
			errs = fe.Fields // a calendar the viewer may not write to
		}
	}
	if len(errs) > 0 {
		f := formOfInput(in)
		f.Errors = errs
		f.CancelURL = "/"
		f.SetRepeat(in.Rrule, in.RruleCustom, calendar.Today(h.now(), v.Loc))
		return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
	}
	if err != nil {
		return err
	}
	return h.eventSaved(c, v, ev.ID, "")
}
