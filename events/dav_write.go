package events

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/recur"
)

// InvalidObjectError is a CalDAV PUT refused for its content: Reason says
// why; Unsupported marks a component eventcal does not store (a to-do).
type InvalidObjectError struct {
	Reason      string
	Unsupported bool
}

func (e *InvalidObjectError) Error() string { return e.Reason }

// MaxObjectBytes bounds one resource a client sends.
const MaxObjectBytes = 1 << 20

// encodeObject encodes one resource (its rows, master first). DTSTAMP is
// the last modification, so the bytes and the ETag change only with the
// resource.
func (s *Service) encodeObject(group []davRow, loc *time.Location, rem map[int64][]int) (Object, error) {
	er := make([]exportRow, len(group))
	var mod time.Time
	for i, r := range group {
		er[i] = exportRow{Event: r.Event, Uid: r.Uid}
		if r.Event.UpdatedAt.After(mod) {
			mod = r.Event.UpdatedAt
		}
	}
	var b bytes.Buffer
	if err := ical.Encode(&b, s.icalEvents(er, loc, rem), ical.EncodeOptions{Now: mod, Loc: loc}); err != nil {
		return Object{}, err
	}
	return Object{ID: group[0].Event.ID, Data: b.Bytes(), ETag: etagOf(b.Bytes()), Modified: mod}, nil
}

// DecodeObject reads a resource a client sends: one event or one series
// with its overrides, floating times and all-day dates in loc.
func DecodeObject(data []byte, loc *time.Location) (ImportEvent, error) {
	res, err := ical.Decode(bytes.NewReader(data), ical.DecodeOptions{Loc: loc, MaxBytes: MaxObjectBytes})
	if err != nil {
		return ImportEvent{}, &InvalidObjectError{Reason: err.Error()}
	}
	switch {
	case len(res.Events) > 1:
		return ImportEvent{}, &InvalidObjectError{Reason: "A resource holds one event or one repeating event (one UID)."}
	case len(res.Events) == 0:
		for _, sk := range res.Skipped {
			if strings.Contains(sk.Reason, "not an event") {
				return ImportEvent{}, &InvalidObjectError{Reason: "eventcal stores events (VEVENT) only. " + sk.Reason, Unsupported: true}
			}
		}
		if len(res.Skipped) > 0 {
			return ImportEvent{}, &InvalidObjectError{Reason: res.Skipped[0].Reason}
		}
		return ImportEvent{}, &InvalidObjectError{Reason: "The calendar holds no event (VEVENT)."}
	}
	ie, ok := planEvent(res.Events[0], recur.NewBudget(ImportOccurrenceBudget))
	if !ok {
		return ImportEvent{}, &InvalidObjectError{Reason: overBudgetReason}
	}
	if ie.Reminders == nil {
		ie.Reminders = []int{} // a resource is whole: no VALARM is no reminder
	}
	return ie, nil
}

// PutObject stores ev as the resource name of calendar calID for user uid
// (who must be allowed to write there), creating or replacing it, when
// cond holds. It returns the stored resource and whether it is new.
func (s *Service) PutObject(ctx context.Context, uid, calID int64, name string, ev ImportEvent, cond Conditions, loc *time.Location) (obj Object, created bool, err error) {
	var audience []int64
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		owner, err := authorize(ctx, q, uid, calID, Role.CanWrite)
		if err != nil {
			return err
		}
		existing, err := s.lockedObject(ctx, q, calID, name, cond, loc)
		if err != nil {
			return err
		}
		if err := s.checkUID(ctx, q, owner, existing, ev.UID); err != nil {
			return err
		}
		created = existing == 0
		id, err := s.storeObject(ctx, q, owner, calID, existing, ev)
		if err != nil {
			return err
		}
		if created {
			if err := q.DavSetName(ctx, db.DavSetNameParams{EventID: id, Name: name}); err != nil {
				return err
			}
		}
		if err := s.scheduleReminders(ctx, q, []int64{id}); err != nil {
			return err
		}
		if audience, err = q.CalendarAudience(ctx, calID); err != nil {
			return err
		}
		objs, err := s.objects(ctx, q, calID, []int64{id}, loc)
		if err != nil || len(objs) == 0 {
			return cmpErr(err, ErrNotFound)
		}
		obj = objs[0]
		return nil
	})
	if err != nil {
		return Object{}, false, err
	}
	for _, u := range audience {
		s.cache.SeriesChanged(ctx, u, obj.ID)
	}
	s.live.Changed(ctx, audience...)
	return obj, created, nil
}

