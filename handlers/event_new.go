package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// eventNew shows the empty event form. ?date=YYYY-MM-DD prefills 09:00–10:00
// that day; otherwise the next full hour of today.
func (h *Handler) eventNew(c *fiber.Ctx) error {
	v := viewerOf(c)
	f := views.EventForm{CancelURL: "/"} // the calendar's colour
	day := calendar.Today(h.now(), v.Loc)
	if d, err := calendar.ParseDate(c.Query("date")); err == nil && events.YearOK(d) {
		f.Start, f.End = hourSlot(d, 9), hourSlot(d, 10)
		f.CancelURL = paths.Month(d)
		day = d
	} else {
		now := h.now().In(v.Loc)
		f.Start, f.End = hourSlot(day, now.Hour()+1), hourSlot(day, now.Hour()+2)
	}
	f.SetRepeat("", "", day)
	def, err := h.events.DefaultReminder(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	if def != nil { // the settings' default reminder
		f.Reminders = []string{strconv.Itoa(int(*def))}
	}
	return h.renderEventForm(c, fiber.StatusOK, f)
}

// hourSlot is the datetime-local value of hour:00 on d (hours past 23 run
// into the following days).
func hourSlot(d calendar.Date, hour int) string {
	d = d.AddDays(hour / 24)
	hh := strconv.Itoa(hour % 24)
	if len(hh) == 1 {
		hh = "0" + hh
	}
	return d.String() + "T" + hh + ":00"
}

// renderEventForm shows the create or edit form, as a page or in the dialog.
func (h *Handler) renderEventForm(c *fiber.Ctx, status int, f views.EventForm) error {
	v := viewerOf(c)
	f.CSRFToken = csrfToken(c)
	f.TimeZone = v.TZName
	f.InDialog = isFragment(c)
	cals, err := h.writableCalendars(c.UserContext(), v.ID)
	if err != nil {
		return err
	}
	f.Calendars = cals
	title := "New event"
	if f.ID != 0 {
		title = "Edit event"
	}
	return h.renderEvent(c, status, title, views.EventFormContent(f))
}

// eventSaved answers a successful create or update: a plain post is sent
// to the details of what was saved (an event, a series, or one occurrence,
// occ) with 303; htmx gets those details as a new dialog and HX-Trigger
// eventsChanged, which closes the form's dialog and refreshes the calendar
// behind it.
func (h *Handler) eventSaved(c *fiber.Ctx, v *Viewer, id int64, occ string) error {
	if !isFragment(c) {
		return c.Redirect(paths.Event(id, "", occ), fiber.StatusSeeOther)
	}
	t, err := h.events.Resolve(c.UserContext(), v.ID, id, occ)
	if err != nil {
		return err
	}
	d, err := h.detailsOf(c, v, &t)
	if err != nil {
		return err
	}
	d.InDialog = true
	c.Vary(hxRequest)
	c.Set(hxTrigger, eventsChanged)
	c.Set(hxRetarget, "#dialog-root")
	c.Set(hxReswap, "innerHTML")
	return h.write(c, fiber.StatusOK, views.EventDialog(views.EventDetailsContent(d)))
}
