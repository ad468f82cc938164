package accounts

import (
	"context"
	"testing"
)

// TestPrefsShared: saved display settings are shared with the user's
// sessions, read with each session, and outlive an end of sessions.
func TestPrefsShared(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "prefs")
	ids := trackSessions(t, s, u.ID, 1)
	if _, err := s.SaveSettings(ctx, u.ID, ids[0], Settings{Timezone: "UTC", WeekStart: 6, TimeFormat: "12h"}); err != nil {
		t.Fatal(err)
	}
	key := s.cache.SessionEpochKey(u.ID)
	if p, _ := env.SessRedis.HGet(ctx, key, prefsField).Result(); p != "6|12h" {
		t.Fatalf("shared settings %q", p)
	}
	if err := s.EndSessions(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	if p, _ := env.SessRedis.HGet(ctx, key, prefsField).Result(); p != "6|12h" {
		t.Fatalf("after ending sessions: %q", p)
	}
	for _, tc := range []struct {
		p    any
		ws   int16
		c12  bool
		what string
	}{
		{"0|24h", 0, false, "Sunday, 24-hour"}, {"6|12h", 6, true, "Saturday, 12-hour"},
		{nil, 1, false, "none"}, {"7|12h", 1, false, "bad day"}, {"1|13h", 1, false, "bad format"}, {"", 1, false, "empty"},
	} {
		sess := Session{WeekStart: 1}
		applyPrefs(&sess, tc.p)
		if sess.WeekStart != tc.ws || sess.Clock12 != tc.c12 {
			t.Errorf("%s: %d %v", tc.what, sess.WeekStart, sess.Clock12)
		}
	}
}
