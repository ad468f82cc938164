package handlers

import (
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// eventShow shows an event's details (or one occurrence's, ?occ=): a page,
// or the event dialog for htmx.
func (h *Handler) eventShow(c *fiber.Ctx) error {
	v := viewerOf(c)
	t, err := h.target(c, v)
	if err != nil {
		return err
	}
	d := h.detailsOf(&t, v.Loc)
	d.InDialog = isFragment(c)
	return h.renderEvent(c, fiber.StatusOK, t.Event.Title, views.EventDetailsContent(d))
}

// detailsOf is the details view model of a target in loc: for a series,
// the master's id, the occurrence and the rule in words.
func (h *Handler) detailsOf(t *events.Target, loc *time.Location) views.EventDetails {
	d := eventDetails(t.Event, loc)
	if t.IsSeries() {
		d.ID = t.Master.ID
		d.Occ = t.OccParam()
		d.Repeats = t.Repeats()
		d.Changed = t.Override
	}
	return d
}

// renderEvent writes event content as a page, or for htmx as the event
// dialog (only its content when swapped into the open dialog).
func (h *Handler) renderEvent(c *fiber.Ctx, status int, title string, content templ.Component) error {
	frag := content
	if c.Get(hxTarget) != views.EventDialogID {
		frag = views.EventDialog(content)
	}
	return h.render(c, status, page{Title: title, Nav: "calendar", Content: content, Fragment: frag})
}

// eventDetails is the details view model of ev in loc.
func eventDetails(ev db.Event, loc *time.Location) views.EventDetails {
	name, ok := palette.Name(ev.Color)
	if !ok {
		name = ev.Color
	}
	return views.EventDetails{
		ID:          ev.ID,
		Title:       ev.Title,
		When:        eventWhenText(ev.StartsAt, ev.EndsAt, ev.AllDay, loc),
		Location:    ev.Location,
		Description: ev.Description,
		Color:       ev.Color,
		ColorName:   name,
		CalendarURL: paths.Month(calendar.DateOf(ev.StartsAt, loc)),
	}
}

// eventWhenText formats an event's time in loc: "Mon 9 Jun 2025,
// 09:00–10:00", "Mon 9 Jun 2025, 22:00 – Tue 10 Jun 2025, 02:00", or for an
// all-day event "Mon 9 – Wed 11 Jun 2025 (all day)".
func eventWhenText(start, end time.Time, allDay bool, loc *time.Location) string {
	first, last := calendar.SpanDates(start, end, allDay, loc)
	if allDay {
		return dayRangeText(first, last) + " (all day)"
	}
	s, e := start.In(loc), end.In(loc)
	switch {
	case !end.After(start):
		return longDateText(first) + ", " + s.Format("15:04")
	case first == last:
		return longDateText(first) + ", " + s.Format("15:04") + "–" + e.Format("15:04")
	}
	return longDateText(first) + ", " + s.Format("15:04") + " – " + longDateText(calendar.DateOf(end, loc)) + ", " + e.Format("15:04")
}

// longDateText formats d as "Mon 9 Jun 2025".
func longDateText(d calendar.Date) string {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Format("Mon 2 Jan 2006")
}

// dayRangeText formats first to last (inclusive), sharing the month and
// year where they agree: "Mon 9 – Wed 11 Jun 2025".
func dayRangeText(first, last calendar.Date) string {
	if first == last {
		return longDateText(first)
	}
	l := longDateText(last)
	f := strings.Fields(longDateText(first)) // weekday, day, month, year
	switch {
	case first.Y == last.Y && first.M == last.M:
		return f[0] + " " + f[1] + " – " + l
	case first.Y == last.Y:
		return f[0] + " " + f[1] + " " + f[2] + " – " + l
	}
	return longDateText(first) + " – " + l
}
