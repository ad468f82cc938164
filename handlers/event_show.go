package handlers

import (
	"errors"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
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
	id := c.Params("id")
	covers := cache.Covers{Events: 1, Names: func() []string { return []string{"event " + id} }}
	return h.cached(c, "event|"+id+"|"+c.Query("occ"), covers, func() (built, error) {
		t, err := h.target(c, v)
		if err != nil {
			return built{}, err
		}
		d, err := h.detailsOf(c, v, &t)
		if err != nil {
			return built{}, err
		}
		d.InDialog = isFragment(c)
		return built{page: h.eventPage(c, t.Event.Title, views.EventDetailsContent(d))}, nil
	})
}

// detailsOf is the details view model of a target in v's zone, with the
// name of its calendar and whether v may change it: for a series, the
// master's id, the occurrence and the rule in words.
func (h *Handler) detailsOf(c *fiber.Ctx, v *Viewer, t *events.Target) (views.EventDetails, error) {
	d := eventDetails(t.Event, v.Loc, v.Clock)
	d.CanEdit = t.CanWrite()
	if t.IsSeries() {
		d.ID = t.Master.ID
		d.Occ = t.OccParam()
		d.Repeats = t.Repeats()
		d.Changed = t.Override
	}
	if t.Role == events.RoleOwner { // reminders remind the owner only
		d.Reminders = views.ReminderTexts(t.Reminders())
	}
	cal, err := h.events.Calendar(c.UserContext(), v.ID, t.Event.CalendarID)
	if err == nil {
		d.CalName, d.CalColor, d.CalURL = cal.Name, palette.Or(cal.Color), paths.CalendarPage(cal.ID, "")
		if t.Event.Color == "" { // the calendar's colour
			d.Color, d.ColorName = d.CalColor, "The calendar's ("+views.ColorName(d.CalColor)+")"
		}
	} else if errors.Is(err, events.ErrNotFound) {
		err = nil // the event's calendar is not one the viewer reads: no name
	}
	return d, err
}

// renderEvent writes event content as a page, or for htmx as the event
// dialog (only its content when swapped into the open dialog).
func (h *Handler) renderEvent(c *fiber.Ctx, status int, title string, content templ.Component) error {
	return h.render(c, status, h.eventPage(c, title, content))
}

// eventPage is event content as a page, or for htmx the event dialog (only
// its content when swapped into the open dialog).
func (h *Handler) eventPage(c *fiber.Ctx, title string, content templ.Component) page {
	frag := content
	if c.Get(hxTarget) != views.EventDialogID {
		frag = views.EventDialog(content)
	}
	return page{Title: title, Nav: "calendar", Content: content, Fragment: frag}
}

// eventDetails is the details view model of ev in loc, times on clock.
func eventDetails(ev db.Event, loc *time.Location, clock calendar.Clock) views.EventDetails {
	name := views.ColorName(ev.Color)
	return views.EventDetails{
		ID:          ev.ID,
		Title:       ev.Title,
		When:        views.WhenText(ev.StartsAt, ev.EndsAt, ev.AllDay, loc, clock),
		Location:    ev.Location,
		Description: ev.Description,
		Color:       ev.Color,
		ColorName:   name,
		CalendarURL: paths.Month(calendar.DateOf(ev.StartsAt, loc)),
		MoveStart:   moveStartValue(ev, loc),
		AllDay:      ev.AllDay,
	}
}

// moveStartValue is ev's start as the Move field shows it: the first day
// of an all-day event, else the local date-time.
func moveStartValue(ev db.Event, loc *time.Location) string {
	if ev.AllDay {
		return calendar.DateOf(ev.StartsAt, loc).String()
	}
	return calendar.FormatLocalInput(ev.StartsAt, loc)
}
