package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// Sharing a calendar: share or change a role, stop sharing (its owner),
// and leave (a sharee).

// calendarShare shares a calendar with the user `username` names
// (username or email) as `role` (view or edit); the same user again
// changes their role. 303 back to the page, or the page with the form as
// typed and its messages (422).
func (h *Handler) calendarShare(c *fiber.Ctx) error {
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	in := events.ShareInput{Login: c.FormValue("username"), Role: c.FormValue("role")}
	err = h.events.ShareCalendar(c.UserContext(), actor(viewerOf(c)), id, in)
	if fe, ok := asFormError(err); ok {
		return h.rerenderCalendar(c, func(p *views.CalendarPage) {
			p.Share = views.ShareForm{Username: strings.ToValidUTF8(in.Login, "\uFFFD"), Role: in.Role,
				Errors: views.FieldErrors(fe.Fields)}
		})
	}
	if err != nil {
		return err
	}
	return redirect(c, paths.CalendarPage(id, "?done=shared"))
}

// calendarUnshare stops sharing a calendar with the user :user_id names.
func (h *Handler) calendarUnshare(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	sharee, ok2 := parseID(c.Params("user_id"))
	if !ok || !ok2 {
		return notFound()
	}
	if err := h.events.UnshareCalendar(c.UserContext(), actor(viewerOf(c)), id, sharee); err != nil {
		return err
	}
	return redirect(c, paths.CalendarPage(id, "?done=unshared"))
}

// calendarLeave takes a calendar shared with the viewer out of their
// calendars (303 to the list; its owner gets 403).
func (h *Handler) calendarLeave(c *fiber.Ctx) error {
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	if err := h.events.LeaveCalendar(c.UserContext(), actor(viewerOf(c)), id); err != nil {
		return err
	}
	return redirect(c, paths.Calendars+"?done=left")
}
