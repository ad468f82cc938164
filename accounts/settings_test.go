package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
)

func TestEndSessionsKeepsOne(t *testing.T) {
	s := newService(t)
	u := newUser(t, s, "sess")
	ids := trackSessions(t, s, u.ID, 3)
	if err := s.EndSessions(context.Background(), u.ID, ids[1]); err != nil {
		t.Fatal(err)
	}
	if got := liveSessions(t, s, ids); !slices.Equal(got, []bool{false, true, false}) {
		t.Fatalf("sessions alive: %v", got)
	}
	members, _ := env.SessRedis.SMembers(context.Background(), s.cache.UserSessionsKey(u.ID)).Result()
	if !slices.Equal(members, []string{ids[1]}) {
		t.Fatalf("index %v, want the kept session", members)
	}
}

func TestSaveSettings(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "set")
	ids := trackSessions(t, s, u.ID, 2)

	// A week start change keeps other sessions and the cache.
	dropped := cacheDropped(t, s, u.ID, func() {
		got, err := s.SaveSettings(ctx, u.ID, ids[0], Settings{Timezone: "UTC", WeekStart: 0})
		if err != nil || got.WeekStart != 0 {
			t.Fatalf("week start: %v %v", got.WeekStart, err)
		}
	})
	if dropped || !slices.Equal(liveSessions(t, s, ids), []bool{true, true}) {
		t.Fatalf("a week-start change dropped the cache (%v) or ended sessions", dropped)
	}
	// So does a time format change; Saturday is a week start too.
	dropped = cacheDropped(t, s, u.ID, func() {
		got, err := s.SaveSettings(ctx, u.ID, ids[0], Settings{Timezone: "UTC", WeekStart: 6, TimeFormat: "12h"})
		if err != nil || got.WeekStart != 6 || got.TimeFormat != "12h" {
			t.Fatalf("time format: %+v %v", got, err)
		}
	})
	if dropped || !slices.Equal(liveSessions(t, s, ids), []bool{true, true}) {
		t.Fatalf("a time format change dropped the cache (%v) or ended sessions", dropped)
	}
	// A time zone change ends the others and drops the cache.
	dropped = cacheDropped(t, s, u.ID, func() {
		got, err := s.SaveSettings(ctx, u.ID, ids[0], Settings{Email: "set@example.com", Timezone: "Europe/Berlin", WeekStart: 1,
			CurrentPassword: goodPassword})
		if err != nil || got.Timezone != "Europe/Berlin" || got.Email != "set@example.com" {
			t.Fatalf("zone: %+v %v", got, err)
		}
	})
	if !dropped || !slices.Equal(liveSessions(t, s, ids), []bool{true, false}) {
		t.Fatalf("a zone change kept the cache (%v) or the other session", !dropped)
	}
	// Refused values change nothing and come back as field problems.
	other := newUser(t, s, "set2")
	got, err := s.SaveSettings(ctx, other.ID, "", Settings{Email: "SET@example.com", Timezone: "Nowhere/City", WeekStart: 3, TimeFormat: "13h"})
	fe := fieldErrors(t, err)
	if !strings.Contains(fe["email"], "exists already") || fe["timezone"] == "" || fe["week_start"] == "" ||
		fe["time_format"] == "" || got.Timezone != "UTC" || got.TimeFormat != "24h" {
		t.Fatalf("refusals: %v, user %+v", fe, got)
	}
}

func TestChangePassword(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "pw")
	ids := trackSessions(t, s, u.ID, 2)
	next := "amber lanterns drift over harbours"
	_, err := s.ChangePassword(ctx, u.ID, ids[0], PasswordChange{Current: "not it at all", New: next, Confirm: next, IP: "192.0.2.10"})
	if fe := fieldErrors(t, err); fe["current_password"] == "" || len(fe) != 1 {
		t.Fatalf("wrong current password: %v", fe)
	}
	if n, _ := env.Redis.Get(ctx, s.cache.LoginThrottleUserKey(u.ID)).Int(); n != 1 {
		t.Errorf("a wrong current password was not counted: %d", n)
	}
	_, err = s.ChangePassword(ctx, u.ID, ids[0], PasswordChange{Current: goodPassword, New: goodPassword, Confirm: goodPassword})
	if fe := fieldErrors(t, err); !strings.Contains(fe["new_password"], "different") {
		t.Fatalf("same password: %v", fe)
	}
	if _, err := s.ChangePassword(ctx, u.ID, ids[0], PasswordChange{Current: goodPassword, New: next, Confirm: next}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(liveSessions(t, s, ids), []bool{true, false}) {
		t.Error("the other session survived a password change")
	}
	if _, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: next, IP: "192.0.2.10"}); err != nil {
		t.Errorf("new password: %v", err)
	}
	if _, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: "192.0.2.10"}); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("old password: %v", err)
	}
}

func TestFeedTokens(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "feed")
	first, err := s.NewFeedToken(ctx, u.ID)
	if err != nil || len(first) != feedTokenLen {
		t.Fatalf("token %q: %v", first, err)
	}
	if o, err := s.FeedOwner(ctx, first); err != nil || o.ID != u.ID {
		t.Fatalf("owner: %+v %v", o, err)
	}
	second, err := s.NewFeedToken(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, tok := range []string{first, "short", strings.Repeat("A", feedTokenLen), strings.Repeat("*", feedTokenLen)} {
		if _, err := s.FeedOwner(ctx, tok); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("%q: %v, want not found", tok, err)
		}
	}
	if err := s.FeedOff(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.FeedOwner(ctx, second); !errors.Is(err, db.ErrNotFound) {
		t.Errorf("after off: %v", err)
	}
	// FeedTokenMax requests a window; the next is throttled.
	for i := range FeedTokenMax {
		if err := s.CountFeedRequest(ctx, second, "192.0.2.11"); err != nil {
			t.Fatalf("request %d: %v", i+1, err)
		}
	}
	var th *ThrottledError
	if err := s.CountFeedRequest(ctx, second, "192.0.2.12"); !errors.As(err, &th) || th.Wait <= 0 || th.Wait > FeedWindow {
		t.Fatalf("over the limit: %v", err)
	}
}
