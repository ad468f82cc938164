package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
)

// newAdmin makes an active administrator acting from session sid.
func newAdmin(t *testing.T, s *Service, name, sid string) (Admin, db.User) {
	t.Helper()
	u := newUser(t, s, name)
	if err := env.Store.SetUserAdmin(context.Background(), db.SetUserAdminParams{ID: u.ID, IsAdmin: true}); err != nil {
		t.Fatal(err)
	}
	return Admin{Actor: db.Actor{ID: u.ID, Username: u.Username}, SessionID: sid}, u
}

// lastAudit is the newest audit row.
func lastAudit(t *testing.T) db.AdminAudit {
	t.Helper()
	rows, err := env.Store.AdminListAudit(context.Background(), db.AdminListAuditParams{MaxRows: 1})
	if err != nil || len(rows) != 1 {
		t.Fatalf("audit: %v %v", rows, err)
	}
	return rows[0]
}

// refusal returns err's reason, 0 when it is no *Refusal.
func refusal(err error) RefusalReason {
	var r *Refusal
	if errors.As(err, &r) {
		return r.Reason
	}
	return 0
}

func TestAdminRules(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	// Other tests' admins would make this one not the last: demote them.
	others, err := env.Store.AdminLockActiveAdmins(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range others {
		if err := env.Store.SetUserAdmin(ctx, db.SetUserAdminParams{ID: id}); err != nil {
			t.Fatal(err)
		}
	}
	a, au := newAdmin(t, s, "rules_a", "sess-a")
	if err := s.ApplyUserAction(ctx, a, au.ID, Deactivate); refusal(err) != LastAdmin {
		t.Fatalf("the last admin deactivated themselves: %v", err)
	}
	b := newUser(t, s, "rules_b")
	if err := s.ApplyUserAction(ctx, a, b.ID, Grant); err != nil {
		t.Fatal(err)
	}
	if r := lastAudit(t); r.Action != "user.grant" || r.ActorUsername != au.Username || r.TargetID == nil || *r.TargetID != b.ID {
		t.Fatalf("audit row %+v", r)
	}
	for act, msg := range map[UserAction]string{Deactivate: RefuseSelfDeactivate, Revoke: RefuseSelfRevoke, Delete: RefuseSelfDelete} {
		err := s.ApplyUserAction(ctx, a, au.ID, act)
		var r *Refusal
		if !errors.As(err, &r) || r.Reason != OwnAccount || r.Message != msg {
			t.Errorf("%s own account: %v", act, err)
		}
	}
	if err := s.ApplyUserAction(ctx, a, -1, Activate); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("unknown user: %v", err)
	}
	if err := s.ApplyUserAction(ctx, Admin{Actor: db.Actor{ID: b.ID + 1000000}}, b.ID, Revoke); !errors.Is(err, ErrNotAdmin) {
		t.Errorf("a non-admin acted: %v", err)
	}
	if err := s.ApplyUserAction(ctx, a, b.ID, "promote"); err == nil {
		t.Error("an unknown action ran")
	}
}

func TestAdminActionsEndSessionsAndDropCache(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	a, au := newAdmin(t, s, "act_a", "keep-me")
	u := newUser(t, s, "act_u")
	ids := trackSessions(t, s, u.ID, 2)
	dropped := cacheDropped(t, s, u.ID, func() {
		if err := s.ApplyUserAction(ctx, a, u.ID, Deactivate); err != nil {
			t.Fatal(err)
		}
	})
	if !dropped || slices.Contains(liveSessions(t, s, ids), true) {
		t.Fatalf("deactivate: cache dropped %v, sessions %v", dropped, liveSessions(t, s, ids))
	}
	if _, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: "192.0.2.20"}); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("deactivated user signed in: %v", err)
	}
	if err := s.ApplyUserAction(ctx, a, u.ID, Activate); err != nil {
		t.Fatal(err)
	}

	// A new password ends the user's sessions, but an admin's own current one stays.
	next := "copper kettles whistle at dawn"
	own := trackSessions(t, s, au.ID, 1)
	own = append(own, a.SessionID)
	if _, err := s.trackSession(ctx, au.ID, a.SessionID); err != nil {
		t.Fatal(err)
	}
	if err := env.SessRedis.Set(ctx, s.cache.SessionKey(a.SessionID), "x", 0).Err(); err != nil {
		t.Fatal(err)
	}
	if err := s.SetPassword(ctx, a, au, next, next); err != nil {
		t.Fatal(err)
	}
	if got := liveSessions(t, s, own); !slices.Equal(got, []bool{false, true}) {
		t.Errorf("own sessions after a new password: %v", got)
	}
	if r := lastAudit(t); r.Action != "user.password" || r.Detail != au.Username {
		t.Errorf("audit row %+v", r)
	}
	if fe := fieldErrors(t, s.SetPassword(ctx, a, u, "short", "short")); fe["password"] == "" {
		t.Errorf("weak password: %v", fe)
	}

	// Delete: the account goes, with an audit row naming its events.
	if err := s.ApplyUserAction(ctx, a, u.ID, Delete); err != nil {
		t.Fatal(err)
	}
	if r := lastAudit(t); r.Action != "user.delete" || !strings.HasSuffix(r.Detail, "with 0 events") {
		t.Errorf("audit row %+v", r)
	}
	if _, err := s.user(ctx, u.ID); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("deleted user: %v", err)
	}
}

func TestAdminCacheDrops(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	a, _ := newAdmin(t, s, "cache_a", "")
	u := newUser(t, s, "cache_u")
	for name, want := range map[string]string{"": "Enter a username", "no_such_user_zz": "no user"} {
		if fe := fieldErrors(t, s.DropUserCache(ctx, a, name)); !strings.Contains(fe["username"], want) {
			t.Errorf("%q: %v", name, fe)
		}
	}
	dropped := cacheDropped(t, s, u.ID, func() {
		if err := s.DropUserCache(ctx, a, strings.ToUpper(u.Username)); err != nil {
			t.Fatal(err)
		}
	})
	if r := lastAudit(t); !dropped || r.Action != "cache.drop_user" || r.Detail != u.Username {
		t.Fatalf("drop user: dropped %v, audit %+v", dropped, r)
	}
	dropped = cacheDropped(t, s, u.ID, func() {
		if n, err := s.DropAllCache(ctx, a); err != nil || n < 1 {
			t.Fatalf("drop all: %d %v", n, err)
		}
	})
	if r := lastAudit(t); !dropped || r.Action != "cache.drop_all" || !strings.HasSuffix(r.Detail, " keys") {
		t.Fatalf("drop all: dropped %v, audit %+v", dropped, r)
	}
}
