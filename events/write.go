package events

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Scope is which events of a series an edit or delete of one of its
// occurrences applies to.
type Scope string

// The scopes (the form field scope).
const (
	ScopeThis      Scope = "this"
	ScopeFollowing Scope = "following"
	ScopeAll       Scope = "all"
)

// ParseScope returns a valid scope or "".
func ParseScope(s string) Scope {
	switch sc := Scope(s); sc {
	case ScopeThis, ScopeFollowing, ScopeAll:
		return sc
	}
	return ""
}

// Ref names what an edit or delete applies to: an event or series (ID),
// one occurrence of a series (Occ, "" for none), and for an occurrence
// the scope ("" is "this" for a named occurrence, else the whole series).
type Ref struct {
	ID    int64
	Occ   string
	Scope Scope
}

// Saved is what a write leaves to show: an event or series, or one
// occurrence of it (Occ).
type Saved struct {
	ID  int64
	Occ string
}

// writeResult is what a write changed, for the cache and the answer.
type writeResult struct {
	loc    *time.Location // the owner's zone: dates are read, series recur in it
	tzName string         // its IANA name (a series' tzid)

	ids   []int64  // events written (their event_<id> keys go)
	dates []string // dates covered before and after (when not whole)
	whole bool     // a series changed: every cached list of the user
	shown Saved

	calendars []int64 // the calendars written to
	audience  []int64 // everyone else who reads them: every cached list goes
}

// Create stores a new event of o — a series' master when vals repeat,
// recurring in o's zone — or refuses it with a *QuotaError.
func (s *Service) Create(ctx context.Context, o Owner, vals Values) (db.Event, error) {
	p := createParams(o.ID, vals)
	series := !vals.Rule.IsZero()
	if series {
		ser := vals.Series
		p.StartsAt, p.EndsAt = ser.Start, seriesEnd(ser, vals.Start, vals.End, vals.AllDay)
		p.Rrule, p.UntilAt = seriesColumns(ser)
		p.Tzid = o.TZName
	}
	var ev db.Event
	res := writeResult{whole: series}
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		cal, owner, err := s.writableCalendar(ctx, q, o, vals.CalendarID)
		if err != nil {
			return err
		}
		p.CalendarID, p.UserID = &cal, owner
		if err := s.checkQuota(ctx, q, owner, 1); err != nil {
			return err
		}
		if ev, err = q.CreateEvent(ctx, p); err != nil {
			return err
		}
		if err := setReminders(ctx, q, ev.ID, vals.Reminders); err != nil {
			return err
		}
		if err := s.scheduleReminders(ctx, q, []int64{ev.ID}); err != nil {
			return err
		}
		res.calendars = []int64{cal}
		return s.findAudience(ctx, q, o.ID, &res)
	})
	if err != nil {
		return db.Event{}, err
	}
	res.ids, res.dates = []int64{ev.ID}, eventDates(o.Loc, ev)
	s.invalidate(ctx, o.ID, &res)
	return ev, nil
}

// Update saves vals to what ref names among o's events: a single event
// (a repeat rule makes it a series), or a series by ref.Scope. A rule that
// does not fit the new times is a *FormError; nothing is written then.
func (s *Service) Update(ctx context.Context, o Owner, ref Ref, vals Values) (Saved, error) {
	res, err := s.write(ctx, o, ref, func(q *db.Queries, l locked, res *writeResult) error {
		if err := s.applyEdit(ctx, q, l, o.ID, ref.Scope, vals, res); err != nil {
			return err
		}
		if vals.Reminders == nil || res.shown.Occ != "" {
			return nil // an occurrence's edit: the series' reminders stand
		}
		return setReminders(ctx, q, res.shown.ID, vals.Reminders)
	})
	return res.shown, err
}

// Delete deletes what ref names among o's events: a single event, or by
// ref.Scope one occurrence (cancelled), it and the following ones (the
// series ends before it), or the whole series.
func (s *Service) Delete(ctx context.Context, o Owner, ref Ref) error {
	_, err := s.write(ctx, o, ref, func(q *db.Queries, l locked, res *writeResult) error {
		return s.applyDelete(ctx, q, l, ref.Scope, res)
	})
	return err
}

