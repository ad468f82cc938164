package events

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// Upcoming list bounds.
const (
	UpcomingDays = 30
	UpcomingMax  = 20
)

// Days returns the events covering each of days (local dates in o's
// zone) through the by-date cache: one MGET, and for the misses ONE
// range query from the first missing date's start to the end of the last
// one, which also returns the series that may recur then (with their
// overrides' recurrence ids); each event, and each occurrence of a series
// in that span (see cache.Record), is bucketed into every missing date it
// covers. Every day is in the result, its events all-day first, then by
// start; the slices may be shared and must not be modified.
func (s *Service) Days(ctx context.Context, o Owner, days []calendar.Date) (map[calendar.Date][]db.Event, error) {
	keys := make([]string, len(days))
	byKey := make(map[string]calendar.Date, len(days))
	for i, d := range days {
		keys[i] = d.String()
		byKey[keys[i]] = d
	}
	loc := o.Loc
	load := func(ctx context.Context, missing []string) (map[string][]db.Event, error) {
		out := make(map[string][]db.Event, len(missing))
		if len(missing) == 0 {
			return out, nil
		}
		dates := make([]calendar.Date, len(missing))
		var span calendar.Range
		for i, k := range missing {
			d := byKey[k]
			dates[i] = d
			if i == 0 || d.Before(span.From) {
				span.From = d
			}
			if i == 0 || !d.Before(span.To) {
				span.To = d.AddDays(1)
			}
		}
		from, to := span.Bounds(loc)
		rows, err := s.store.ListEventsInRange(ctx, db.ListEventsInRangeParams{UserID: o.ID, FromTime: from, ToTime: to})
		if err != nil {
			return nil, err
		}
		evs := make([]db.Event, 0, len(rows))
		expanded := false
		for i := range rows {
			r := &rows[i]
			r.Event.Color = cmp.Or(r.Event.Color, r.CalendarColor)
			if r.Event.Rrule == "" {
				evs = append(evs, r.Event)
				continue
			}
			expanded = true
			evs = append(evs, s.expand(ctx, &r.Event, r.Overridden, from, to, 0)...)
		}
		for d, evs := range bucketByDay(evs, dates, span, loc) {
			if expanded {
				slices.SortStableFunc(evs, ListOrder)
			}
			out[d.String()] = evs
		}
		return out, nil
	}
	got, err := s.cache.Days(ctx, o.ID, keys, load)
	if err != nil {
		return nil, err
	}
	res := make(map[calendar.Date][]db.Event, len(days))
	for _, d := range days {
		res[d] = got[d.String()]
	}
	return res, nil
}

// bucketByDay puts each event into every one of dates (all within span)
// that it covers, in loc; the days' slices share one backing array.
func bucketByDay(evs []db.Event, dates []calendar.Date, span calendar.Range, loc *time.Location) map[calendar.Date][]db.Event {
	count := make(map[calendar.Date]int, len(dates))
	for _, d := range dates {
		count[d] = 0
	}
	spans := make([]calendar.Range, len(evs))
	total := 0
	for i := range evs {
		e := &evs[i]
		in, ok := calendar.CoveredRangeIn(e.StartsAt, e.EndsAt, e.AllDay, loc, span)
		if !ok {
			continue
		}
		spans[i] = in
		for d := in.From; d.Before(in.To); d = d.AddDays(1) {
			if n, want := count[d]; want {
				count[d] = n + 1
				total++
			}
		}
	}
	backing := make([]db.Event, total)
	out := make(map[calendar.Date][]db.Event, len(dates))
	off := 0
	for _, d := range dates {
		out[d] = backing[off : off : off+count[d]]
		off += count[d]
	}
	for i, in := range spans {
		for d := in.From; d.Before(in.To); d = d.AddDays(1) {
			if day, want := out[d]; want {
				out[d] = append(day, evs[i])
			}
		}
	}
	return out
}

// ListOrder is the order of a day's events: all-day first, then by start.
func ListOrder(a, b db.Event) int {
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

// Upcoming returns user uid's events and occurrences of the next
// UpcomingDays days (at most UpcomingMax, ongoing ones included, by start)
// through the upcoming cache. Events that ended since the list was cached
// are left out.
func (s *Service) Upcoming(ctx context.Context, uid int64) ([]db.Event, error) {
	evs, err := s.cache.Upcoming(ctx, uid, func(ctx context.Context) ([]db.Event, error) {
		now := s.now()
		until := now.AddDate(0, 0, UpcomingDays)
		rows, err := s.store.ListUpcomingEvents(ctx, db.ListUpcomingEventsParams{
			UserID:    uid,
			NowTime:   now,
			UntilTime: until,
			MaxRows:   UpcomingMax,
		})
		if err != nil {
			return nil, err
		}
		out := make([]db.Event, 0, len(rows))
		for i := range rows {
			r := &rows[i]
			r.Event.Color = cmp.Or(r.Event.Color, r.CalendarColor)
			if r.Event.Rrule == "" {
				out = append(out, r.Event)
				continue
			}
			// Ongoing at now counts (end ≥ now), as in the query.
			out = append(out, s.expand(ctx, &r.Event, r.Overridden, now.Add(-time.Nanosecond), until, UpcomingMax)...)
		}
		slices.SortStableFunc(out, func(a, b db.Event) int {
			if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
				return c
			}
			return cmp.Compare(a.ID, b.ID)
		})
		return out[:min(len(out), UpcomingMax)], nil
	})
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]db.Event, 0, len(evs))
	for _, e := range evs {
		if !e.EndsAt.Before(now) {
			out = append(out, e)
		}
	}
	return out, nil
}
