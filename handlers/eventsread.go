package handlers

import (
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/views"
)

// The conversion of listed events (events.Service.Days, Upcoming) into the
// views' models.

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
		le.When = views.DayWhen(e.AllDay, s, en, first, last, *day)
	case e.AllDay && first == last:
		le.When = views.ShortDate(first) + ", all day"
	case e.AllDay:
		le.When = views.ShortDate(first) + " – " + views.ShortDate(last) + ", all day"
	case first == last:
		le.When = views.ShortDate(first) + ", " + s.Format("15:04") + "–" + en.Format("15:04")
	default:
		le.When = views.ShortDate(first) + ", " + s.Format("15:04") + " – " + views.ShortDate(last) + ", " + en.Format("15:04")
	}
	return le
}
