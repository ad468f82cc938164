package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// calendarShow is one calendar's page (GET /calendars/:id): its owner's
// forms, or a sharee's view with "Leave"; 404 for anyone else.
func (h *Handler) calendarShow(c *fiber.Ctx) error {
	p, err := h.calendarPageOf(c)
	if err != nil {
		return err
	}
	p.Notice = views.CalendarNotice(c.Query("done"))
	return h.renderCalendar(c, fiber.StatusOK, p)
}

// renderCalendar writes a calendar's page.
func (h *Handler) renderCalendar(c *fiber.Ctx, status int, p views.CalendarPage) error {
	return h.render(c, status, page{Title: p.Cal.Name + " · Calendars", Nav: "calendars", Content: views.CalendarContent(p)})
}

// calendarOf reads the calendar :id names as the viewer sees it
// (ErrNotFound when they may not read it), and how many calendars they
// own.
func (h *Handler) calendarOf(c *fiber.Ctx) (events.Calendar, int, error) {
	id, err := calendarIDParam(c)
	if err != nil {
		return events.Calendar{}, 0, err
	}
	cals, err := h.events.Calendars(c.UserContext(), viewerOf(c).ID)
	if err != nil {
		return events.Calendar{}, 0, err
	}
	var found *events.Calendar
	own := 0
	for i := range cals {
		if cals[i].Role == events.RoleOwner {
			own++
		}
		if cals[i].ID == id {
			found = &cals[i]
		}
	}
	if found == nil {
		return events.Calendar{}, 0, notFound()
	}
	return *found, own, nil
}

// calendarPageOf is the view model of the calendar :id names, with its
// shares for its owner.
func (h *Handler) calendarPageOf(c *fiber.Ctx) (views.CalendarPage, error) {
	cal, own, err := h.calendarOf(c)
	if err != nil {
		return views.CalendarPage{}, err
	}
	p := views.CalendarPage{
		CSRFToken: csrfToken(c),
		Cal:       calendarItem(c, cal),
		Edit:      views.CalendarForm{Name: cal.Name, Color: cal.Color},
		Share:     views.ShareForm{Role: string(events.RoleView)},
		LastOwn:   own <= 1,
	}
	if !cal.Role.CanManage() {
		return p, nil
	}
	shares, err := h.events.Shares(c.UserContext(), viewerOf(c).ID, cal.ID)
	p.Shares = shareItems(shares)
	return p, err
}

// shareItems are the view models of a calendar's shares.
func shareItems(shares []events.Share) []views.ShareItem {
	var out []views.ShareItem
	for _, s := range shares {
		out = append(out, views.ShareItem{UserID: s.UserID, Username: s.Username, Role: string(s.Role)})
	}
	return out
}

// ownerPageOf is calendarPageOf for a form only its owner may post: a
// sharee gets 403.
func (h *Handler) ownerPageOf(c *fiber.Ctx) (views.CalendarPage, error) {
	p, err := h.calendarPageOf(c)
	if err == nil && !p.Cal.Own() {
		return p, forbidden("Only the calendar's owner may change it.")
	}
	return p, err
}

// rerenderCalendar shows the page of the calendar :id names again with a
// form as typed and its messages (fill), 422: its owner only.
func (h *Handler) rerenderCalendar(c *fiber.Ctx, fill func(*views.CalendarPage)) error {
	p, err := h.ownerPageOf(c)
	if err != nil {
		return err
	}
	fill(&p)
	return h.renderCalendar(c, fiber.StatusUnprocessableEntity, p)
}

// calendarIDParam is the calendar id :id names (404 when it is none).
func calendarIDParam(c *fiber.Ctx) (int64, error) {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return 0, notFound()
	}
	return id, nil
}
