package events

import (
	"cmp"
	"context"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
)

// SearchPageSize is how many results a search page holds.
const SearchPageSize = 20

// SearchPage is one cached page of a search: its events (at most
// SearchPageSize; a series as one of its occurrences, see cache.Record),
// whether another page follows, and how many match in all.
type SearchPage struct {
	Events  []db.Event `json:"events"`
	HasMore bool       `json:"has_more"`
	Total   int64      `json:"total"`
}

// Search is one page (from 1) of user uid's events whose title,
// description or location contain q (normalised, see cache.Normalize),
// through the search cache.
func (s *Service) Search(ctx context.Context, uid int64, q string, page int) (SearchPage, error) {
	return cache.Search(ctx, s.cache, uid, q, page, func(ctx context.Context) (SearchPage, error) {
		return s.search(ctx, uid, q, page)
	})
}

// search loads one page of matches: SearchPageSize+1 rows, the extra
// one telling whether more follow.
func (s *Service) search(ctx context.Context, uid int64, q string, pageNo int) (SearchPage, error) {
	rows, err := s.store.SearchEvents(ctx, db.SearchEventsParams{
		UserID:   uid,
		Pattern:  db.ContainsPattern(q),
		NowTime:  s.now(),
		SkipRows: int32((pageNo - 1) * SearchPageSize),
		MaxRows:  SearchPageSize + 1,
	})
	if err != nil {
		return SearchPage{}, err
	}
	r := SearchPage{HasMore: len(rows) > SearchPageSize}
	rows = rows[:min(len(rows), SearchPageSize)]
	r.Events = make([]db.Event, len(rows))
	now := s.now()
	for i := range rows {
		rows[i].Event.Color = cmp.Or(rows[i].Event.Color, rows[i].CalendarColor)
		r.Events[i] = rows[i].Event
		if rows[i].Event.Rrule != "" {
			r.Events[i] = s.shownOccurrence(ctx, &rows[i].Event, rows[i].Overridden, now)
		}
	}
	if len(rows) > 0 {
		r.Total = rows[0].Total
	}
	return r, nil
}

// shownOccurrence is the occurrence a search shows of series m: the next
// one (in progress or upcoming at now), or the last one when the series
// has ended; m itself when its rule cannot be read.
func (s *Service) shownOccurrence(ctx context.Context, m *db.Event, overridden []time.Time, now time.Time) db.Event {
	ser, err := s.seriesOf(m, overridden)
	if err != nil {
		s.log.WarnContext(ctx, "series: unreadable rule; shown as a single event", "event", m.ID, "err", err)
		return *m
	}
	if o, ok := ser.Next(now); ok {
		return occurrenceEvent(m, o)
	}
	last, ok := ser.Last()
	if !ok {
		return *m
	}
	// The last occurrence may be cancelled or overridden: take the last
	// one shown, looking back a year, then anything.
	if occs := ser.Between(last.Start.AddDate(-1, 0, 0), last.End.Add(time.Second), 0); len(occs) > 0 {
		return occurrenceEvent(m, occs[len(occs)-1])
	}
	if occs := ser.Between(ser.Start, last.End.Add(time.Second), 0); len(occs) > 0 {
		return occurrenceEvent(m, occs[len(occs)-1])
	}
	return occurrenceEvent(m, last)
}