// write is every event write's sequence: in one transaction it locks what
// ref names among the events o may write (ErrNotFound when o cannot read
// it, ErrForbidden when o may only read it), applies the change and lists
// the calendars' audience; after the commit it invalidates the caches.
func (s *Service) write(ctx context.Context, o Owner, ref Ref, apply func(*db.Queries, locked, *writeResult) error) (writeResult, error) {
	res := writeResult{loc: o.Loc, tzName: o.TZName}
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		l, err := s.lock(ctx, q, o.ID, ref.ID, ref.Occ)
		if err != nil {
			return err
		}
		if err := apply(q, l, &res); err != nil {
			return err
		}
		if err := s.scheduleReminders(ctx, q, append(res.ids, res.shown.ID)); err != nil {
			return err
		}
		res.calendars = append(res.calendars, l.calendarID())
		return s.findAudience(ctx, q, o.ID, &res)
	})
	if err != nil {
		return writeResult{}, err
	}
	s.invalidate(ctx, o.ID, &res)
	return res, nil
}

// applyEdit writes vals to a locked event or series by scope, as user
// writer: a calendar vals name must be one writer may write to, of the
// same owner.
func (s *Service) applyEdit(ctx context.Context, q *db.Queries, l locked, writer int64, scope Scope, vals Values, res *writeResult) error {
	if vals.CalendarID != 0 {
		cal, owner, err := s.writableCalendar(ctx, q, Owner{ID: writer}, vals.CalendarID)
		if err != nil || owner != l.userID() {
			return cmp.Or(err, error(&FormError{FieldErrors{"calendar": calendarProblem}}))
		}
		vals.CalendarID = cal
		res.calendars = append(res.calendars, cal)
	}
	switch w := l.series; {
	case w == nil:
		return updateSingle(ctx, q, l.single, vals, res)
	case w.scope(scope) == ScopeThis:
		return editThis(ctx, q, w, vals, res)
	case w.scope(scope) == ScopeFollowing:
		return editFollowing(ctx, q, w, vals, res)
	}
	return editAll(ctx, q, l.series, vals, res)
}

// applyDelete deletes a locked event, or part of a locked series by scope.
func (s *Service) applyDelete(ctx context.Context, q *db.Queries, l locked, scope Scope, res *writeResult) error {
	switch w := l.series; {
	case w == nil:
		e := l.single
		res.ids, res.dates, res.whole = []int64{e.ID}, eventDates(res.loc, *e), e.Rrule != ""
		_, err := q.DeleteEvent(ctx, db.DeleteEventParams{ID: e.ID, UserID: e.UserID})
		return db.NotFound(err)
	case w.scope(scope) == ScopeThis:
		return deleteThis(ctx, q, w, res)
	case w.scope(scope) == ScopeFollowing:
		return deleteFollowing(ctx, q, w, res)
	}
	return deleteAll(ctx, q, l.series, res)
}

// writableCalendar is the calendar an event of o's goes into, and its
// owner (who holds the event's row): id, or o's first when 0. A calendar
// o may not write to is a *FormError on the calendar field.
func (s *Service) writableCalendar(ctx context.Context, q *db.Queries, o Owner, id int64) (cal, owner int64, err error) {
	if id == 0 {
		cal, err = q.FirstOwnCalendar(ctx, o.ID)
		return cal, o.ID, err
	}
	owner, err = authorize(ctx, q, o.ID, id, Role.CanWrite)
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrForbidden) {
		return 0, 0, &FormError{FieldErrors{"calendar": calendarProblem}}
	}
	return id, owner, err
}

// findAudience lists in res who, besides the writer uid, reads the
// calendars res wrote to.
func (s *Service) findAudience(ctx context.Context, q *db.Queries, uid int64, res *writeResult) error {
	for _, cal := range res.calendars {
		users, err := q.CalendarAudience(ctx, cal)
		if err != nil {
			return err
		}
		for _, u := range users {
			if u != uid && !slices.Contains(res.audience, u) {
				res.audience = append(res.audience, u)
			}
		}
	}
	return nil
}

