package accounts

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"
)

// TestSessionStore: a session is created only under a free id (NX),
// written back only while it exists (XX), read with its epoch check in
// one call, and found ended once the user's sessions are ended.
func TestSessionStore(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "st")
	id := NewSessionID()
	if len(id) < 22 || !ValidSessionID(id) || id == NewSessionID() {
		t.Fatalf("session id %q", id)
	}
	if ls, err := s.LoadSession(ctx, id); err != nil || ls.Status != SessionNone {
		t.Fatalf("no session yet: %+v, %v", ls, err)
	}
	_, epoch, err := s.StartSession(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	sess := Session{UserID: u.ID, Epoch: epoch, AuthAt: 100, SeenAt: 200, WeekStart: u.WeekStart, Username: u.Username, TZName: "UTC", CSRF: "t"}
	if err := s.SaveSession(ctx, id, &sess, time.Minute); !errors.Is(err, ErrSessionEnded) {
		t.Fatalf("save before create: %v, want ErrSessionEnded", err)
	}
	if err := s.CreateSession(ctx, id, &sess, time.Minute); err != nil {
		t.Fatal(err)
	}
	if err := s.CreateSession(ctx, id, &sess, time.Minute); err == nil {
		t.Fatal("create of an existing id succeeded")
	}
	ls, err := s.LoadSession(ctx, id)
	if err != nil || ls.Status != SessionCurrent || ls.Session != sess {
		t.Fatalf("load: %+v, %v", ls, err)
	}
	sess.SeenAt = 300
	if err := s.SaveSession(ctx, id, &sess, 2*time.Minute); err != nil {
		t.Fatal(err)
	}
	if ttl := env.SessRedis.PTTL(ctx, s.cache.SessionKey(id)).Val(); ttl <= time.Minute || ttl > 2*time.Minute {
		t.Fatalf("TTL after save %v", ttl)
	}
	if ls, _ := s.LoadSession(ctx, id); ls.SeenAt != 300 {
		t.Fatalf("saved: %+v", ls)
	}
	// Ended elsewhere: the epoch moved (and the key is gone).
	if err := s.EndSessions(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	if ls, _ := s.LoadSession(ctx, id); ls.Status != SessionNone {
		t.Fatalf("after EndSessions: %+v", ls)
	}
	if err := s.SaveSession(ctx, id, &sess, time.Minute); !errors.Is(err, ErrSessionEnded) {
		t.Fatalf("save of an ended session: %v", err)
	}
	if n := env.SessRedis.Exists(ctx, s.cache.SessionKey(id)).Val(); n != 0 {
		t.Fatal("an ended session was written back")
	}
	// A session value left behind under the old epoch (a request in flight) is ended.
	key := s.cache.SessionKey(id)
	env.SessRedis.Set(ctx, key, AppendSession(nil, &sess), time.Minute)
	if ls, _ := s.LoadSession(ctx, id); ls.Status != SessionEnded {
		t.Fatalf("old epoch: %+v", ls)
	}
	if err := s.DeleteSession(ctx, id); err != nil {
		t.Fatal(err)
	}
}

// TestLoadSessionFormats: an older (non-flat) value comes back raw for the
// caller; a flat one that does not decode is malformed.
func TestLoadSessionFormats(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	for v, want := range map[string]SessionStatus{
		"\x0f\xff\x81gob": SessionOld, "": SessionOld, "1|": SessionMalformed, "1|5|x": SessionMalformed,
		"1|5|0|0|0|0|0|0|0:0:0:trailing": SessionMalformed,
	} {
		id := NewSessionID()
		env.SessRedis.Set(ctx, s.cache.SessionKey(id), v, time.Minute)
		ls, err := s.LoadSession(ctx, id)
		if err != nil || ls.Status != want || (want == SessionOld && ls.Raw != v) {
			t.Errorf("%q: %+v, %v; want status %d", v, ls, err, want)
		}
	}
	for _, id := range []string{"", "a b", "x:y", "ä", string(make([]byte, 65))} {
		if ValidSessionID(id) {
			t.Errorf("session id %q accepted", id)
		}
	}
	if !ValidSessionID("0b5e7a1c-3f0e-4b8a-9c1d-2e3f4a5b6c7d") {
		t.Error("an older session's UUID refused")
	}
}

// TestLoadSessionAndPage: with a page probe the session read also returns
// the user's cache generation and page, read in the cache's database;
// nothing for a session that is not current.
func TestLoadSessionAndPage(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "probe")
	id := NewSessionID()
	_, epoch, err := s.StartSession(ctx, u, id)
	if err != nil {
		t.Fatal(err)
	}
	sess := Session{UserID: u.ID, Epoch: epoch, AuthAt: 100, SeenAt: 200, WeekStart: u.WeekStart, Username: u.Username, TZName: "UTC", CSRF: "t"}
	if err := s.CreateSession(ctx, id, &sess, time.Minute); err != nil {
		t.Fatal(err)
	}
	probe, ok := s.cache.Probe("/?page")
	if !ok || env.Redis.Options().DB == env.SessRedis.Options().DB {
		t.Fatalf("probe %v; cache and sessions share database %d", ok, env.Redis.Options().DB)
	}
	uid := strconv.FormatInt(u.ID, 10)
	env.Redis.Set(ctx, probe.GenPrefix+uid, "42", time.Minute)
	env.Redis.Set(ctx, probe.PagePrefix+uid+"_"+probe.Hash, "stored page", time.Minute)
	ls, pp, err := s.LoadSessionAndPage(ctx, id, probe)
	if err != nil || ls.Status != SessionCurrent || ls.Session != sess {
		t.Fatalf("load: %+v, %v", ls, err)
	}
	if !pp.OK || pp.UserID != u.ID || pp.Gen != "42" || pp.Page != "stored page" {
		t.Fatalf("probed: %+v", pp)
	}
	env.Redis.Del(ctx, probe.PagePrefix+uid+"_"+probe.Hash)
	if _, pp, _ := s.LoadSessionAndPage(ctx, id, probe); !pp.OK || pp.Page != nil {
		t.Fatalf("no page: %+v", pp)
	}
	// A server that refuses the probe still answers the session.
	bad := probe
	bad.DB = 100000
	if ls, pp, err := s.LoadSessionAndPage(ctx, id, bad); err != nil || ls.Status != SessionCurrent || pp.OK || !s.noProbe.Load() {
		t.Fatalf("refused probe: %+v, %+v, %v", ls, pp, err)
	}
	s.noProbe.Store(false)
	if err := s.EndSessions(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	env.SessRedis.Set(ctx, s.cache.SessionKey(id), AppendSession(nil, &sess), time.Minute)
	if ls, pp, _ := s.LoadSessionAndPage(ctx, id, probe); ls.Status != SessionEnded || pp.OK {
		t.Fatalf("ended session: %+v, %+v", ls, pp)
	}
}
