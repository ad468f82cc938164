package events

import (
	"bytes"
	"context"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
)

// FeedRefresh is how often subscribers of a calendar file are asked to
// reload it.
const FeedRefresh = time.Hour

// CalendarFile is user uid's whole calendar as an .ics file named name,
// all-day dates read in loc, through the cache (cache.Feed: current until
// the user's next write). It is the export and the subscription feed.
func (s *Service) CalendarFile(ctx context.Context, uid int64, name string, loc *time.Location) ([]byte, error) {
	return cache.Feed(ctx, s.cache, uid, func(ctx context.Context) ([]byte, error) {
		rows, err := s.store.ListEventsForExport(ctx, uid)
		if err != nil {
			return nil, err
		}
		er := make([]exportRow, len(rows))
		for i, r := range rows {
			er[i] = exportRow(r)
		}
		var b bytes.Buffer
		evs, err := s.exportEvents(ctx, s.store.Queries, er, loc)
		if err != nil {
			return nil, err
		}
		err = ical.Encode(&b, evs, ical.EncodeOptions{
			Name: name, Now: s.now(), Refresh: FeedRefresh, Loc: loc,
		})
		return b.Bytes(), err
	})
}

// OneCalendarFile is one calendar as an .ics file, and the calendar, for
// a user who may read it (ErrNotFound otherwise); all-day dates read in
// loc.
func (s *Service) OneCalendarFile(ctx context.Context, uid, calendarID int64, loc *time.Location) (Calendar, []byte, error) {
	cal, err := s.Calendar(ctx, uid, calendarID)
	if err != nil {
		return cal, nil, err
	}
	rows, err := s.store.ListCalendarEventsForExport(ctx, calendarID)
	if err != nil {
		return cal, nil, err
	}
	er := make([]exportRow, len(rows))
	for i, r := range rows {
		er[i] = exportRow(r)
	}
	var b bytes.Buffer
	evs, err := s.exportEvents(ctx, s.store.Queries, er, loc)
	if err != nil {
		return cal, nil, err
	}
	err = ical.Encode(&b, evs, ical.EncodeOptions{Name: cal.Name + " · eventcal", Now: s.now(), Loc: loc})
	return cal, b.Bytes(), err
}

// AdminCalendarFile is user u's whole calendar for an administrator,
// recorded in the audit trail as actor's export.
func (s *Service) AdminCalendarFile(ctx context.Context, actor db.Actor, u db.User) ([]byte, error) {
	body, err := s.CalendarFile(ctx, u.ID, u.Username+" · eventcal", s.zones.Load(u.Timezone))
	if err != nil {
		return nil, err
	}
	if err := db.RecordAudit(ctx, s.store.Queries, actor, "user.export", db.AuditUser, u.ID, u.Username); err != nil {
		return nil, err
	}
	return body, nil
}

// EventFile is one of user uid's events as an .ics file: a series with
// its changed occurrences (an occurrence's id names its series).
func (s *Service) EventFile(ctx context.Context, uid, id int64, loc *time.Location) ([]byte, error) {
	rows, err := s.store.GetEventForExport(ctx, db.GetEventForExportParams{ID: id, UserID: uid})
	if err != nil {
		return nil, err
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	er := make([]exportRow, len(rows))
	for i, r := range rows {
		er[i] = exportRow(r)
	}
	var b bytes.Buffer
	evs, err := s.exportEvents(ctx, s.store.Queries, er, loc)
	if err != nil {
		return nil, err
	}
	err = ical.Encode(&b, evs, ical.EncodeOptions{Now: s.now(), Loc: loc})
	return b.Bytes(), err
}

// exportRow is an event with the UID it was imported with ("" for none),
// as the export queries return it.
type exportRow struct {
	Event db.Event
	Uid   string
}

// ExportUID is the UID of an event without an imported one.
func ExportUID(id int64) string { return "event-" + strconv.FormatInt(id, 10) + "@eventcal" }

// exportEvents converts rows (masters and single events, and overrides) to
// ical events with their reminders: each override goes under its series.
// All-day dates of single events are read in loc (the owner's zone), a
// series' in its own.
func (s *Service) exportEvents(ctx context.Context, q *db.Queries, rows []exportRow, loc *time.Location) ([]ical.Event, error) {
	rem, err := remindersOf(ctx, q, rows)
	if err != nil {
		return nil, err
	}
	return s.icalEvents(rows, loc, rem), nil
}

// icalEvents is exportEvents with the reminders (by event id) given.
func (s *Service) icalEvents(rows []exportRow, loc *time.Location, rem map[int64][]int) []ical.Event {
	zone := s.zones.Load // a series' zone ("" is UTC)
	out := make([]ical.Event, 0, len(rows))
	index := make(map[int64]int, len(rows))
	for _, r := range rows {
		e := r.Event
		if e.SeriesID != nil {
			continue
		}
		uid := r.Uid
		if uid == "" {
			uid = ExportUID(e.ID)
		}
		ev := icalEvent(e, loc)
		ev.UID, ev.Reminders = uid, rem[e.ID]
		if e.Rrule != "" {
			ev.Loc = zone(e.Tzid)
		}
		index[e.ID] = len(out)
		out = append(out, ev)
	}
	for _, r := range rows {
		e := r.Event
		if e.SeriesID == nil || e.RecurrenceID == nil {
			continue
		}
		i, ok := index[*e.SeriesID]
		if !ok {
			continue
		}
		ov := icalEvent(e, out[i].Loc)
		ov.RecurrenceID = *e.RecurrenceID
		out[i].Overrides = append(out[i].Overrides, ov)
	}
	return out
}

// icalEvent is the ical form of one stored row.
func icalEvent(e db.Event, loc *time.Location) ical.Event {
	return ical.Event{
		Title:       e.Title,
		Description: e.Description,
		Location:    e.Location,
		Color:       e.Color,
		Start:       e.StartsAt,
		End:         e.EndsAt,
		AllDay:      e.AllDay,
		Loc:         loc,
		Rule:        e.Rrule,
		Exdates:     e.Exdates,
		Created:     e.CreatedAt,
		Modified:    e.UpdatedAt,
	}
}

// remindersOf loads the reminders of the masters and single events among
// rows, by event id.
func remindersOf(ctx context.Context, q *db.Queries, rows []exportRow) (map[int64][]int, error) {
	var ids []int64
	for _, r := range rows {
		if r.Event.SeriesID == nil {
			ids = append(ids, r.Event.ID)
		}
	}
	return remindersByID(ctx, q, ids)
}
