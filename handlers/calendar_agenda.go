package handlers

import (
	"fmt"
	"strconv"

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
	screen, err := agendaOnScreen(c, part, d)
	if err != nil {
		return true, err
	}
	covers := daysCovers(calendar.ViewRange(view, d, v.WeekStart), false)
	name := prefix + "|agenda-" + part + "|" + d.String() + "|" + screen.From.String() + "|" + strconv.Itoa(screen.Len())
	return true, h.cached(c, name, covers, func() (built, error) {
		spec, err := h.calendarSpec(c.UserContext(), v, base, calendarAt{view: view, date: d})
		if err != nil {
			return built{}, err
		}
		spec.AgendaOnScreen = screen
		return built{page: page{Title: "Agenda", Nav: "calendar", Content: views.AgendaPart(views.NewAgenda(spec, part))}}, nil
	})
}

// agendaOnScreen is the days the agenda's list holds once the page of d
// is added to it: with "later", from its first day (?from=) to the end of
// d's page; with "earlier", the days from d (?days=). Without them, the
// page alone. A list of more than calendar.MaxAgendaDays days keeps the
// newest page's side.
func agendaOnScreen(c *fiber.Ctx, part string, d calendar.Date) (calendar.Range, error) {
	page := calendar.AgendaRange(d, 0)
	if part == views.AgendaLater && c.Query("from") != "" {
		from, err := calendar.ParseDate(c.Query("from"))
		if err != nil || page.From.Before(from) {
			return page, badRequest("The agenda's from must be a date (YYYY-MM-DD) no later than its date.")
		}
		if oldest := page.To.AddDays(-calendar.MaxAgendaDays); from.Before(oldest) {
			from = oldest
		}
		return calendar.Range{From: from, To: page.To}, nil
	}
	if part == views.AgendaEarlier && c.Query("days") != "" {
		n, err := strconv.Atoi(c.Query("days"))
		if err != nil || n < 1 || !calendar.Navigable(d.AddDays(min(n, calendar.MaxAgendaDays)-1)) {
			return page, badAgendaDays()
		}
		return calendar.AgendaRange(d, max(min(n, calendar.MaxAgendaDays), calendar.AgendaDays)), nil
	}
	return page, nil
}

// badAgendaDays answers an agenda's days (?days=) that are not a whole
// number of days within the calendar's years, at most
// calendar.MaxAgendaDays on a page.
func badAgendaDays() error {
	return badRequest(fmt.Sprintf("The agenda's days must be a whole number from 1 to %d, within the calendar's years.", calendar.MaxAgendaDays))
}
