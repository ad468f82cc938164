package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// calendarUpdate renames and recolours a calendar (POST /calendars/:id,
// its owner only): 303 back to its page, or the page again with the form
// as typed and its messages (422).
func (h *Handler) calendarUpdate(c *fiber.Ctx) error {
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	in := readCalendarInput(c)
	err = h.events.UpdateCalendar(c.UserContext(), viewerOf(c).ID, id, in)
	if fe, ok := asFormError(err); ok {
		return h.rerenderCalendar(c, func(p *views.CalendarPage) { p.Edit = calendarFormOf(in, fe) })
	}
	if err != nil {
		return err
	}
	return redirect(c, paths.CalendarPage(id, "?done=saved"))
}
