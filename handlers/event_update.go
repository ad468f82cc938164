package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
)

// eventUpdate saves the edit form (POST or PUT /events/:id), or re-shows it
// with its messages (422). Someone else's or a missing event is a 404
// whatever the form holds.
func (h *Handler) eventUpdate(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	in := readEventInput(c)
	vals, errs := in.validate(v.Loc)
	if len(errs) > 0 {
		if _, err := h.ownEvent(c, v); err != nil {
			return err
		}
		f := formOfInput(in)
		f.ID = id
		f.Errors = errs
		f.CancelURL = eventDetailsPath(id)
		return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
	}
	ctx := c.UserContext()
	var old, ev db.Event
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		if old, err = q.GetEventForUpdate(ctx, db.GetEventForUpdateParams{ID: id, UserID: v.ID}); err != nil {
			return db.NotFound(err)
		}
		ev, err = q.UpdateEvent(ctx, db.UpdateEventParams{
			ID:          id,
			UserID:      v.ID,
			Title:       vals.Title,
			Description: vals.Description,
			Location:    vals.Location,
			StartsAt:    vals.Start,
			EndsAt:      vals.End,
			AllDay:      vals.AllDay,
			Color:       vals.Color,
		})
		return db.NotFound(err)
	})
	if errors.Is(err, db.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	h.cache.EventChanged(ctx, v.ID, id, eventDates(v.Loc, old, ev))
	return h.eventSaved(c, v, ev)
}