// DeleteObject deletes the resource name of calendar calID for user uid
// when cond holds.
func (s *Service) DeleteObject(ctx context.Context, uid, calID int64, name string, cond Conditions, loc *time.Location) error {
	var audience []int64
	var id int64
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if _, err := authorize(ctx, q, uid, calID, Role.CanWrite); err != nil {
			return err
		}
		var err error
		if id, err = s.lockedObject(ctx, q, calID, name, cond, loc); err != nil {
			return err
		}
		if id == 0 {
			return ErrNotFound
		}
		if audience, err = q.CalendarAudience(ctx, calID); err != nil {
			return err
		}
		return q.DavDeleteEvent(ctx, id)
	})
	if err != nil {
		return err
	}
	for _, u := range audience {
		s.cache.SeriesChanged(ctx, u, id)
	}
	s.live.Changed(ctx, audience...)
	return nil
}

// lockedObject locks calendar calID for a write and returns the event of
// its resource name (0 for none) after checking cond against it.
func (s *Service) lockedObject(ctx context.Context, q *db.Queries, calID int64, name string, cond Conditions, loc *time.Location) (int64, error) {
	if _, err := q.DavLockCalendar(ctx, calID); err != nil {
		return 0, db.NotFound(err)
	}
	id, err := q.DavFindName(ctx, db.DavFindNameParams{CalendarID: calID, Name: name})
	if err = db.NotFound(err); errors.Is(err, ErrNotFound) {
		id, err = 0, nil
	}
	if err != nil {
		return 0, err
	}
	switch {
	case cond.IfNoneMatch && id != 0:
		return 0, ErrPrecondition
	case cond.IfMatch == "":
		return id, nil
	case id == 0:
		return 0, ErrPrecondition
	case cond.IfMatch == "*":
		return id, nil
	}
	objs, err := s.objects(ctx, q, calID, []int64{id}, loc)
	if err != nil {
		return 0, err
	}
	if len(objs) == 0 || objs[0].ETag != cond.IfMatch {
		return 0, ErrPrecondition
	}
	return id, nil
}

// checkUID refuses a UID another of the owner's events holds (existing is
// the event the write replaces, 0 for none).
func (s *Service) checkUID(ctx context.Context, q *db.Queries, owner, existing int64, uid string) error {
	if uid == "" {
		return nil
	}
	holder, err := q.DavUIDOwner(ctx, db.DavUIDOwnerParams{UserID: owner, Uid: uid})
	if err = db.NotFound(err); err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	if err == nil && holder != existing {
		return ErrUIDConflict
	}
	if id, ok := ownExportID(uid); ok && id != existing {
		if e, err := q.GetEventByID(ctx, id); err == nil && e.UserID == owner && e.SeriesID == nil {
			return ErrUIDConflict
		}
	}
	return nil
}

// storeObject writes ev as a new event of calendar calID (existing 0) or
// over event existing, its overrides replaced; it returns the event.
func (s *Service) storeObject(ctx context.Context, q *db.Queries, owner, calID, existing int64, ev ImportEvent) (int64, error) {
	added := len(ev.Overrides)
	if existing == 0 {
		added++
	}
	if err := s.checkQuota(ctx, q, owner, added); err != nil {
		return 0, err
	}
	id := existing
	if existing == 0 {
		p := insertParams(owner, ev, nil)
		e, err := q.CreateEvent(ctx, db.CreateEventParams{
			UserID: owner, Title: p.Title, Description: p.Description, Location: p.Location,
			StartsAt: p.StartsAt, EndsAt: p.EndsAt, AllDay: p.AllDay, Color: p.Color,
			Rrule: p.Rrule, Tzid: p.Tzid, UntilAt: p.UntilAt, Exdates: p.Exdates, CalendarID: &calID,
		})
		if err != nil {
			return 0, err
		}
		id = e.ID
	} else {
		if err := q.DavDeleteOverrides(ctx, &existing); err != nil {
			return 0, err
		}
		if err := batchErr(q.ImportUpdateEvent(ctx, []db.ImportUpdateEventParams{updateParams(owner, existing, ev)}).Exec); err != nil {
			return 0, err
		}
	}
	evs, ids := []ImportEvent{ev}, []int64{id}
	if own, ok := ownExportID(ev.UID); ok && own == id {
		evs[0].UID = "" // eventcal's own name for it: nothing to record
	}
	return id, importOverridesAndUIDs(ctx, q, owner, evs, ids, []int64{0})
}
