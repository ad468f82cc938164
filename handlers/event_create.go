package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// eventCreate stores a new event from the form — a series' master when the
// form has a repeat rule, recurring in the viewer's zone — or re-shows the
// form with its messages (422).
func (h *Handler) eventCreate(c *fiber.Ctx) error {
	v := viewerOf(c)
	in := readEventInput(c)
	vals, errs := in.validate(v.Loc)
	if len(errs) > 0 {
		f := formOfInput(in)
		f.Errors = errs
		f.CancelURL = "/"
		withRepeat(&f, in.Rrule, in.RruleCustom, calendar.Today(h.now(), v.Loc))
		return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
	}
	ctx := c.UserContext()
	p := createParams(v.ID, vals)
	series := !vals.Rule.IsZero()
	if series {
		s := vals.Series
		p.StartsAt, p.EndsAt = s.Start, seriesEnd(s, vals.Start, vals.End, vals.AllDay)
		p.Rrule, p.UntilAt = seriesColumns(s)
		p.Tzid = v.TZName
	}
	var ev db.Event
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		ev, err = q.CreateEvent(ctx, p)
		return err
	})
	if err != nil {
		return err
	}
	if series {
		h.cache.SeriesChanged(ctx, v.ID, ev.ID)
	} else {
		h.cache.EventChanged(ctx, v.ID, ev.ID, eventDates(v.Loc, ev))
	}
	return h.eventSaved(c, v, ev.ID, "")
}
