package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
)

func TestRegister(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "reg")
	if !CompareHash(u.PasswordHash, goodPassword) || strings.Contains(u.PasswordHash, goodPassword) {
		t.Fatalf("stored hash %q", u.PasswordHash)
	}
	_, err := s.Register(ctx, Registration{Username: strings.ToUpper(u.Username), Email: "not an address",
		Password: "short", Confirm: "short", Timezone: "Mars/Olympus"})
	fe := fieldErrors(t, err)
	for field, want := range map[string]string{"username": "taken", "email": "email address like", "password": "at least 10", "timezone": "time zone"} {
		if !strings.Contains(fe[field], want) {
			t.Errorf("%s: %q, want %q", field, fe[field], want)
		}
	}
	_, err = s.Register(ctx, Registration{Username: u.Username + "x", Password: goodPassword, Confirm: goodPassword + "!", Timezone: "UTC"})
	if fe := fieldErrors(t, err); fe["password_confirm"] == "" || len(fe) != 1 {
		t.Errorf("confirmation: %v", fe)
	}
}

// The race's loser is told by the unique index, which Register maps to the
// field: the index names must be right.
func TestUniqueIndexNames(t *testing.T) {
	name := "idx_" + strings.ToLower(t.Name())
	if _, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name, PasswordHash: "x", Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	_, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: strings.ToUpper(name), PasswordHash: "x", Timezone: "UTC"})
	if !db.IsUniqueViolation(err, usernameIndex) {
		t.Fatalf("duplicate name: %v", err)
	}
	email := name + "@example.com"
	if _, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name + "a", Email: email, PasswordHash: "x", Timezone: "UTC"}); err != nil {
		t.Fatal(err)
	}
	_, err = env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name + "b", Email: strings.ToUpper(email), PasswordHash: "x", Timezone: "UTC"})
	if !db.IsUniqueViolation(err, emailIndex) {
		t.Fatalf("duplicate email: %v", err)
	}
}

func TestAuthenticate(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "auth")
	ip := "192.0.2.7"
	got, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: ip})
	if err != nil || got.ID != u.ID {
		t.Fatalf("good credentials: %v %v", got.ID, err)
	}
	for _, cr := range []Credentials{
		{Login: u.Username, Password: goodPassword + "x", IP: ip},
		{Login: "nobody_" + u.Username, Password: goodPassword, IP: ip},
	} {
		if _, err := s.Authenticate(ctx, cr); !errors.Is(err, ErrBadCredentials) {
			t.Errorf("%s: %v, want ErrBadCredentials", cr.Login, err)
		}
	}
	if err := s.SetActive(ctx, u.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: ip}); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("deactivated: %v, want ErrBadCredentials", err)
	}
}

func TestLoginThrottle(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "thr")
	bad := Credentials{Login: u.Username, Password: "wrong password here", IP: "192.0.2.8"}
	for range LoginAccountMax {
		if _, err := s.Authenticate(ctx, bad); !errors.Is(err, ErrBadCredentials) {
			t.Fatal(err)
		}
	}
	_, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: "192.0.2.9"})
	var th *ThrottledError
	if !errors.As(err, &th) || th.Wait <= 0 || th.Wait > LoginWindow {
		t.Fatalf("after %d failures: %v", LoginAccountMax, err)
	}
	// Counted before judged: the refused attempt counts too.
	if n, _ := env.Redis.Get(ctx, s.cache.LoginThrottleUserKey(u.ID)).Int(); n != LoginAccountMax+1 {
		t.Errorf("account counter %d, want %d", n, LoginAccountMax+1)
	}
	if n, _ := env.Redis.Get(ctx, s.cache.LoginThrottleIPKey("192.0.2.8")).Int(); n != LoginAccountMax {
		t.Errorf("address counter %d, want %d", n, LoginAccountMax)
	}
	// Unknown names are counted by name; IPv6 clients per /64.
	s.Authenticate(ctx, Credentials{Login: " Nobody ", Password: "x", IP: "2001:db8::1"})
	if n, _ := env.Redis.Get(ctx, s.cache.LoginThrottleNameKey("nobody")).Int(); n != 1 {
		t.Errorf("name counter %d, want 1", n)
	}
	if n, _ := env.Redis.Get(ctx, s.cache.LoginThrottleIPKey("2001:db8::/64")).Int(); n != 1 {
		t.Errorf("IPv6 counter %d, want 1", n)
	}
}
