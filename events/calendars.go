package events

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/palette"
)

// Role is what a user may do with a calendar: read it (view), also write
// its events (edit), or everything, sharing and deleting included (owner).
type Role string

// The roles; RoleNone is a calendar the user may not read at all.
const (
	RoleNone  Role = ""
	RoleView  Role = "view"
	RoleEdit  Role = "edit"
	RoleOwner Role = "owner"
)

// CanRead reports whether the role reads the calendar's events.
func (r Role) CanRead() bool { return r != RoleNone }

// CanWrite reports whether the role creates, changes and deletes events.
func (r Role) CanWrite() bool { return r == RoleEdit || r == RoleOwner }

// CanManage reports whether the role renames, shares and deletes the
// calendar.
func (r Role) CanManage() bool { return r == RoleOwner }

// ErrForbidden is a change the user may see but not make (403); what the
// user may not even read is ErrNotFound.
var ErrForbidden = errors.New("not allowed")

// ErrLastCalendar refuses deleting a user's last own calendar.
var ErrLastCalendar = errors.New("the last own calendar cannot be deleted")

// MaxCalendarNameRunes bounds a calendar's name (the schema checks it).
const MaxCalendarNameRunes = 100

// Calendar is a calendar as one user sees it.
type Calendar struct {
	ID      int64
	OwnerID int64
	Owner   string // the owner's username
	Name    string
	Color   string
	Role    Role
	Visible bool // shown in this user's views
}

// CalendarInput is a calendar's form as posted.
type CalendarInput struct {
	Name  string
	Color string
}

// validate trims and checks the form.
func (in CalendarInput) validate() (CalendarInput, FieldErrors) {
	errs := FieldErrors{}
	out := CalendarInput{Name: strings.TrimSpace(in.Name), Color: strings.TrimSpace(in.Color)}
	switch n := utf8.RuneCountInString(out.Name); {
	case textProblem(out.Name, false) != "":
		errs["name"] = textProblem(out.Name, false)
	case n == 0:
		errs["name"] = "Enter a name."
	case n > MaxCalendarNameRunes:
		errs["name"] = tooLong(MaxCalendarNameRunes, n)
	}
	if out.Color == "" {
		out.Color = palette.Default
	} else if _, ok := palette.Name(out.Color); !ok {
		errs["color"] = "Choose one of the listed colours."
	}
	return out, errs
}

// Calendars lists the calendars user uid can read: their own, then those
// shared with them.
func (s *Service) Calendars(ctx context.Context, uid int64) ([]Calendar, error) {
	return cache.Calendars(ctx, s.cache, uid, func(ctx context.Context) ([]Calendar, error) {
		return s.listCalendars(ctx, uid)
	})
}

// listCalendars reads Calendars from Postgres.
func (s *Service) listCalendars(ctx context.Context, uid int64) ([]Calendar, error) {
	rows, err := s.store.ListCalendars(ctx, uid)
	if err != nil {
		return nil, err
	}
	out := make([]Calendar, len(rows))
	for i, r := range rows {
		out[i] = Calendar{ID: r.ID, OwnerID: r.OwnerID, Owner: r.OwnerUsername, Name: r.Name, Color: r.Color,
			Role: Role(r.Role), Visible: r.Visible}
	}
	return out, nil
}

// Calendar reads one calendar as user uid sees it (ErrNotFound when they
// may not read it).
func (s *Service) Calendar(ctx context.Context, uid, id int64) (Calendar, error) {
	cals, err := s.Calendars(ctx, uid)
	if err != nil {
		return Calendar{}, err
	}
	for _, c := range cals {
		if c.ID == id {
			return c, nil
		}
	}
	return Calendar{}, ErrNotFound
}

// role is user uid's role on a calendar, in q's transaction (RoleNone
// when they may not read it), and the calendar's owner.
func role(ctx context.Context, q *db.Queries, uid, calendarID int64) (Role, int64, error) {
	r, err := q.GetCalendarRole(ctx, db.GetCalendarRoleParams{UserID: uid, CalendarID: calendarID})
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return RoleNone, 0, nil
	}
	if err != nil {
		return RoleNone, 0, err
	}
	return Role(r.Role), r.OwnerID, nil
}

