package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// calendarDeleteConfirm asks before deleting a calendar (GET
// /calendars/:id/delete, its owner only); for the owner's last calendar
// it says why it cannot go.
func (h *Handler) calendarDeleteConfirm(c *fiber.Ctx) error {
	p, err := h.ownerPageOf(c)
	if err != nil {
		return err
	}
	return h.renderCalendarDelete(c, fiber.StatusOK, p)
}

// renderCalendarDelete writes the confirmation page of p's calendar.
func (h *Handler) renderCalendarDelete(c *fiber.Ctx, status int, p views.CalendarPage) error {
	d := views.CalendarDeleteConfirm{CSRFToken: csrfToken(c), Cal: p.Cal, LastOwn: p.LastOwn}
	return h.render(c, status, page{Title: "Delete " + p.Cal.Name, Nav: "calendars", Content: views.CalendarDeleteContent(d)})
}

// calendarDelete deletes a calendar and its events (POST
// /calendars/:id/delete): 303 to the list. The owner's last calendar is
// refused with the confirmation page's message (409).
func (h *Handler) calendarDelete(c *fiber.Ctx) error {
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	err = h.events.DeleteCalendar(c.UserContext(), viewerOf(c).ID, id)
	if errors.Is(err, events.ErrLastCalendar) {
		p, err := h.ownerPageOf(c)
		if err != nil {
			return err
		}
		p.LastOwn = true
		return h.renderCalendarDelete(c, fiber.StatusConflict, p)
	}
	if err != nil {
		return err
	}
	return redirect(c, paths.Calendars+"?done=deleted")
}
