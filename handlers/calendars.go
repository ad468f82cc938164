package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// The calendars list (GET /calendars), a new calendar (POST /calendars)
// and the visibility switch (POST /calendars/:id/visible).

// calendarsPage lists the viewer's calendars, and those shared with them.
func (h *Handler) calendarsPage(c *fiber.Ctx) error {
	return h.renderCalendars(c, fiber.StatusOK, views.CalendarForm{Color: palette.Default})
}

// renderCalendars shows the list with the new-calendar form f.
func (h *Handler) renderCalendars(c *fiber.Ctx, status int, f views.CalendarForm) error {
	v := viewerOf(c)
	cals, err := h.events.Calendars(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	p := views.CalendarsPage{CSRFToken: csrfToken(c), New: f, Notice: views.CalendarNotice(c.Query("done"))}
	for _, cal := range cals {
		p.Items = append(p.Items, calendarItem(c, cal))
	}
	return h.render(c, status, page{Title: "Calendars", Nav: "calendars", Content: views.CalendarsContent(p)})
}

// calendarCreate makes a calendar of the viewer's (303 to its page), or
// shows the list again with the form as typed and its messages (422).
func (h *Handler) calendarCreate(c *fiber.Ctx) error {
	in := readCalendarInput(c)
	cal, err := h.events.CreateCalendar(c.UserContext(), viewerOf(c).ID, in)
	if fe, ok := asFormError(err); ok {
		return h.renderCalendars(c, fiber.StatusUnprocessableEntity, calendarFormOf(in, fe))
	}
	if err != nil {
		return err
	}
	return redirect(c, paths.CalendarPage(cal.ID, "?done=created"))
}

// calendarVisible shows or hides a calendar in the viewer's views
// (visible=on or absent): 303 back to the list, or for htmx the new switch
// and a message for the live region.
func (h *Handler) calendarVisible(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	if err := h.events.SetVisible(ctx, v.ID, id, isChecked(c.FormValue("visible"))); err != nil {
		return err
	}
	if !isFragment(c) {
		return c.Redirect(paths.Calendars, fiber.StatusSeeOther)
	}
	cal, err := h.events.Calendar(ctx, v.ID, id)
	if err != nil {
		return err
	}
	c.Vary(hxRequest)
	return h.write(c, fiber.StatusOK, views.CalendarSwitched(calendarItem(c, cal)))
}

// calendarItem is the view model of a calendar as the viewer sees it.
func calendarItem(c *fiber.Ctx, cal events.Calendar) views.CalendarItem {
	return views.CalendarItem{ID: cal.ID, Name: cal.Name, Color: palette.Or(cal.Color), Owner: cal.Owner,
		Role: string(cal.Role), Visible: cal.Visible, CSRFToken: csrfToken(c)}
}

// readCalendarInput reads the name and colour form.
func readCalendarInput(c *fiber.Ctx) events.CalendarInput {
	return events.CalendarInput{Name: c.FormValue("name"), Color: c.FormValue("color")}
}

// calendarFormOf is the name and colour form as typed, with the messages.
func calendarFormOf(in events.CalendarInput, fe *events.FormError) views.CalendarForm {
	return views.CalendarForm{Name: strings.ToValidUTF8(in.Name, "\uFFFD"), Color: in.Color, Errors: views.FieldErrors(fe.Fields)}
}

// asFormError reports whether err is a service's form error.
func asFormError(err error) (*events.FormError, bool) {
	var fe *events.FormError
	ok := errors.As(err, &fe)
	return fe, ok
}
