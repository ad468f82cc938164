package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/views"
)

// adminUserCalendars shows an administrator one user's calendars, whom
// each of their own is shared with, and those shared with them (GET
// /admin/users/:id/calendars): one query for the calendars, one more per
// own calendar for its shares.
func (h *Handler) adminUserCalendars(c *fiber.Ctx) error {
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	cals, err := h.events.Calendars(ctx, u.ID)
	if err != nil {
		return err
	}
	p := views.AdminUserCalendars{Username: u.Username, BackURL: adminUserQuery(adminReturn(c)).URL()}
	for _, cal := range cals {
		ac := views.AdminCalendar{Name: cal.Name, Color: palette.Or(cal.Color), Role: string(cal.Role), Visible: cal.Visible}
		if cal.Role != events.RoleOwner {
			ac.Owner = cal.Owner
			p.Calendars = append(p.Calendars, ac)
			continue
		}
		shares, err := h.events.Shares(ctx, u.ID, cal.ID)
		if err != nil {
			return err
		}
		ac.Shares = shareItems(shares)
		p.Calendars = append(p.Calendars, ac)
	}
	return h.render(c, fiber.StatusOK, page{Title: "Calendars of " + u.Username + " · Admin", Nav: "admin",
		Content: views.AdminUserCalendarsContent(p)})
}
