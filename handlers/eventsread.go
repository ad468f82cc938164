package handlers

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/views"
)

// Read helpers shared by the calendar, the dashboard and the day list: the
// events of local dates and the upcoming list, both through the cache, and
// the conversion of db.Event into the views' models.

// Upcoming list bounds.
const (
	upcomingDays = 30
	upcomingMax  = 20
)

// eventsOnDates returns the events covering each of days (local dates in
// v's zone) through the by-date cache: one MGET, and for the misses ONE
// range query from the first missing date's start to the end of the last
// one, which also returns the series that may recur then (with their
// overrides' recurrence ids); each event, and each occurrence of a series
// in that span (see cache.Record), is bucketed into every missing date it
// covers. Every day is in the result, its events all-day first, then by
// start; the slices may be shared and must not be modified.
func (h *Handler) eventsOnDates(ctx context.Context, v *Viewer, days []calendar.Date) (map[calendar.Date][]db.Event, error) {
	keys := make([]string, len(days))
	byKey := make(map[string]calendar.Date, len(days))
	for i, d := range days {
		keys[i] = d.String()
		byKey[keys[i]] = d
	}
	loc := v.Loc
	load := func(ctx context.Context, missing []string) (map[string][]db.Event, error) {
		out := make(map[string][]db.Event, len(missing))
		if len(missing) == 0 {
			return out, nil
		}
		var span calendar.Range
		for i, k := range missing {
			out[k] = nil
			d := byKey[k]
			if i == 0 || d.Before(span.From) {
				span.From = d
			}
			if i == 0 || !d.Before(span.To) {
				span.To = d.AddDays(1)
			}
		}
		from, to := span.Bounds(loc)
		rows, err := h.store.ListEventsInRange(ctx, db.ListEventsInRangeParams{UserID: v.ID, FromTime: from, ToTime: to})
		if err != nil {
			return nil, err
		}
		bucket := func(e db.Event) {
			for _, d := range calendar.CoveredDaysIn(e.StartsAt, e.EndsAt, e.AllDay, loc, span) {
				if k := d.String(); hasKey(out, k) {
					out[k] = append(out[k], e)
				}
			}
		}
		expanded := false
		for i := range rows {
			r := &rows[i]
			if r.Event.Rrule == "" {
				bucket(r.Event)
				continue
			}
			expanded = true
			for _, e := range h.expand(ctx, &r.Event, r.Overridden, from, to, 0) {
				bucket(e)
			}
		}
		if expanded {
			for k := range out {
				slices.SortStableFunc(out[k], listOrder)
			}
		}
		return out, nil
	}
	got, err := h.cache.Days(ctx, v.ID, keys, load)
	if err != nil {
		return nil, err
	}
	res := make(map[calendar.Date][]db.Event, len(days))
	for _, d := range days {
		res[d] = got[d.String()]
	}
	return res, nil
}

// listOrder is the order of a day's events: all-day first, then by start.
func listOrder(a, b db.Event) int {
	if a.AllDay != b.AllDay {
		if a.AllDay {
			return -1
		}
		return 1
	}
	if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func hasKey(m map[string][]db.Event, k string) bool {
	_, ok := m[k]
	return ok
}

// upcomingEvents returns v's events and occurrences of the next
// upcomingDays days (at most upcomingMax, ongoing ones included, by start)
// through the upcoming cache. Events that ended since the list was cached
// are left out.
func (h *Handler) upcomingEvents(ctx context.Context, v *Viewer) ([]db.Event, error) {
	evs, err := h.cache.Upcoming(ctx, v.ID, func(ctx context.Context) ([]db.Event, error) {
		now := h.now()
		until := now.AddDate(0, 0, upcomingDays)
		rows, err := h.store.ListUpcomingEvents(ctx, db.ListUpcomingEventsParams{
			UserID:    v.ID,
			NowTime:   now,
			UntilTime: until,
			MaxRows:   upcomingMax,
		})
		if err != nil {
			return nil, err
		}
		out := make([]db.Event, 0, len(rows))
		for i := range rows {
			r := &rows[i]
			if r.Event.Rrule == "" {
				out = append(out, r.Event)
				continue
			}
			// Ongoing at now counts (end ≥ now), as in the query.
			out = append(out, h.expand(ctx, &r.Event, r.Overridden, now.Add(-time.Nanosecond), until, upcomingMax)...)
		}
		slices.SortStableFunc(out, func(a, b db.Event) int {
			if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		return out[:min(len(out), upcomingMax)], nil
	})
	if err != nil {
		return nil, err
	}
	now := h.now()
	out := make([]db.Event, 0, len(evs))
	for _, e := range evs {
		if !e.EndsAt.Before(now) {
			out = append(out, e)
		}
	}
	return out, nil
}

// chipOn is an event as day shows it in loc: its start time when it starts
// that day, "–end" when it started earlier and ends that day, and no time
// when it is all-day or runs through the whole day.
func chipOn(e db.Event, day calendar.Date, loc *time.Location) views.Chip {
	ch := views.Chip{Title: e.Title, Color: palette.Or(e.Color), AllDay: e.AllDay}
	ch.ID, ch.Occ = eventLink(&e)
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
	le.ID, le.Occ = eventLink(&e)
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
