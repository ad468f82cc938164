package events

import (
	"context"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Locking what a write names, in the write's transaction.

// seriesWrite is a series locked for a write from one of its occurrences.
type seriesWrite struct {
	master    db.Event
	overrides []db.Event   // locked, by recurrence id
	series    recur.Series // exceptions: exdates and overrides
	rid       time.Time    // the occurrence (the first one for the whole series)
	occ       recur.Occurrence
	override  *db.Event // the override row of the occurrence, if any
	hasOcc    bool      // one occurrence was named
}

// locked is what a write holds: a single event, or a series.
type locked struct {
	single *db.Event
	series *seriesWrite
}

// calendarID is the calendar of what is locked.
func (l locked) calendarID() int64 {
	if l.single != nil {
		return l.single.CalendarID
	}
	return l.series.master.CalendarID
}

// userID is the owner of what is locked.
func (l locked) userID() int64 {
	if l.single != nil {
		return l.single.UserID
	}
	return l.series.master.UserID
}

// lock locks what /events/{id}[?occ=] names for user uid, in q's
// transaction: a single event, or a series with its overrides. A master
// is always locked before its overrides. What uid cannot read is
// ErrNotFound, like Resolve's; what they may read but not write (a
// calendar shared to view) ErrForbidden.
func (s *Service) lock(ctx context.Context, q *db.Queries, uid, id int64, occText string) (locked, error) {
	ev, err := q.GetEventByID(ctx, id)
	if err != nil {
		return locked{}, db.NotFound(err)
	}
	if ev.UserID != uid {
		if _, err := authorize(ctx, q, uid, ev.CalendarID, Role.CanWrite); err != nil {
			return locked{}, err
		}
		uid = ev.UserID // the calendar's owner holds its rows
	}
	masterID, hasOcc := id, false
	var rid time.Time
	switch {
	case ev.SeriesID != nil:
		if occText != "" {
			return locked{}, ErrNotFound
		}
		masterID, rid, hasOcc = *ev.SeriesID, ev.RecurrenceID.UTC(), true
	case ev.Rrule != "":
		if occText != "" {
			var ok bool
			if rid, ok = ParseOcc(occText); !ok {
				return locked{}, ErrNotFound
			}
			hasOcc = true
		}
	case occText != "":
		return locked{}, ErrNotFound
	}
	m, err := q.GetEventForUpdate(ctx, db.GetEventForUpdateParams{ID: masterID, UserID: uid})
	if err != nil {
		return locked{}, db.NotFound(err)
	}
	if m.Rrule == "" {
		if masterID != id || hasOcc {
			return locked{}, ErrNotFound
		}
		return locked{single: &m}, nil
	}
	w, err := s.lockSeries(ctx, q, m, rid, hasOcc)
	if err != nil || w == nil {
		return locked{single: &m}, err
	}
	return locked{series: w}, nil
}

// lockSeries locks master m's overrides and finds the occurrence rid (the
// first one when !hasOcc). A rule eventcal never stores leaves w nil: the
// row is then edited as it is.
func (s *Service) lockSeries(ctx context.Context, q *db.Queries, m db.Event, rid time.Time, hasOcc bool) (*seriesWrite, error) {
	ovs, err := q.ListOverridesForUpdate(ctx, &m.ID)
	if err != nil {
		return nil, err
	}
	rids := make([]time.Time, len(ovs))
	for i := range ovs {
		rids[i] = ovs[i].RecurrenceID.UTC()
	}
	ser, err := s.seriesOf(&m, rids)
	if err != nil {
		if hasOcc {
			return nil, ErrNotFound
		}
		return nil, nil
	}
	if !hasOcc {
		rid = recur.RecurrenceID(ser.Start)
	} else if hasTime(m.Exdates, rid) {
		return nil, ErrNotFound
	}
	w := &seriesWrite{master: m, overrides: ovs, series: ser, rid: rid, hasOcc: hasOcc}
	for i := range ovs {
		if ovs[i].RecurrenceID.Equal(rid) {
			w.override = &ovs[i]
		}
	}
	occ, ok := ser.Occurrence(rid)
	if !ok && w.override == nil {
		return nil, ErrNotFound
	}
	if !ok {
		occ = occurrenceOr(ser, rid, w.override)
	}
	w.occ = occ
	return w, nil
}

// scope is the scope a write to w applies: sc, or when none was given
// "this" for a named occurrence and "all" otherwise.
func (w *seriesWrite) scope(sc Scope) Scope {
	switch {
	case sc != "":
		return sc
	case w.hasOcc:
		return ScopeThis
	}
	return ScopeAll
}
