package accounts

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/eventcal/eventcal/db"
)

// Admin is the administrator acting, and their current session (which an
// action on their own account keeps).
type Admin struct {
	db.Actor
	SessionID string
}

// UserAction names an administrator action on a user: the audit action is
// "user.<name>".
type UserAction string

// The actions on a user row.
const (
	Activate   UserAction = "activate"   // may sign in again
	Deactivate UserAction = "deactivate" // may not sign in; sessions end, cache dropped
	Grant      UserAction = "grant"      // administrator rights; sessions end
	Revoke     UserAction = "revoke"     // no administrator rights; sessions end
	Delete     UserAction = "delete"     // the account and its events; sessions end
)

// Messages of the rules about the administrator's own account.
const (
	RefuseSelfDeactivate = "You cannot deactivate your own account."
	RefuseSelfRevoke     = "You cannot remove your own administrator rights; another administrator can."
	RefuseSelfDelete     = "You cannot delete your own account; another administrator can."
)

// actionRule is how an action applies.
type actionRule struct {
	// removesAdmin: the action takes an active admin away (the last one may not go).
	removesAdmin bool
	// self refuses the action on the admin's own account ("" allows it).
	self string
	// apply changes the locked user inside the transaction and returns the
	// audit detail.
	apply func(ctx context.Context, q *db.Queries, u db.User) (string, error)
	// endSessions and dropCache run after the commit.
	endSessions, dropCache bool
}

func setActive(active bool) func(context.Context, *db.Queries, db.User) (string, error) {
	return func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
		return u.Username, q.SetUserActive(ctx, db.SetUserActiveParams{ID: u.ID, IsActive: active})
	}
}

func setAdmin(admin bool) func(context.Context, *db.Queries, db.User) (string, error) {
	return func(ctx context.Context, q *db.Queries, u db.User) (string, error) {
		return u.Username, q.SetUserAdmin(ctx, db.SetUserAdminParams{ID: u.ID, IsAdmin: admin})
	}
}

func deleteUser(ctx context.Context, q *db.Queries, u db.User) (string, error) {
	n, err := q.CountUserEvents(ctx, u.ID)
	if err != nil {
		return "", err
	}
	return u.Username + " with " + strconv.FormatInt(n, 10) + " events", q.AdminDeleteUser(ctx, u.ID)
}

// rule returns the rule of action a.
func (a UserAction) rule() (actionRule, bool) {
	switch a {
	case Activate:
		return actionRule{apply: setActive(true)}, true
	case Deactivate:
		return actionRule{removesAdmin: true, self: RefuseSelfDeactivate, apply: setActive(false), endSessions: true, dropCache: true}, true
	case Grant:
		return actionRule{apply: setAdmin(true), endSessions: true}, true
	case Revoke:
		return actionRule{removesAdmin: true, self: RefuseSelfRevoke, apply: setAdmin(false), endSessions: true}, true
	case Delete:
		return actionRule{removesAdmin: true, self: RefuseSelfDelete, apply: deleteUser, endSessions: true, dropCache: true}, true
	}
	return actionRule{}, false
}

// ApplyUserAction applies a to user uid in one transaction with its audit
// row, under a lock on every active admin (so the last-admin rule holds
// against concurrent changes); then the user's cache is dropped and their
// sessions end as the action requires. Errors: ErrNotAdmin, db.ErrNotFound,
// *Refusal, ErrUnavailable (committed, but sessions not ended).
func (s *Service) ApplyUserAction(ctx context.Context, by Admin, uid int64, a UserAction) error {
	r, ok := a.rule()
	if !ok {
		return errors.New("accounts: unknown user action " + strconv.Quote(string(a)))
	}
	var target db.User
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		admins, err := q.AdminLockActiveAdmins(ctx)
		if err != nil {
			return err
		}
		if !slices.Contains(admins, by.ID) {
			return ErrNotAdmin
		}
		if target, err = q.AdminGetUserForUpdate(ctx, uid); err != nil {
			return db.NotFound(err)
		}
		if r.removesAdmin && target.IsAdmin && target.IsActive && len(admins) <= 1 {
			return &Refusal{Reason: LastAdmin,
				Message: target.Username + " is the last active administrator. Make another user an administrator first."}
		}
		if target.ID == by.ID && r.self != "" {
			return &Refusal{Reason: OwnAccount, Message: r.self}
		}
		detail, err := r.apply(ctx, q, target)
		if err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, by.Actor, "user."+string(a), db.AuditUser, target.ID, detail)
	})
	if err != nil {
		return err
	}
	if r.dropCache {
		s.cache.DropUser(ctx, target.ID)
	}
	if r.endSessions {
		return s.endSessionsOf(ctx, by, target.ID)
	}
	return nil
}

