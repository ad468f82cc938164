package handlers

import (
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/views"
)

// Read helpers shared by the calendar, the dashboard and the day list: the
// events of local dates and the upcoming list, both through the cache, and
// the conversion of db.Event into the views' models.

// chipOn is an event as day shows it in loc: its start time when it starts
// that day, "–end" when it started earlier and ends that day, and no time
// when it is all-day or runs through the whole day.
func chipOn(e db.Event, day calendar.Date, loc *time.Location) views.Chip {
	ch := views.Chip{Title: e.Title, Color: palette.Or(e.Color), AllDay: e.AllDay}
	ch.ID, ch.Occ = events.Link(&e)
	if e.AllDay {
		return ch
	}
	first, last := calendar.SpanDates(e.StartsAt, e.EndsAt, false, loc)
	switch {
	case first == day:
		ch.Time = e.StartsAt.In(loc).Format("15:04")
	case last == day:
		ch.Time = "–" + e.EndsAt.In(loc).Format("15:04")
	}
	return ch
}

// listedEvent is an event as a list shows it in loc. With day set (the
// day list), When is the time on that day; otherwise (upcoming) it starts
// with the date.
func listedEvent(e db.Event, loc *time.Location, day *calendar.Date) views.ListedEvent {
	le := views.ListedEvent{
		Title:    e.Title,
		Location: e.Location,
		Color:    palette.Or(e.Color),
		Datetime: e.StartsAt.In(loc).Format(time.RFC3339),
	}
	le.ID, le.Occ = events.Link(&e)
	s, en := e.StartsAt.In(loc), e.EndsAt.In(loc)
	first, last := calendar.SpanDates(e.StartsAt, e.EndsAt, e.AllDay, loc)
	if e.AllDay {
		le.Datetime = first.String()
	}
	switch {
	case day != nil:
		le.When = dayWhen(e, s, en, first, last, *day)
	case e.AllDay && first == last:
		le.When = shortDate(first) + ", all day"
	case e.AllDay:
		le.When = shortDate(first) + " – " + shortDate(last) + ", all day"
	case first == last:
		le.When = shortDate(first) + ", " + s.Format("15:04") + "–" + en.Format("15:04")
	default:
		le.When = shortDate(first) + ", " + s.Format("15:04") + " – " + shortDate(last) + ", " + en.Format("15:04")
	}
	return le
}

// dayWhen is an event's time on one day of the day list.
func dayWhen(e db.Event, s, en time.Time, first, last, day calendar.Date) string {
	switch {
	case e.AllDay:
		return "All day"
	case first == day && last == day:
		return s.Format("15:04") + "–" + en.Format("15:04")
	case first == day:
		return "From " + s.Format("15:04")
	case last == day:
		return "Until " + en.Format("15:04")
	}
	return "All day"
}

// shortDate formats d as "Mon 9 Jun".
func shortDate(d calendar.Date) string {
	return d.Weekday().String()[:3] + " " + strconv.Itoa(d.D) + " " + d.M.String()[:3]
}
