package events

import (
	"cmp"
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Target is what an event address names: a single event, or an occurrence
// of a series (the series as a whole when the address names its master
// without ?occ=).
type Target struct {
	// Event is what the page shows: the event, the override row of the
	// occurrence, or the master at the occurrence's times (the master
	// itself for the whole series).
	Event    db.Event
	Master   *cache.Record // the series' master; nil for a single event
	Series   recur.Series  // exceptions included
	RID      time.Time     // the occurrence (the first one for the whole series)
	Occ      recur.Occurrence
	HasOcc   bool    // one occurrence is named
	Override bool    // Event is the occurrence's override row
	Role     Role    // what the reader may do: owner, edit (a shared calendar) or view
	own      []int32 // the reminders of Event's own record (used without a Master)
}

// Reminders are the reminders of the event, or of its series, in minutes
// before the start, ascending.
func (t *Target) Reminders() []int {
	rs := t.own
	if t.Master != nil {
		rs = t.Master.Reminders
	}
	out := make([]int, len(rs))
	for i, m := range rs {
		out[i] = int(m)
	}
	return out
}

// CanWrite reports whether the reader may edit, move and delete it.
func (t *Target) CanWrite() bool { return t.Role.CanWrite() }

// IsSeries reports whether the target belongs to a series.
func (t *Target) IsSeries() bool { return t.Master != nil }

// OccParam is the target's ?occ= value ("" for a single event or the whole
// series).
func (t *Target) OccParam() string {
	if !t.HasOcc {
		return ""
	}
	return FormatOcc(t.RID)
}

// ID is the address's event id: the master's for a series.
func (t *Target) ID() int64 {
	if t.Master != nil {
		return t.Master.ID
	}
	return t.Event.ID
}

// Rule is the repeat rule the target's edit form starts from: the
// series' ("" for a single event).
func (t *Target) Rule() string {
	if t.Master != nil {
		return t.Master.Rrule
	}
	return t.Event.Rrule
}

// Repeats is the series' rule in words ("" for a single event).
func (t *Target) Repeats() string {
	if t.Master == nil {
		return ""
	}
	return recur.Describe(t.Series.Rule, t.Series.Start, t.Series.Loc)
}

// record reads event id for user uid: their own through the cache, with a
// master's overrides (no SQL on a hit); one in a calendar shared with them
// from Postgres (the event family is the owner's).
func (s *Service) record(ctx context.Context, uid, id int64) (cache.Record, error) {
	var shared *cache.Record // read by the cache's load, refused by it as another's
	rec, err := s.cache.Event(ctx, uid, id, func(ctx context.Context) (cache.Record, error) {
		r, err := s.readRecord(ctx, uid, id)
		if err == nil && r.UserID != uid {
			shared = &r
		}
		return r, err
	})
	switch {
	case !errors.Is(err, ErrNotFound):
		return rec, err
	case shared != nil:
		return *shared, nil
	}
	return s.readRecord(ctx, uid, id) // cached as its owner's: read it here
}

// readRecord reads an event user uid may read, with its overrides.
func (s *Service) readRecord(ctx context.Context, uid, id int64) (cache.Record, error) {
	row, err := s.store.GetEventWithOverrides(ctx, db.GetEventWithOverridesParams{ID: id, UserID: uid})
	if err != nil {
		return cache.Record{}, db.NotFound(err)
	}
	rec := recordOf(row.Event, row.OverrideRids, row.OverrideIds)
	if len(row.Reminders) > 0 { // nil for none, as the cache decodes it
		rec.Reminders = row.Reminders
	}
	return rec, nil
}

// recordOf is an event read with its overrides' recurrence ids and ids.
func recordOf(e db.Event, rids []time.Time, ids []int64) cache.Record {
	rec := cache.Record{Event: e}
	for i, rid := range rids {
		if i < len(ids) {
			rec.Overrides = append(rec.Overrides, cache.Override{RecurrenceID: rid.UTC(), ID: ids[i]})
		}
	}
	return rec
}

// Resolve reads what /events/{id}[?occ=] names for user uid, through the
// cache (two reads at most: the master and an override). Another user's
// event, a cancelled occurrence, a malformed occ and a time that is no
// occurrence are all ErrNotFound.
func (s *Service) Resolve(ctx context.Context, uid, id int64, occText string) (Target, error) {
	t, err := s.resolve(ctx, uid, id, occText)
	if err != nil {
		return t, err
	}
	if t.Role = RoleOwner; t.Event.UserID != uid {
		r, _, err := role(ctx, s.store.Queries, uid, t.Event.CalendarID)
		if err != nil || !r.CanRead() {
			return Target{}, cmp.Or(err, ErrNotFound)
		}
		t.Role = r
	}
	return t, nil
}

// resolve is Resolve without the reader's role.
func (s *Service) resolve(ctx context.Context, uid, id int64, occText string) (Target, error) {
	rec, err := s.record(ctx, uid, id)
	if err != nil {
		return Target{}, err
	}
	switch {
	case rec.SeriesID != nil: // an override row: its series' occurrence
		if occText != "" {
			return Target{}, ErrNotFound
		}
		return s.resolveOverride(ctx, uid, rec)
	case rec.Rrule != "":
		return s.resolveSeries(ctx, uid, rec, occText)
	case occText != "":
		return Target{}, ErrNotFound
	}
	return Target{Event: rec.Event, own: rec.Reminders}, nil
}

// resolveOverride is the occurrence an override row replaces.
func (s *Service) resolveOverride(ctx context.Context, uid int64, rec cache.Record) (Target, error) {
	m, err := s.record(ctx, uid, *rec.SeriesID)
	if errors.Is(err, ErrNotFound) {
		return Target{Event: rec.Event, own: rec.Reminders}, nil
	}
	if err != nil {
		return Target{}, err
	}
	ser, err := s.seriesOf(&m.Event, overrideRIDs(&m))
	if err != nil {
		return Target{Event: rec.Event, own: rec.Reminders}, nil
	}
	t := Target{Event: rec.Event, Master: &m, Series: ser, RID: rec.RecurrenceID.UTC(), HasOcc: true, Override: true}
	t.Occ = occurrenceOr(ser, t.RID, &rec.Event)
	return t, nil
}

// resolveSeries is master rec as a whole (occText "") or one of its
// occurrences: the override row that replaces it, or the master at its
// times.
func (s *Service) resolveSeries(ctx context.Context, uid int64, rec cache.Record, occText string) (Target, error) {
	ser, err := s.seriesOf(&rec.Event, overrideRIDs(&rec))
	if err != nil {
		if occText != "" {
			return Target{}, ErrNotFound
		}
		return Target{Event: rec.Event, own: rec.Reminders}, nil
	}
	t := Target{Event: rec.Event, Master: &rec, Series: ser}
	if occText == "" {
		t.RID = recur.RecurrenceID(ser.Start)
		t.Occ, _ = ser.Occurrence(t.RID)
		return t, nil
	}
	rid, ok := ParseOcc(occText)
	if !ok || hasTime(rec.Exdates, rid) {
		return Target{}, ErrNotFound
	}
	t.RID, t.HasOcc = rid, true
	occ, isOcc := ser.Occurrence(rid)
	if ovID, ok := rec.OverrideOf(rid); ok {
		ov, err := s.record(ctx, uid, ovID)
		if err == nil && ov.SeriesID != nil && *ov.SeriesID == rec.ID {
			t.Event, t.Override = ov.Event, true
			t.Occ = occurrenceOr(ser, rid, &ov.Event)
			return t, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return Target{}, err
		}
	}
	if !isOcc {
		return Target{}, ErrNotFound
	}
	t.Occ = occ
	t.Event = occurrenceEvent(&rec.Event, occ)
	return t, nil
}

// ParseID accepts a positive decimal event id; anything else ("abc", "-1",
// "+5", "5.ics", an overflow) names no event.
func ParseID(s string) (int64, bool) {
	if s == "" || len(s) > 19 {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && id > 0
}
