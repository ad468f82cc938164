package handlers

import (
	"strconv"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/recur"
	"github.com/eventcal/eventcal/views"
)

// eventsChanged is the htmx event a create, update or delete triggers
// (HX-Trigger); the calendar refreshes and the dialog closes on it.
const eventsChanged = "eventsChanged"

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
	return h.renderEvent(c, fiber.StatusOK, t.ev.Title, views.EventDetailsContent(d))
}

// parseEventID accepts a positive decimal id; anything else ("abc", "-1",
// "+5", "5.ics", an overflow) names no event.
func parseEventID(s string) (int64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}

// target reads what the request's /events/:id[?occ=] names for v through
// the cache (no SQL on a hit); see resolveTarget.
func (h *Handler) target(c *fiber.Ctx, v *Viewer) (eventTarget, error) {
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return eventTarget{}, notFound()
	}
	return h.resolveTarget(c.UserContext(), v, id, occParam(c))
}

// occParam is the request's occurrence: ?occ=, else a posted occ field.
func occParam(c *fiber.Ctx) string {
	if s := c.Query("occ"); s != "" {
		return s
	}
	return c.FormValue("occ")
}

// detailsOf is the details view model of a target in loc: for a series,
// the master's id, the occurrence and the rule in words.
func (h *Handler) detailsOf(t *eventTarget, loc *time.Location) views.EventDetails {
	d := eventDetails(t.ev, loc)
	if t.isSeries() {
		d.ID = t.master.ID
		d.Occ = t.occParam()
		d.Repeats = recur.Describe(t.series.Rule, t.series.Start, t.series.Loc)
		d.Changed = t.override
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
		CalendarURL: calendarMonthURL(calendar.DateOf(ev.StartsAt, loc)),
	}
}

// calendarMonthURL is the month view around d.
func calendarMonthURL(d calendar.Date) string {
	return "/calendar?view=month&date=" + d.String()
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

// eventDates lists the local dates (in loc) the given versions of an event
// cover, without repeats: what EventChanged must invalidate.
func eventDates(loc *time.Location, evs ...db.Event) []string {
	var out []string
	seen := map[calendar.Date]bool{}
	for _, ev := range evs {
		for _, d := range calendar.CoveredDays(ev.StartsAt, ev.EndsAt, ev.AllDay, loc) {
			if !seen[d] {
				seen[d] = true
				out = append(out, d.String())
			}
		}
	}
	return out
}

// eventDetailsPath is the address of an event's details.
func eventDetailsPath(id int64) string { return "/events/" + strconv.FormatInt(id, 10) }

// occDetailsPath is the address of an event's details, or of one of its
// occurrences' (occ "" for none).
func occDetailsPath(id int64, occ string) string {
	if occ == "" {
		return eventDetailsPath(id)
	}
	return eventDetailsPath(id) + "?occ=" + occ
}