// authorize is the one decision on a calendar: ErrNotFound when user uid
// may not read it, ErrForbidden when they may read but not do what need
// asks; otherwise the calendar's owner.
func authorize(ctx context.Context, q *db.Queries, uid, calendarID int64, need func(Role) bool) (int64, error) {
	r, owner, err := role(ctx, q, uid, calendarID)
	switch {
	case err != nil:
		return 0, err
	case !r.CanRead():
		return 0, ErrNotFound
	case !need(r):
		return 0, ErrForbidden
	}
	return owner, nil
}

// CreateCalendar makes a calendar of user uid's (a *FormError for a bad
// name or colour).
func (s *Service) CreateCalendar(ctx context.Context, uid int64, in CalendarInput) (Calendar, error) {
	c, err := createCalendar(ctx, s.store.Queries, uid, in)
	if err != nil {
		return Calendar{}, err
	}
	s.dropLists(ctx, []int64{uid}) // the cached list of calendars
	return c, nil
}

// createCalendar makes a calendar of user uid's in q's transaction.
func createCalendar(ctx context.Context, q *db.Queries, uid int64, in CalendarInput) (Calendar, error) {
	in, errs := in.validate()
	if len(errs) > 0 {
		return Calendar{}, &FormError{errs}
	}
	c, err := q.CreateCalendar(ctx, db.CreateCalendarParams{OwnerID: uid, Name: in.Name, Color: in.Color})
	if err != nil {
		return Calendar{}, err
	}
	return Calendar{ID: c.ID, OwnerID: uid, Name: c.Name, Color: c.Color, Role: RoleOwner, Visible: true}, nil
}

// UpdateCalendar renames and recolours a calendar: its owner only.
func (s *Service) UpdateCalendar(ctx context.Context, uid, id int64, in CalendarInput) error {
	in, errs := in.validate()
	if len(errs) > 0 {
		return &FormError{errs}
	}
	return s.calendarWrite(ctx, uid, id, func(q *db.Queries) ([]int64, error) {
		_, err := q.UpdateCalendar(ctx, db.UpdateCalendarParams{ID: id, OwnerID: uid, Name: in.Name, Color: in.Color})
		return nil, db.NotFound(err)
	})
}

// DeleteCalendar deletes a calendar and its events: its owner only, and
// never the owner's last own calendar (ErrLastCalendar).
func (s *Service) DeleteCalendar(ctx context.Context, uid, id int64) error {
	return s.calendarWrite(ctx, uid, id, func(q *db.Queries) ([]int64, error) {
		own, err := q.LockOwnCalendars(ctx, uid)
		if err != nil {
			return nil, err
		}
		if len(own) <= 1 {
			return nil, ErrLastCalendar
		}
		_, err = q.DeleteCalendar(ctx, db.DeleteCalendarParams{ID: id, OwnerID: uid})
		return nil, db.NotFound(err)
	})
}

// SetVisible shows or hides a calendar user uid can read in their views.
func (s *Service) SetVisible(ctx context.Context, uid, id int64, visible bool) error {
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if _, err := authorize(ctx, q, uid, id, Role.CanRead); err != nil {
			return err
		}
		return q.SetCalendarVisible(ctx, db.SetCalendarVisibleParams{UserID: uid, CalendarID: id, Visible: visible})
	})
	if err == nil {
		s.cache.SeriesChanged(ctx, uid)
		s.live.Changed(ctx, uid)
	}
	return err
}

// calendarWrite runs a change of calendar id that needs its owner, in one
// transaction, then drops the cached lists of everyone who read it before
// or reads it after (change returns who joined).
func (s *Service) calendarWrite(ctx context.Context, uid, id int64, change func(*db.Queries) ([]int64, error)) error {
	var audience []int64
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if _, err := authorize(ctx, q, uid, id, Role.CanManage); err != nil {
			return err
		}
		var err error
		if audience, err = q.CalendarAudience(ctx, id); err != nil {
			return err
		}
		joined, err := change(q)
		audience = append(audience, joined...)
		return err
	})
	if err == nil {
		s.dropLists(ctx, audience)
	}
	return err
}

// dropLists makes every cached list of each user stale and tells their
// open pages.
func (s *Service) dropLists(ctx context.Context, users []int64) {
	for _, u := range users {
		s.cache.SeriesChanged(ctx, u)
	}
	s.live.Changed(ctx, users...)
}