// endSessionsOf ends every session of user uid (they sign in again to see
// a change), except the acting admin's current one.
func (s *Service) endSessionsOf(ctx context.Context, by Admin, uid int64) error {
	keep := ""
	if uid == by.ID {
		keep = by.SessionID
	}
	return s.EndSessions(ctx, uid, keep)
}

// SetPassword sets user u's password (the password policy applies:
// FieldErrors) with its audit row, turns their private feed address off,
// and ends their sessions; the admin's own current session stays.
func (s *Service) SetPassword(ctx context.Context, by Admin, u db.User, password, confirm string) error {
	errs := FieldErrors{}
	var weak *WeakPasswordError
	switch err := CheckPassword(password, u.Username, u.Email); {
	case errors.As(err, &weak):
		errs["password"] = weak.Reason
	case err != nil:
		errs["password"] = "This password cannot be used."
	case confirm != password:
		errs["password_confirm"] = "The two passwords are not the same."
	}
	if err := errs.orNil(); err != nil {
		return err
	}
	hash, err := s.HashPassword(password)
	if err != nil {
		return err
	}
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		locked, err := q.AdminGetUserForUpdate(ctx, u.ID)
		if err != nil {
			return db.NotFound(err)
		}
		if err := q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: u.ID, PasswordHash: hash}); err != nil {
			return err
		}
		if err := q.DeleteFeedToken(ctx, u.ID); err != nil { // the private address goes too
			return err
		}
		return db.RecordAudit(ctx, q, by.Actor, "user.password", db.AuditUser, u.ID, locked.Username)
	})
	if err != nil {
		return err
	}
	return s.endSessionsOf(ctx, by, u.ID)
}

// DropUserCache drops the cached values of the user with this username
// (FieldErrors{"username"} when empty or unknown), with its audit row.
func (s *Service) DropUserCache(ctx context.Context, by Admin, username string) error {
	if username == "" {
		return FieldErrors{"username": "Enter a username."}
	}
	u, err := s.store.AdminUserByUsername(ctx, username)
	if err := db.NotFound(err); errors.Is(err, db.ErrNotFound) {
		return FieldErrors{"username": "There is no user with this username."}
	} else if err != nil {
		return err
	}
	s.cache.DropUser(ctx, u.ID)
	return db.RecordAudit(ctx, s.store.Queries, by.Actor, "cache.drop_user", db.AuditUser, u.ID, u.Username)
}

// DropAllCache deletes every cached value (never sessions, throttles or
// import previews) with its audit row, and returns how many keys went. A
// Redis failure part way is recorded, then returned wrapping ErrUnavailable.
func (s *Service) DropAllCache(ctx context.Context, by Admin) (int, error) {
	n, dropErr := s.cache.DropAll(ctx)
	detail := strconv.Itoa(n) + " keys"
	if dropErr != nil {
		detail += " (interrupted: Redis error)"
	}
	if err := db.RecordAudit(ctx, s.store.Queries, by.Actor, "cache.drop_all", db.AuditCache, 0, detail); err != nil {
		return n, err
	}
	if dropErr != nil {
		return n, errors.Join(ErrUnavailable, dropErr)
	}
	return n, nil
}
