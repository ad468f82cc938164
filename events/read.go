package events

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/eventcal/eventcal/cache"
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
	keys := dateKeys(days)
	got, err := s.cache.Days(ctx, o.ID, keys, func(ctx context.Context, missing []string) (map[string][]db.Event, error) {
		if len(missing) == 0 {
			return map[string][]db.Event{}, nil
		}
		return s.loadKeyed(ctx, o, missing, keys, days, s.store.EachEventInRange)
	})
	if err != nil {
		return nil, err
	}
	return byDate(days, keys, got), nil
}

// UpcomingAndDays is Upcoming and Days together (the dashboard): one cache
// read and, for whatever it misses, one round trip to Postgres, a batch of
// both queries when both missed.
func (s *Service) UpcomingAndDays(ctx context.Context, o Owner, days []calendar.Date) ([]db.Event, map[calendar.Date][]db.Event, error) {
	keys := dateKeys(days)
	got, err := s.cache.UpcomingAndDays(ctx, o.ID, keys, func(ctx context.Context, upcoming bool, missing []string) (cache.Lists, error) {
		switch {
		case upcoming && len(missing) > 0:
			arg := s.upcomingArgs(o.ID)
			var rows []db.ListUpcomingEventsRow
			byKey, err := s.loadKeyed(ctx, o, missing, keys, days, func(ctx context.Context, rng db.ListEventsInRangeParams, fn func(*db.ListEventsInRangeRow)) error {
				var err error
				rows, err = s.store.UpcomingAndRange(ctx, arg, rng, fn)
				return err
			})
			if err != nil {
				return cache.Lists{}, err
			}
			return cache.Lists{Upcoming: s.upcomingOf(ctx, rows, arg), Days: byKey}, nil
		case upcoming:
			evs, err := s.loadUpcoming(ctx, o.ID)
			return cache.Lists{Upcoming: evs}, err
		case len(missing) > 0:
			byKey, err := s.loadKeyed(ctx, o, missing, keys, days, s.store.EachEventInRange)
			return cache.Lists{Days: byKey}, err
		}
		return cache.Lists{}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return s.notEnded(got.Upcoming), byDate(days, keys, got.Days), nil
}

// dateKeys are days as the by-date cache's keys (one string underneath).
func dateKeys(days []calendar.Date) []string {
	b := make([]byte, 0, len(days)*len("2006-01-02"))
	ends := make([]int, len(days))
	for i, d := range days {
		b = d.Append(b)
		ends[i] = len(b)
	}
	all := string(b)
	keys := make([]string, len(days))
	from := 0
	for i := range days {
		keys[i] = all[from:ends[i]]
		from = ends[i]
	}
	return keys
}

// loadKeyed loads the events of the dates keyed missing (not empty) with
// read (see loadDays), keyed as the by-date cache keys them. keys[i] is
// days[i]'s key, and missing holds some of keys in their order (the cache
// asks for each date once, in the order it was asked).
func (s *Service) loadKeyed(ctx context.Context, o Owner, missing, keys []string, days []calendar.Date, read rangeReader) (map[string][]db.Event, error) {
	dates := make([]calendar.Date, 0, len(missing))
	for i, k := range keys {
		if len(dates) < len(missing) && k == missing[len(dates)] {
			dates = append(dates, days[i])
		}
	}
	if len(dates) != len(missing) {
		return nil, fmt.Errorf("events: dates missed out of the order asked: %v", missing)
	}
	byDay, err := s.loadDays(ctx, o, dates, read)
	if err != nil {
		return nil, err
	}
	out := make(map[string][]db.Event, len(dates))
	for i, evs := range byDay {
		out[missing[i]] = evs
	}
	return out, nil
}

// byDate is the events of each of days (keys[i] is days[i]'s key), from
// the cache's map by key.
func byDate(days []calendar.Date, keys []string, got map[string][]db.Event) map[calendar.Date][]db.Event {
	res := make(map[calendar.Date][]db.Event, len(days))
	for i, d := range days {
		res[d] = got[keys[i]]
	}
	return res
}

// rangeReader reads the rows of one ListEventsInRange, handing each to fn.
type rangeReader func(ctx context.Context, arg db.ListEventsInRangeParams, fn func(*db.ListEventsInRangeRow)) error

// loadDays reads the events of dates (not empty) with one range query (by read)
// over the span from the earliest to the last of them, expands the series
// and buckets everything by local date: the result's i-th list is dates[i]'s.
// The rows are read into a pooled slice that only lives until they are
// bucketed.
func (s *Service) loadDays(ctx context.Context, o Owner, dates []calendar.Date, read rangeReader) ([][]db.Event, error) {
	span := calendar.Range{From: dates[0], To: dates[0].AddDays(1)}
	for _, d := range dates[1:] {
		if d.Before(span.From) {
			span.From = d
		}
		if !d.Before(span.To) {
			span.To = d.AddDays(1)
		}
	}
	from, to := span.Bounds(o.Loc)
	buf, _ := s.rows.Get().(*[]db.Event)
	if buf == nil {
		buf = new([]db.Event)
	}
	evs := (*buf)[:0]
	defer func() {
		clear(evs) // drop the strings and slices the pool would keep alive
		*buf = evs[:0]
		s.rows.Put(buf)
	}()
	expanded := false
	err := read(ctx, db.ListEventsInRangeParams{UserID: o.ID, FromTime: from, ToTime: to}, func(r *db.ListEventsInRangeRow) {
		r.Event.Color = cmp.Or(r.Event.Color, r.CalendarColor)
		if r.Event.Rrule == "" {
			evs = append(evs, r.Event)
			return
		}
		expanded = true
		evs = append(evs, s.expand(ctx, &r.Event, r.Overridden, from, to, 0)...)
	})
	if err != nil {
		return nil, err
	}
	byDay := bucketByDay(evs, dates, span, o.Loc)
	if expanded {
		for _, evs := range byDay {
			slices.SortStableFunc(evs, ListOrder)
		}
	}
	return byDay, nil
}

// bucketByDay puts each event into every one of dates (all within span)
// that it covers, in loc: the i-th list is dates[i]'s, and the lists share
// one backing array. Days are counted as offsets from span's first day, so
// an event costs its covered range and no lookups.
func bucketByDay(evs []db.Event, dates []calendar.Date, span calendar.Range, loc *time.Location) [][]db.Event {
	n, offsets := span.Len(), span.Offsets()
	index := make([]int, len(dates)) // each date's offset in span
	for i, d := range dates {
		index[i] = offsets.Index(d)
	}
	count := make([]int, n)
	want := make([]bool, n)
	for _, k := range index {
		want[k] = true
	}
	covers := make([][2]int, len(evs)) // [first, end) offsets in span
	total := 0
	for i := range evs {
		e := &evs[i]
		a, b, ok := offsets.Covered(e.StartsAt, e.EndsAt, e.AllDay, loc)
		if !ok {
			continue
		}
		covers[i] = [2]int{a, b}
		for k := a; k < b; k++ {
			if want[k] {
				count[k]++
				total++
			}
		}
	}
	backing := make([]db.Event, total)
	days := make([][]db.Event, n)
	off := 0
	for _, k := range index {
		days[k] = backing[off : off : off+count[k]]
		off += count[k]
	}
	for i, c := range covers {
		for k := c[0]; k < c[1]; k++ {
			if want[k] {
				days[k] = append(days[k], evs[i])
			}
		}
	}
	out := make([][]db.Event, len(dates))
	for i, k := range index {
		out[i] = days[k]
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
		return s.loadUpcoming(ctx, uid)
	})
	if err != nil {
		return nil, err
	}
	return s.notEnded(evs), nil
}

// upcomingArgs are the upcoming list's query arguments from now.
func (s *Service) upcomingArgs(uid int64) db.ListUpcomingEventsParams {
	now := s.now()
	return db.ListUpcomingEventsParams{UserID: uid, NowTime: now, UntilTime: now.AddDate(0, 0, UpcomingDays), MaxRows: UpcomingMax}
}

// loadUpcoming reads the upcoming list from Postgres.
func (s *Service) loadUpcoming(ctx context.Context, uid int64) ([]db.Event, error) {
	arg := s.upcomingArgs(uid)
	rows, err := s.store.ListUpcomingEvents(ctx, arg)
	if err != nil {
		return nil, err
	}
	return s.upcomingOf(ctx, rows, arg), nil
}

// upcomingOf is the upcoming list of the rows read with arg: the single
// events and the series' occurrences, by start, at most UpcomingMax.
func (s *Service) upcomingOf(ctx context.Context, rows []db.ListUpcomingEventsRow, arg db.ListUpcomingEventsParams) []db.Event {
	out := make([]db.Event, 0, len(rows))
	for i := range rows {
		r := &rows[i]
		r.Event.Color = cmp.Or(r.Event.Color, r.CalendarColor)
		if r.Event.Rrule == "" {
			out = append(out, r.Event)
			continue
		}
		// Ongoing at now counts (end ≥ now), as in the query.
		out = append(out, s.expand(ctx, &r.Event, r.Overridden, arg.NowTime.Add(-time.Nanosecond), arg.UntilTime, UpcomingMax)...)
	}
	slices.SortStableFunc(out, func(a, b db.Event) int {
		if c := a.StartsAt.Compare(b.StartsAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out[:min(len(out), UpcomingMax)]
}

// notEnded is evs without the events that ended before now (a cached list
// may hold them): evs itself when none did.
func (s *Service) notEnded(evs []db.Event) []db.Event {
	now := s.now()
	ended := func(e db.Event) bool { return e.EndsAt.Before(now) }
	if !slices.ContainsFunc(evs, ended) {
		return evs
	}
	return slices.DeleteFunc(slices.Clone(evs), ended)
}
