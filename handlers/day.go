package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// dayEvents is GET /events?date=YYYY-MM-DD (default today): one day's
// events as a list, through the same by-date cache as the calendar.
func (h *Handler) dayEvents(c *fiber.Ctx) error {
	v := viewerOf(c)
	d, err := h.queryDate(c, v)
	if err != nil {
		return err
	}
	covers := daysCovers(calendar.Range{From: d, To: d.AddDays(1)}, false)
	return h.cached(c, "day|"+d.String(), covers, func() (built, error) {
		byDay, err := h.events.Days(c.UserContext(), owner(v), []calendar.Date{d})
		if err != nil {
			return built{}, err
		}
		dl := dayList(d, v)
		for _, e := range viewEvents(byDay[d]) {
			dl.Events = append(dl.Events, views.Listed(e, v.Loc, v.Clock, &d))
		}
		return built{page: page{Title: "Events on " + dl.Title, Nav: "calendar", Content: views.DayListRegion(dl)}}, nil
	})
}

// dayList is the day list's model of d without its events.
func dayList(d calendar.Date, v *Viewer) views.DayList {
	dl := views.DayList{
		Date:        d.String(),
		Title:       calendar.Title(calendar.Day, d, v.WeekStart),
		URL:         paths.DayList(d),
		Today:       "/events",
		CalendarURL: paths.Calendar("/calendar", calendar.Day, d),
		NewURL:      "/events/new?date=" + d.String(),
	}
	if p := d.AddDays(-1); calendar.Navigable(p) {
		dl.Prev = paths.DayList(p)
	}
	if n := d.AddDays(1); calendar.Navigable(n) {
		dl.Next = paths.DayList(n)
	}
	return dl
}
