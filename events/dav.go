package events

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"
	"time"

	"github.com/eventcal/eventcal/db"
)

// CalDAV's view of calendars and events (package dav speaks the protocol;
// this file decides). A collection is a calendar the user can read; a
// resource is a single event or a series with its overrides, named by
// the client that made it (or event-<id>.ics), encoded as iCalendar.

// Collection is a calendar as a CalDAV client sees it.
type Collection struct {
	ID      int64
	OwnerID int64
	Name    string
	Color   string
	Role    Role
	// Segment is the path segment a client chose when it made the
	// calendar ("" for none: the id names it).
	Segment string
	// Seq is the number of the calendar's last change: its sync token
	// and ctag (0 before any).
	Seq int64
}

// Object is one resource, encoded.
type Object struct {
	ID       int64
	Name     string
	Data     []byte
	ETag     string
	Modified time.Time
}

// Errors of CalDAV writes.
var (
	// ErrPrecondition is a write whose If-Match or If-None-Match does not
	// hold.
	ErrPrecondition = errors.New("the resource is not in the state the request expects")
	// ErrUIDConflict is a resource whose UID another resource holds.
	ErrUIDConflict = errors.New("another event already has this UID")
	// ErrSyncToken is a sync token the calendar never gave.
	ErrSyncToken = errors.New("unknown sync token")
)

// Conditions are a write's preconditions.
type Conditions struct {
	IfMatch     string // an ETag, "*" or "" for none
	IfNoneMatch bool   // If-None-Match: * (create only)
}

// Collections lists the calendars user uid can read, own first.
func (s *Service) Collections(ctx context.Context, uid int64) ([]Collection, error) {
	rows, err := s.store.DavCalendars(ctx, uid)
	if err != nil {
		return nil, err
	}
	out := make([]Collection, len(rows))
	for i, r := range rows {
		out[i] = Collection{ID: r.ID, OwnerID: r.OwnerID, Name: r.Name, Color: r.Color,
			Role: Role(r.Role), Segment: r.Segment, Seq: r.Seq}
	}
	return out, nil
}

// CreateCollection makes a calendar of user uid's that a client named
// segment (MKCALENDAR); name "" is the segment. A segment in use is
// ErrPrecondition.
func (s *Service) CreateCollection(ctx context.Context, uid int64, segment string, in CalendarInput) (Calendar, error) {
	if in.Name == "" {
		in.Name = segment
	}
	if in.Color == "" {
		in.Color = "blue"
	}
	var cal Calendar
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		taken, err := q.DavCollectionNameTaken(ctx, db.DavCollectionNameTakenParams{OwnerID: uid, Name: segment})
		if err != nil {
			return err
		}
		if taken {
			return ErrPrecondition
		}
		if cal, err = createCalendar(ctx, q, uid, in); err != nil {
			return err
		}
		return q.DavSetCollectionName(ctx, db.DavSetCollectionNameParams{CalendarID: cal.ID, OwnerID: uid, Name: segment})
	})
	if err == nil {
		s.dropLists(ctx, []int64{uid})
	}
	return cal, err
}

// Objects encodes resources of calendar calID that user uid can read:
// those of ids, or every one when ids is nil. All-day dates are read in
// loc.
func (s *Service) Objects(ctx context.Context, uid, calID int64, ids []int64, loc *time.Location) ([]Object, error) {
	if _, err := authorize(ctx, s.store.Queries, uid, calID, Role.CanRead); err != nil {
		return nil, err
	}
	return s.objects(ctx, s.store.Queries, calID, ids, loc)
}

// ObjectNames maps the resource names of calendar calID, which user uid
// can read, to their events.
func (s *Service) ObjectNames(ctx context.Context, uid, calID int64) (map[string]int64, error) {
	if _, err := authorize(ctx, s.store.Queries, uid, calID, Role.CanRead); err != nil {
		return nil, err
	}
	rows, err := s.store.DavNames(ctx, calID)
	if err != nil {
		return nil, err
	}
	out := make(map[string]int64, len(rows))
	for _, r := range rows {
		if _, dup := out[r.Name]; !dup {
			out[r.Name] = r.ID
		}
	}
	return out, nil
}

// ObjectsInRange encodes the resources of calendar calID with an
// occurrence in [from, to).
func (s *Service) ObjectsInRange(ctx context.Context, uid, calID int64, from, to time.Time, loc *time.Location) ([]Object, error) {
	if _, err := authorize(ctx, s.store.Queries, uid, calID, Role.CanRead); err != nil {
		return nil, err
	}
	ids, err := s.store.DavRangeIDs(ctx, db.DavRangeIDsParams{CalendarID: calID, RangeStart: from, RangeEnd: to})
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := s.store.DavResourceRows(ctx, db.DavResourceRowsParams{CalendarID: calID, Ids: ids})
	if err != nil {
		return nil, err
	}
	var keep []davRow
	for _, group := range groupRows(rows) {
		if s.occursIn(group, from, to) {
			keep = append(keep, group...)
		}
	}
	return s.encodeObjects(ctx, s.store.Queries, keep, loc)
}

// occursIn reports whether a resource (its rows, master first) has an
// occurrence in [from, to).
func (s *Service) occursIn(group []davRow, from, to time.Time) bool {
	m := group[0].Event
	if m.Rrule == "" {
		return true // the query matched its only row
	}
	var rids []time.Time
	for _, r := range group[1:] {
		e := r.Event
		if e.StartsAt.Before(to) && (e.EndsAt.After(from) || e.StartsAt.Equal(e.EndsAt) && !e.StartsAt.Before(from)) {
			return true
		}
		if e.RecurrenceID != nil {
			rids = append(rids, *e.RecurrenceID)
		}
	}
	ser, err := s.seriesOf(&m, rids)
	return err == nil && len(ser.Between(from, to, 1)) > 0
}

