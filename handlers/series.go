package handlers

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Recurring events (issue 11). A series is a master row with an RRULE (see
// db/migrations/00004_series.sql); lists show its occurrences, expanded with
// package recur. An occurrence is addressed as /events/{master}?occ=<its
// recurrence id>; an override row (a moved or edited occurrence) is an
// event of its own that lists show at its own times and link to that same
// address.

// occLayout is the form of a recurrence id in an address (?occ=): RFC 3339
// in UTC, whole seconds, e.g. 2025-06-10T07:00:00Z.
const occLayout = "2006-01-02T15:04:05Z"

// formatOcc writes a recurrence id for ?occ=.
func formatOcc(rid time.Time) string { return rid.UTC().Format(occLayout) }

// parseOcc reads ?occ= strictly: exactly what formatOcc writes.
func parseOcc(s string) (time.Time, bool) {
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

// eventLink is the id and occ a listed event's link carries.
func eventLink(e *db.Event) (id int64, occ string) {
	if s, rid, ok := occurrenceOf(e); ok {
		return s, formatOcc(rid)
	}
	return e.ID, ""
}

// eventURL is the details address of a listed event.
func eventURL(e *db.Event) string {
	id, occ := eventLink(e)
	if occ == "" {
		return eventDetailsPath(id)
	}
	return eventDetailsPath(id) + "?occ=" + occ
}

// seriesOf builds the recur.Series of a master row; overridden lists the
// recurrence ids of its override rows (the cancelled ones are on the row).
func (h *Handler) seriesOf(m *db.Event, overridden []time.Time) (recur.Series, error) {
	rule, err := recur.Parse(m.Rrule)
	if err != nil {
		return recur.Series{}, err
	}
	ex := make([]time.Time, 0, len(m.Exdates)+len(overridden))
	ex = append(ex, m.Exdates...)
	ex = append(ex, overridden...)
	return recur.NewSeries(rule, m.StartsAt, m.EndsAt, m.AllDay, h.zones.Load(m.Tzid), ex)
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
func (h *Handler) expand(ctx context.Context, m *db.Event, overridden []time.Time, from, to time.Time, max int) []db.Event {
	s, err := h.seriesOf(m, overridden)
	if err != nil {
		h.log.WarnContext(ctx, "series: unreadable rule; shown as a single event", "event", m.ID, "err", err)
		if m.StartsAt.Before(to) && (m.EndsAt.After(from) || !m.StartsAt.Before(from)) {
			return []db.Event{*m}
		}
		return nil
	}
	occs := s.Between(from, to, max)
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

// eventRecord reads the viewer's event by id through the cache, with a
// master's overrides (no SQL on a hit).
func (h *Handler) eventRecord(ctx context.Context, v *Viewer, id int64) (cache.Record, error) {
	return h.cache.Event(ctx, v.ID, id, func(ctx context.Context) (cache.Record, error) {
		row, err := h.store.GetEventWithOverrides(ctx, db.GetEventWithOverridesParams{ID: id, UserID: v.ID})
		if err != nil {
			return cache.Record{}, db.NotFound(err)
		}
		rec := cache.Record{Event: row.Event}
		for i, rid := range row.OverrideRids {
			if i < len(row.OverrideIds) {
				rec.Overrides = append(rec.Overrides, cache.Override{RecurrenceID: rid.UTC(), ID: row.OverrideIds[i]})
			}
		}
		return rec, nil
	})
}

// eventTarget is what an event address names: a single event, or an
// occurrence of a series (the series as a whole when the address names its
// master without ?occ=).
type eventTarget struct {
	// ev is what the page shows: the event, the override row of the
	// occurrence, or the master at the occurrence's times (the master
	// itself for the whole series).
	ev       db.Event
	master   *cache.Record // the series' master; nil for a single event
	series   recur.Series  // exceptions included
	rid      time.Time     // the occurrence (the first one for the whole series)
	occ      recur.Occurrence
	hasOcc   bool // one occurrence is named
	override bool // ev is the occurrence's override row
}

// isSeries reports whether the target belongs to a series.
func (t *eventTarget) isSeries() bool { return t.master != nil }

// occParam is the target's ?occ= value ("" for a single event or the whole
// series).
func (t *eventTarget) occParam() string {
	if !t.hasOcc {
		return ""
	}
	return formatOcc(t.rid)
}

// id is the address's event id: the master's for a series.
func (t *eventTarget) id() int64 {
	if t.master != nil {
		return t.master.ID
	}
	return t.ev.ID
}

// resolveTarget reads what /events/{id}[?occ=] names for v, through the
// cache (two reads at most: the master and an override). A malformed id
// or occ, another user's event, a cancelled occurrence and a time that is
// no occurrence are all the same 404.
func (h *Handler) resolveTarget(ctx context.Context, v *Viewer, id int64, occText string) (eventTarget, error) {
	rec, err := h.eventRecord(ctx, v, id)
	if errors.Is(err, db.ErrNotFound) {
		return eventTarget{}, notFound()
	}
	if err != nil {
		return eventTarget{}, err
	}
	switch {
	case rec.SeriesID != nil: // an override row: its series' occurrence
		if occText != "" {
			return eventTarget{}, notFound()
		}
		m, err := h.eventRecord(ctx, v, *rec.SeriesID)
		if errors.Is(err, db.ErrNotFound) {
			return eventTarget{ev: rec.Event}, nil
		}
		if err != nil {
			return eventTarget{}, err
		}
		s, err := h.seriesOf(&m.Event, overrideRIDs(&m))
		if err != nil {
			return eventTarget{ev: rec.Event}, nil
		}
		t := eventTarget{ev: rec.Event, master: &m, series: s, rid: rec.RecurrenceID.UTC(), hasOcc: true, override: true}
		t.occ = occurrenceOr(s, t.rid, &rec.Event)
		return t, nil
	case rec.Rrule != "":
		s, err := h.seriesOf(&rec.Event, overrideRIDs(&rec))
		if err != nil {
			if occText != "" {
				return eventTarget{}, notFound()
			}
			return eventTarget{ev: rec.Event}, nil
		}
		t := eventTarget{ev: rec.Event, master: &rec, series: s}
		if occText == "" {
			t.rid = recur.RecurrenceID(s.Start)
			t.occ, _ = s.Occurrence(t.rid)
			return t, nil
		}
		rid, ok := parseOcc(occText)
		if !ok || hasTime(rec.Exdates, rid) {
			return eventTarget{}, notFound()
		}
		t.rid, t.hasOcc = rid, true
		occ, isOcc := s.Occurrence(rid)
		if ovID, ok := rec.OverrideOf(rid); ok {
			ov, err := h.eventRecord(ctx, v, ovID)
			if err == nil && ov.SeriesID != nil && *ov.SeriesID == rec.ID {
				t.ev, t.override = ov.Event, true
				t.occ = occurrenceOr(s, rid, &ov.Event)
				return t, nil
			}
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				return eventTarget{}, err
			}
		}
		if !isOcc {
			return eventTarget{}, notFound()
		}
		t.occ = occ
		t.ev = occurrenceEvent(&rec.Event, occ)
		return t, nil
	}
	if occText != "" {
		return eventTarget{}, notFound()
	}
	return eventTarget{ev: rec.Event}, nil
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
