package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/views"
)

// agendaPart answers the agenda's "Earlier" and "Later" with htmx
// (?view=agenda&date=D&part=earlier|later): the page of D as items to add
// to the list on the page, stored under the page name prefix; base is the
// path its links stay on. done is false when the request is no such part:
// without part, or a plain request (which gets the whole page of D).
func (h *Handler) agendaPart(c *fiber.Ctx, v *Viewer, prefix, base string, view calendar.View, d calendar.Date) (done bool, err error) {
	part := c.Query("part")
	if part == "" {
		return false, nil
	}
	if view != calendar.Agenda || (part != views.AgendaEarlier && part != views.AgendaLater) {
		return true, badRequest("Only the agenda loads a part, earlier or later.")
	}
	if !isFragment(c) {
		return false, nil
	}
	covers := daysCovers(calendar.ViewRange(view, d, v.WeekStart), false)
	return true, h.cached(c, prefix+"|agenda-"+part+"|"+d.String(), covers, func() (built, error) {
		spec, err := h.calendarSpec(c.UserContext(), v, base, calendarAt{view: view, date: d})
		if err != nil {
			return built{}, err
		}
		return built{page: page{Title: "Agenda", Nav: "calendar", Content: views.AgendaPart(views.NewAgenda(spec, part))}}, nil
	})
}
