package events

import (
	"context"
	"time"

	"github.com/eventcal/eventcal/db"
)

// AdminEvent is any user's event with its owner, for the admin pages.
type AdminEvent struct {
	db.AdminGetEventRow
	Loc *time.Location // the owner's zone: its times are shown and read in it
}

// owner is the event's owner as a write's Owner.
func (a *AdminEvent) owner() Owner {
	return Owner{ID: a.Event.UserID, Loc: a.Loc, TZName: a.Loc.String()}
}

// AdminEvent reads any user's event by id with its owner.
func (s *Service) AdminEvent(ctx context.Context, id int64) (AdminEvent, error) {
	row, err := s.store.AdminGetEvent(ctx, id)
	if err != nil {
		return AdminEvent{}, db.NotFound(err)
	}
	return AdminEvent{AdminGetEventRow: row, Loc: s.zones.Load(row.OwnerTimezone)}, nil
}

// AdminUpdate saves in (read in the owner's zone) to any user's event, as
// the owner's own edit would, with an audit row by actor in the same
// transaction. A series' master is edited whole (keeping its rule when in
// has none), an override row as that occurrence only. Invalid values are
// a *FormError; the event read is returned either way.
func (s *Service) AdminUpdate(ctx context.Context, actor db.Actor, id int64, in Input) (AdminEvent, error) {
	ev, err := s.AdminEvent(ctx, id)
	if err != nil {
		return ev, err
	}
	vals, errs := in.Validate(ev.Loc)
	if len(errs) > 0 {
		return ev, &FormError{errs}
	}
	_, err = s.write(ctx, ev.owner(), Ref{ID: id}, func(q *db.Queries, l locked, res *writeResult) error {
		if err := s.applyEdit(ctx, q, l, ev.Event.UserID, "", vals, res); err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, actor, "event.update", db.AuditEvent, id, auditDetail(vals.Title, ev.OwnerUsername))
	})
	return ev, err
}

// AdminDelete deletes any user's event as the owner's own delete would: a
// series' master with its overrides, an override row by cancelling its
// occurrence; with an audit row by actor in the same transaction.
func (s *Service) AdminDelete(ctx context.Context, actor db.Actor, id int64) (AdminEvent, error) {
	ev, err := s.AdminEvent(ctx, id)
	if err != nil {
		return ev, err
	}
	_, err = s.write(ctx, ev.owner(), Ref{ID: id}, func(q *db.Queries, l locked, res *writeResult) error {
		if err := s.applyDelete(ctx, q, l, "", res); err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, actor, "event.delete", db.AuditEvent, id, auditDetail(ev.Event.Title, ev.OwnerUsername))
	})
	return ev, err
}

// auditDetail is an event's audit detail: its title and owner.
func auditDetail(title, owner string) string {
	return "“" + db.ClipText(title, 200) + "” of " + owner
}