// Changes lists what changed in calendar calID since sync token since:
// the resources there now (encoded) and the names of those that left.
// It returns the calendar's token now. A token the calendar never gave
// is ErrSyncToken.
func (s *Service) Changes(ctx context.Context, uid, calID, since int64, loc *time.Location) (changed []Object, gone []string, seq int64, err error) {
	if _, err := authorize(ctx, s.store.Queries, uid, calID, Role.CanRead); err != nil {
		return nil, nil, 0, err
	}
	rows, err := s.store.DavChanges(ctx, db.DavChangesParams{CalendarID: calID, Since: since, MaxRows: maxChanges})
	if err != nil {
		return nil, nil, 0, err
	}
	if len(rows) == maxChanges {
		return nil, nil, 0, ErrSyncToken // too old to list: the client syncs afresh
	}
	// Read after the changes: a prune in between raises the floor.
	if floor, err := s.store.DavSyncFloor(ctx, calID); err != nil || since < floor {
		return nil, nil, 0, cmpErr(err, ErrSyncToken) // pruned: the client syncs afresh
	}
	seq = since
	if len(rows) > 0 {
		seq = rows[len(rows)-1].Seq
	} else if cur, err := s.currentSeq(ctx, uid, calID); err != nil || since > cur {
		return nil, nil, 0, cmpErr(err, ErrSyncToken)
	}
	names, err := s.ObjectNames(ctx, uid, calID)
	if err != nil {
		return nil, nil, 0, err
	}
	present := make(map[int64]bool, len(names))
	for _, id := range names {
		present[id] = true
	}
	var ids []int64
	goneNames := map[string]bool{}
	for _, r := range rows {
		switch {
		case present[r.EventID]:
			if !slices.Contains(ids, r.EventID) {
				ids = append(ids, r.EventID)
			}
		case r.GoneName != "":
			goneNames[r.GoneName] = true
		}
	}
	for n := range goneNames {
		if _, back := names[n]; !back {
			gone = append(gone, n)
		}
	}
	slices.Sort(gone)
	if len(ids) > 0 {
		if changed, err = s.objects(ctx, s.store.Queries, calID, ids, loc); err != nil {
			return nil, nil, 0, err
		}
	}
	return changed, gone, seq, nil
}

// maxChanges bounds the changes one sync lists; a client further behind
// starts again from an empty token.
const maxChanges = 20_000

// currentSeq is calendar calID's sync token.
func (s *Service) currentSeq(ctx context.Context, uid, calID int64) (int64, error) {
	cols, err := s.Collections(ctx, uid)
	if err != nil {
		return 0, err
	}
	for _, c := range cols {
		if c.ID == calID {
			return c.Seq, nil
		}
	}
	return 0, ErrNotFound
}

// cmpErr is err, or alt when err is nil.
func cmpErr(err, alt error) error {
	if err != nil {
		return err
	}
	return alt
}

// davRow is one stored row of a resource with its UID.
type davRow = db.DavResourceRowsRow

// objects encodes resources of calendar calID (every one when ids is nil).
func (s *Service) objects(ctx context.Context, q *db.Queries, calID int64, ids []int64, loc *time.Location) ([]Object, error) {
	rows, err := q.DavResourceRows(ctx, db.DavResourceRowsParams{CalendarID: calID, Ids: ids})
	if err != nil {
		return nil, err
	}
	return s.encodeObjects(ctx, q, rows, loc)
}

// encodeObjects encodes rows grouped by resource, named as stored.
func (s *Service) encodeObjects(ctx context.Context, q *db.Queries, rows []davRow, loc *time.Location) ([]Object, error) {
	if len(rows) == 0 {
		return nil, nil
	}
	er := make([]exportRow, len(rows))
	for i, r := range rows {
		er[i] = exportRow{Event: r.Event, Uid: r.Uid}
	}
	rem, err := remindersOf(ctx, q, er)
	if err != nil {
		return nil, err
	}
	groups := groupRows(rows)
	out := make([]Object, 0, len(groups))
	for _, g := range groups {
		o, err := s.encodeObject(g, loc, rem)
		if err != nil {
			return nil, err
		}
		o.Name = g[0].Name
		out = append(out, o)
	}
	return out, nil
}

// groupRows splits rows (ordered by resource, master first) by resource.
func groupRows(rows []davRow) [][]davRow {
	var out [][]davRow
	for i := 0; i < len(rows); {
		j := i + 1
		for j < len(rows) && rows[j].Event.SeriesID != nil && *rows[j].Event.SeriesID == rows[i].Event.ID {
			j++
		}
		if rows[i].Event.SeriesID == nil {
			out = append(out, rows[i:j])
		}
		i = j
	}
	return out
}

// etagOf is the ETag of a resource's encoding.
func etagOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:12])
}

// Object encodes the resource name of calendar calID, which user uid can
// read (ErrNotFound when there is none).
func (s *Service) Object(ctx context.Context, uid, calID int64, name string, loc *time.Location) (Object, error) {
	if _, err := authorize(ctx, s.store.Queries, uid, calID, Role.CanRead); err != nil {
		return Object{}, err
	}
	id, err := s.store.DavFindName(ctx, db.DavFindNameParams{CalendarID: calID, Name: name})
	if err != nil {
		return Object{}, db.NotFound(err)
	}
	objs, err := s.objects(ctx, s.store.Queries, calID, []int64{id}, loc)
	if err != nil || len(objs) == 0 {
		return Object{}, cmpErr(err, ErrNotFound)
	}
	return objs[0], nil
}
