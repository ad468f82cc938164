package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/views"
)

// eventMoveConfirm answers GET /events/:id/move?start= (or shift=, and
// occ= for an occurrence): the move the detail page's forms ask for, shown
// before it is made, with the scope question for an occurrence of a
// series. The stored detail page carries no CSRF token, so its forms lead
// here and this page posts. An event v may only read is 403.
func (h *Handler) eventMoveConfirm(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.writableTarget(c, v)
	if err != nil {
		return err
	}
	ev := t.Event
	m := views.EventMove{
		ID: t.ID(), Occ: t.OccParam(), Title: ev.Title, Scope: t.HasOcc,
		Start: c.Query("start"), Shift: c.Query("shift"),
		From:      views.WhenText(ev.StartsAt, ev.EndsAt, ev.AllDay, v.Loc, v.Clock),
		CSRFToken: csrfToken(c), InDialog: isFragment(c),
	}
	start, ok := movedStart(m.Start, m.Shift, ev, v.Loc)
	if !ok {
		return fiber.NewError(fiber.StatusUnprocessableEntity, "Give the new start as a date and time, or choose +1 day, +1 week or next month.")
	}
	if ev.AllDay {
		first, last := calendar.SpanDates(ev.StartsAt, ev.EndsAt, true, v.Loc)
		to := calendar.DateOf(start, v.Loc)
		m.To = views.WhenText(to.Start(v.Loc), to.AddDays(first.DaysUntil(last)+1).Start(v.Loc), true, v.Loc, v.Clock)
	} else {
		m.To = views.WhenText(start, start.Add(ev.EndsAt.Sub(ev.StartsAt)), false, v.Loc, v.Clock)
	}
	return h.renderEvent(c, fiber.StatusOK, "Move event", views.EventMoveContent(m))
}
