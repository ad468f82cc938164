package events

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/eventcal/eventcal/db"
)

// Share is one user a calendar is shared with.
type Share struct {
	UserID   int64
	Username string
	Role     Role
	Since    time.Time
}

// ShareInput is the share form as posted: who (username or email) and
// the role (view or edit).
type ShareInput struct {
	Login string
	Role  string
}

// Shares lists whom a calendar is shared with: its owner only (what they
// may read but not manage is ErrForbidden).
func (s *Service) Shares(ctx context.Context, uid, calendarID int64) ([]Share, error) {
	var out []Share
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		if _, err := authorize(ctx, q, uid, calendarID, Role.CanManage); err != nil {
			return err
		}
		rows, err := q.ListShares(ctx, calendarID)
		for _, r := range rows {
			out = append(out, Share{UserID: r.UserID, Username: r.Username, Role: Role(r.Role), Since: r.CreatedAt})
		}
		return err
	})
	return out, err
}

// ShareCalendar shares a calendar of owner uid with the user in.Login
// names, or changes their role; audited as actor's change. Unknown users,
// the owner themself and a bad role are a *FormError.
func (s *Service) ShareCalendar(ctx context.Context, actor db.Actor, calendarID int64, in ShareInput) error {
	r := Role(strings.TrimSpace(in.Role))
	login := strings.TrimSpace(in.Login)
	errs := FieldErrors{}
	if r != RoleView && r != RoleEdit {
		errs["role"] = "Choose whether they may view or also edit."
	}
	if login == "" {
		errs["username"] = "Enter the username or email of the person to share with."
	}
	if len(errs) > 0 {
		return &FormError{errs}
	}
	return s.calendarWrite(ctx, actor.ID, calendarID, func(q *db.Queries) ([]int64, error) {
		u, err := q.GetUserByLogin(ctx, login)
		if errors.Is(db.NotFound(err), db.ErrNotFound) || err == nil && !u.IsActive {
			return nil, &FormError{FieldErrors{"username": "There is no one called “" + db.ClipText(login, 100) + "” here."}}
		}
		if err != nil {
			return nil, err
		}
		if u.ID == actor.ID {
			return nil, &FormError{FieldErrors{"username": "This is your own calendar."}}
		}
		if err := q.UpsertShare(ctx, db.UpsertShareParams{CalendarID: calendarID, UserID: u.ID, Role: string(r)}); err != nil {
			return nil, err
		}
		return []int64{u.ID}, db.RecordAudit(ctx, q, actor, "calendar.share", db.AuditCalendar, calendarID,
			u.Username+" may "+string(r))
	})
}

// UnshareCalendar stops sharing a calendar of owner actor with user
// sharee; audited.
func (s *Service) UnshareCalendar(ctx context.Context, actor db.Actor, calendarID, sharee int64) error {
	return s.calendarWrite(ctx, actor.ID, calendarID, func(q *db.Queries) ([]int64, error) {
		return nil, s.removeShare(ctx, q, actor, calendarID, sharee, "calendar.unshare")
	})
}

// LeaveCalendar takes a calendar shared with user actor out of their
// calendars (the owner cannot leave their own: ErrForbidden).
func (s *Service) LeaveCalendar(ctx context.Context, actor db.Actor, calendarID int64) error {
	var audience []int64
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		r, _, err := role(ctx, q, actor.ID, calendarID)
		switch {
		case err != nil:
			return err
		case !r.CanRead():
			return ErrNotFound
		case r == RoleOwner:
			return ErrForbidden
		}
		if audience, err = q.CalendarAudience(ctx, calendarID); err != nil {
			return err
		}
		return s.removeShare(ctx, q, actor, calendarID, actor.ID, "calendar.leave")
	})
	if err == nil {
		s.dropLists(ctx, append(audience, actor.ID))
	}
	return err
}

// removeShare deletes a share and the former sharee's view of the
// calendar, with an audit row.
func (s *Service) removeShare(ctx context.Context, q *db.Queries, actor db.Actor, calendarID, sharee int64, action string) error {
	if _, err := q.DeleteShare(ctx, db.DeleteShareParams{CalendarID: calendarID, UserID: sharee}); err != nil {
		return db.NotFound(err)
	}
	if err := q.ForgetCalendarView(ctx, db.ForgetCalendarViewParams{CalendarID: calendarID, UserID: sharee}); err != nil {
		return err
	}
	u, err := q.GetUser(ctx, sharee)
	if err != nil {
		return err
	}
	return db.RecordAudit(ctx, q, actor, action, db.AuditCalendar, calendarID, u.Username)
}