// invalidate applies a write's result to the writer's cache (the dates it
// covers in the writer's zone), drops every cached list of the others who
// read the calendar (their days are in their own zones), then tells their
// open pages, which reload from the fresh cache.
func (s *Service) invalidate(ctx context.Context, uid int64, res *writeResult) {
	defer s.live.Changed(ctx, append([]int64{uid}, res.audience...)...)
	for _, u := range res.audience {
		s.cache.SeriesChanged(ctx, u, res.ids...)
	}
	if res.whole {
		s.cache.SeriesChanged(ctx, uid, res.ids...)
		return
	}
	s.cache.EventsChanged(ctx, uid, res.ids, res.dates)
}

// updateSingle saves vals to a single event (a repeat rule makes it a
// series' master, in res's zone).
func updateSingle(ctx context.Context, q *db.Queries, old *db.Event, vals Values, res *writeResult) error {
	p := rowParams(old)
	setValues(&p, vals)
	if err := moveCalendar(ctx, q, &p, old.ID, old.Rrule != "", vals); err != nil {
		return err
	}
	switch {
	case vals.RuleSet && !vals.Rule.IsZero():
		ser := vals.Series
		p.StartsAt, p.EndsAt = ser.Start, seriesEnd(ser, vals.Start, vals.End, vals.AllDay)
		p.Rrule, p.UntilAt = seriesColumns(ser)
		p.Tzid, p.Exdates = res.tzName, nil
	case vals.RuleSet:
		p.Rrule, p.Tzid, p.UntilAt, p.Exdates = "", "", nil, nil
	}
	ev, err := q.UpdateEvent(ctx, p)
	if err != nil {
		return db.NotFound(err)
	}
	res.ids, res.dates = []int64{ev.ID}, eventDates(res.loc, *old, ev)
	res.whole = old.Rrule != "" || ev.Rrule != ""
	res.shown = Saved{ID: ev.ID}
	return nil
}

// moveCalendar puts an update into the calendar vals name (none: it
// stays); a series' overrides follow it.
func moveCalendar(ctx context.Context, q *db.Queries, p *db.UpdateEventParams, id int64, series bool, vals Values) error {
	if vals.CalendarID == 0 {
		return nil
	}
	cal := vals.CalendarID
	p.CalendarID = &cal
	if !series {
		return nil
	}
	return q.MoveOverridesToCalendar(ctx, db.MoveOverridesToCalendarParams{CalendarID: cal, SeriesID: &id})
}

// rowParams is the UpdateEventParams that writes e back as it is.
func rowParams(e *db.Event) db.UpdateEventParams {
	return db.UpdateEventParams{
		ID: e.ID, UserID: e.UserID, Title: e.Title, Description: e.Description, Location: e.Location,
		StartsAt: e.StartsAt, EndsAt: e.EndsAt, AllDay: e.AllDay, Color: e.Color,
		Rrule: e.Rrule, Tzid: e.Tzid, UntilAt: e.UntilAt, Exdates: e.Exdates,
	}
}

// setValues puts vals (not their rule) into p.
func setValues(p *db.UpdateEventParams, vals Values) {
	p.Title, p.Description, p.Location, p.Color = vals.Title, vals.Description, vals.Location, vals.Color
	p.StartsAt, p.EndsAt, p.AllDay = vals.Start, vals.End, vals.AllDay
}

// createParams is a new event of uid with vals (not their rule).
func createParams(uid int64, vals Values) db.CreateEventParams {
	return db.CreateEventParams{
		UserID: uid, Title: vals.Title, Description: vals.Description, Location: vals.Location,
		StartsAt: vals.Start, EndsAt: vals.End, AllDay: vals.AllDay, Color: vals.Color,
	}
}

// seriesEnd is the end of a series' first occurrence starting at s.Start
// for an event that ran from start to end.
func seriesEnd(s recur.Series, start, end time.Time, allDay bool) time.Time {
	if allDay {
		return end // local midnight after the last day
	}
	return s.Start.Add(end.Sub(start))
}
