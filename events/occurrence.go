package events

import (
	"context"
	"slices"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// A series is a master row with an RRULE (db/migrations/00004_series.sql);
// lists show its occurrences, expanded with package recur. An occurrence
// is addressed as /events/{master}?occ=<its recurrence id>; an override
// row (a moved or edited occurrence) is an event of its own that lists
// show at its own times and link to that same address.

// occLayout is the form of a recurrence id in an address (?occ=): RFC 3339
// in UTC, whole seconds, e.g. 2025-06-10T07:00:00Z.
const occLayout = "2006-01-02T15:04:05Z"

// FormatOcc writes a recurrence id for ?occ=.
func FormatOcc(rid time.Time) string { return rid.UTC().Format(occLayout) }

// ParseOcc reads ?occ= strictly: exactly what FormatOcc writes.
func ParseOcc(s string) (time.Time, bool) {
	if len(s) != len(occLayout) {
		return time.Time{}, false
	}
	t, err := time.Parse(occLayout, s)
	if err != nil || t.Format(occLayout) != s {
		return time.Time{}, false
	}
	return t, true
}

// occurrenceOf reports whether a listed event is an occurrence of a series
// (an expanded occurrence, or an override row), and of which series.
func occurrenceOf(e *db.Event) (series int64, rid time.Time, ok bool) {
	switch {
	case e.RecurrenceID == nil:
		return 0, time.Time{}, false
	case e.SeriesID != nil:
		return *e.SeriesID, *e.RecurrenceID, true
	}
	return e.ID, *e.RecurrenceID, true
}

// Link is the id and occ a listed event's link carries: its own id, or
// its series' and its occurrence's.
func Link(e *db.Event) (id int64, occ string) {
	if s, rid, ok := occurrenceOf(e); ok {
		return s, FormatOcc(rid)
	}
	return e.ID, ""
}

// seriesOf builds the recur.Series of a master row; overridden lists the
// recurrence ids of its override rows (the cancelled ones are on the row).
func (s *Service) seriesOf(m *db.Event, overridden []time.Time) (recur.Series, error) {
	rule, err := recur.Parse(m.Rrule)
	if err != nil {
		return recur.Series{}, err
	}
	ex := make([]time.Time, 0, len(m.Exdates)+len(overridden))
	ex = append(ex, m.Exdates...)
	ex = append(ex, overridden...)
	return recur.NewSeries(rule, m.StartsAt, m.EndsAt, m.AllDay, s.zones.Load(m.Tzid), ex)
}

// Describe is a series' rule in words ("" for a single event or a rule
// that cannot be read).
func (s *Service) Describe(m *db.Event) string {
	if m.Rrule == "" {
		return ""
	}
	ser, err := s.seriesOf(m, nil)
	if err != nil {
		return ""
	}
	return recur.Describe(ser.Rule, ser.Start, ser.Loc)
}

// occurrenceEvent is occurrence o of master m as lists hold it: the
// master's row at the occurrence's times, with its recurrence id (see
// cache.Record).
func occurrenceEvent(m *db.Event, o recur.Occurrence) db.Event {
	e := *m
	e.StartsAt, e.EndsAt = o.Start.UTC(), o.End.UTC()
	rid := o.RecurrenceID
	e.RecurrenceID = &rid
	e.Exdates = nil
	return e
}

// expand lists master m's occurrences that overlap [from, to), at most max
// (recur.DefaultMax when ≤ 0), its exceptions left out. A master whose
// rule cannot be read (eventcal never stores one) shows as a single event.
func (s *Service) expand(ctx context.Context, m *db.Event, overridden []time.Time, from, to time.Time, max int) []db.Event {
	ser, err := s.seriesOf(m, overridden)
	if err != nil {
		s.log.WarnContext(ctx, "series: unreadable rule; shown as a single event", "event", m.ID, "err", err)
		if m.StartsAt.Before(to) && (m.EndsAt.After(from) || !m.StartsAt.Before(from)) {
			return []db.Event{*m}
		}
		return nil
	}
	occs := ser.Between(from, to, max)
	out := make([]db.Event, len(occs))
	for i, o := range occs {
		out[i] = occurrenceEvent(m, o)
	}
	return out
}

// seriesColumns are the rrule and until_at of s: its canonical rule and
// the end of its last occurrence (nil when endless).
func seriesColumns(s recur.Series) (string, *time.Time) {
	last, ok := s.Last()
	if !ok {
		return s.Rule.String(), nil
	}
	until := last.End.UTC()
	return s.Rule.String(), &until
}

// overrideRIDs lists the recurrence ids of a record's overrides.
func overrideRIDs(rec *cache.Record) []time.Time {
	out := make([]time.Time, len(rec.Overrides))
	for i, o := range rec.Overrides {
		out[i] = o.RecurrenceID
	}
	return out
}

// hasTime reports whether ts holds the instant t.
func hasTime(ts []time.Time, t time.Time) bool {
	return slices.ContainsFunc(ts, t.Equal)
}

// occurrenceOr is the occurrence rid of s, or, when the series no longer
// has it, the override's times in its place.
func occurrenceOr(s recur.Series, rid time.Time, ov *db.Event) recur.Occurrence {
	if o, ok := s.Occurrence(rid); ok {
		return o
	}
	return recur.Occurrence{Start: ov.StartsAt, End: ov.EndsAt, RecurrenceID: rid, Index: -1}
}

// occurrenceDates lists the local dates (in loc) an occurrence of master m
// covers at its original times.
func occurrenceDates(loc *time.Location, m *db.Event, o recur.Occurrence) []string {
	return eventDates(loc, occurrenceEvent(m, o))
}

// eventDates lists the local dates (in loc) the given versions of an event
// cover, without repeats: what the cache must invalidate.
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
