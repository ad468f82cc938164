package accounts

import (
	"context"
	"errors"
	"testing"
)

// TestSessionEpoch: ending a user's sessions makes every session signed in
// before stale, except the one kept, until the next end.
func TestSessionEpoch(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "ep")
	current := func(id string, epoch int64) bool {
		ok, err := s.SessionCurrent(ctx, u.ID, id, epoch)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	_, e0, err := s.StartSession(ctx, u, "a")
	if err != nil || !current("a", e0) {
		t.Fatalf("new session: epoch %d, %v", e0, err)
	}
	if err := s.EndSessions(ctx, u.ID, "kept"); err != nil {
		t.Fatal(err)
	}
	if current("a", e0) || !current("kept", e0) {
		t.Fatal("after EndSessions keeping one: the other should be stale, the kept one current")
	}
	_, e1, _ := s.StartSession(ctx, u, "b")
	if e1 == e0 || !current("b", e1) {
		t.Fatalf("session after the end: epoch %d (before %d)", e1, e0)
	}
	if err := s.EndSessions(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	if current("kept", e0) || current("b", e1) {
		t.Fatal("after EndSessions: every session should be stale")
	}
	// A deactivated user's sign-in cannot start a session.
	if err := s.SetActive(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.StartSession(ctx, u, "c"); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("deactivated meanwhile: %v", err)
	}
}
