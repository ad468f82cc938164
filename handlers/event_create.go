package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
)

// eventCreate stores a new event from the form, or re-shows the form with
// its messages (422).
func (h *Handler) eventCreate(c *fiber.Ctx) error {
	v := viewerOf(c)
	in := readEventInput(c)
	vals, errs := in.validate(v.Loc)
	if len(errs) > 0 {
		f := formOfInput(in)
		f.Errors = errs
		f.CancelURL = "/"
		return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
	}
	ctx := c.UserContext()
	var ev db.Event
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		ev, err = q.CreateEvent(ctx, db.CreateEventParams{
			UserID:      v.ID,
			Title:       vals.Title,
			Description: vals.Description,
			Location:    vals.Location,
			StartsAt:    vals.Start,
			EndsAt:      vals.End,
			AllDay:      vals.AllDay,
			Color:       vals.Color,
		})
		return err
	})
	if err != nil {
		return err
	}
	h.cache.EventChanged(ctx, v.ID, ev.ID, eventDates(v.Loc, ev))
	return h.eventSaved(c, v, ev)
}
