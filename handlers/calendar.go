package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// Dates the calendar navigates: a year inside 2..9998 keeps every date a
// view shows (and its neighbours) within what ParseDate accepts.
const (
	calMinYear = 2
	calMaxYear = 9998
)

// calendarPage is GET /calendar?view=month|week|day&date=YYYY-MM-DD.
func (h *Handler) calendarPage(c *fiber.Ctx) error {
	v := viewerOf(c)
	view, d, err := h.calendarQuery(c, v)
	if err != nil {
		return err
	}
	cv, err := h.calendarView(c.UserContext(), v, "/calendar", view, d)
	if err != nil {
		return err
	}
	region := views.CalendarRegion(cv)
	return h.render(c, fiber.StatusOK, page{Title: cv.Title, Nav: "calendar", Content: region})
}

// calendarQuery reads the view (default month) and date (default today in
// v's zone) of a calendar URL; bad values are a 400.
func (h *Handler) calendarQuery(c *fiber.Ctx, v *Viewer) (calendar.View, calendar.Date, error) {
	view, err := calendar.ParseView(c.Query("view"))
	if err != nil {
		return "", calendar.Date{}, badRequest("The calendar view must be month, week or day.")
	}
	d, err := h.queryDate(c, v)
	return view, d, err
}

// queryDate reads ?date=YYYY-MM-DD, defaulting to today in v's zone.
func (h *Handler) queryDate(c *fiber.Ctx, v *Viewer) (calendar.Date, error) {
	s := c.Query("date")
	if s == "" {
		return calendar.Today(h.now(), v.Loc), nil
	}
	d, err := calendar.ParseDate(s)
	if err != nil || !calDateOK(d) {
		return calendar.Date{}, badRequest("The date must be a real date written as YYYY-MM-DD, for example 2025-06-01.")
	}
	return d, nil
}

// calDateOK reports whether d is a date the calendar navigates to.
func calDateOK(d calendar.Date) bool { return d.Y >= calMinYear && d.Y <= calMaxYear }

// navURL is calURL, or "" when d is outside the navigable years.
func navURL(base string, view calendar.View, d calendar.Date) string {
	if !calDateOK(d) {
		return ""
	}
	return paths.Calendar(base, view, d)
}

// calendarView loads the events of view at d (through the cache) and builds
// the calendar region's model; base is the path its links stay on.
func (h *Handler) calendarView(ctx context.Context, v *Viewer, base string, view calendar.View, d calendar.Date) (views.CalendarView, error) {
	ws := v.WeekStart
	rng := calendar.ViewRange(view, d, ws)
	days := rng.Days()
	byDay, err := h.events.Days(ctx, owner(v), days)
	if err != nil {
		return views.CalendarView{}, err
	}
	today := calendar.Today(h.now(), v.Loc)
	unit := string(view)
	cv := views.CalendarView{
		View:      unit,
		Date:      d.String(),
		Title:     calendar.Title(view, d, ws),
		Base:      base,
		URL:       paths.Calendar(base, view, d),
		Prev:      navURL(base, view, calendar.Prev(view, d)),
		Next:      navURL(base, view, calendar.Next(view, d)),
		Today:     paths.Calendar(base, view, calendar.Date{}),
		PrevLabel: "Previous " + unit,
		NextLabel: "Next " + unit,
		NewURL:    "/events/new",
	}
	for _, vw := range []calendar.View{calendar.Month, calendar.Week, calendar.Day} {
		cv.Views = append(cv.Views, views.CalLink{Label: viewLabel(vw), URL: paths.Calendar(base, vw, d), Current: vw == view})
	}
	if view == calendar.Day {
		cv.NewURL += "?date=" + d.String()
	}

	var hasEvents bool
	if view == calendar.Month {
		for _, day := range days[:7] {
			wd := day.Weekday().String()
			cv.Weekdays = append(cv.Weekdays, views.CalWeekday{Short: wd[:3], Long: wd})
		}
		cv.Weeks, hasEvents = monthWeeks(byDay, days, d.M, today, base, v.Loc)
	} else {
		for _, day := range days {
			col := dayColumn(byDay[day], day, v.Loc)
			col.URL = paths.Calendar(base, calendar.Day, day)
			col.Today = day == today
			hasEvents = hasEvents || len(byDay[day]) > 0
			cv.Columns = append(cv.Columns, col)
		}
	}
	if !hasEvents {
		cv.Empty = "No events this " + unit + "."
		if view == calendar.Day {
			cv.Empty = "No events on this day."
		}
	}
	return cv, nil
}

// monthWeeks lays days (the 42-day grid of month m) out in rows of 7, with
// at most views.MaxChips chips a day; hasEvents reports whether any day of
// the month itself has events.
func monthWeeks(byDay map[calendar.Date][]db.Event, days []calendar.Date, m time.Month, today calendar.Date, base string, loc *time.Location) (weeks [][]views.CalCell, hasEvents bool) {
	for w := 0; w+7 <= len(days); w += 7 {
		row := make([]views.CalCell, 0, 7)
		for _, day := range days[w : w+7] {
			evs := byDay[day]
			cell := views.CalCell{
				Day:     day.D,
				Label:   dayLabel(day),
				URL:     paths.Calendar(base, calendar.Day, day),
				Outside: day.M != m,
				Today:   day == today,
			}
			for i, e := range evs {
				if i == views.MaxChips {
					cell.More = len(evs) - i
					break
				}
				cell.Chips = append(cell.Chips, chipOn(e, day, loc))
			}
			hasEvents = hasEvents || (len(evs) > 0 && !cell.Outside)
			row = append(row, cell)
		}
		weeks = append(weeks, row)
	}
	return weeks, hasEvents
}

// dayColumn is one day of the week or day view: all-day events (and timed
// ones of a day or more) in the all-day row, the others placed by
// calendar.LayoutDay.
func dayColumn(evs []db.Event, day calendar.Date, loc *time.Location) views.CalColumn {
	col := views.CalColumn{
		Head:  day.Weekday().String()[:3] + " " + strconv.Itoa(day.D),
		Label: dayLabel(day),
	}
	var timed []db.Event
	var items []calendar.Interval
	for _, e := range evs {
		if e.AllDay || e.EndsAt.Sub(e.StartsAt) >= 24*time.Hour {
			col.AllDay = append(col.AllDay, chipOn(e, day, loc))
			continue
		}
		timed = append(timed, e)
		items = append(items, calendar.Interval{Start: e.StartsAt, End: e.EndsAt})
	}
	for _, p := range calendar.LayoutDay(items, day, loc) {
		col.Timed = append(col.Timed, views.Slot{
			Chip: chipOn(timed[p.Index], day, loc),
			Top:  p.TopMin, Height: p.HeightMin,
			Col: p.Column, Cols: p.Columns,
		})
	}
	return col
}

// dayLabel is "Monday 9 June".
func dayLabel(d calendar.Date) string {
	return d.Weekday().String() + " " + strconv.Itoa(d.D) + " " + d.M.String()
}

func viewLabel(v calendar.View) string {
	switch v {
	case calendar.Week:
		return "Week"
	case calendar.Day:
		return "Day"
	}
	return "Month"
}
