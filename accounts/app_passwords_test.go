package accounts

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
)

// TestAppPasswordsSignInAppsOnly: an app password authenticates (typed in
// upper case or without its dashes too) and records its use; the account
// password does not; a revoked one stops at once; another user cannot
// revoke it; a deactivated user's is refused.
func TestAppPasswordsSignInAppsOnly(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "app")
	other := newUser(t, s, "other")
	ap, secret, err := s.CreateAppPassword(ctx, u.ID, "  Phone   calendar ")
	if err != nil {
		t.Fatal(err)
	}
	if ap.Name != "Phone calendar" || len(strings.ReplaceAll(secret, "-", "")) != 26 || ap.LastUsedAt != nil {
		t.Fatalf("made %+v with secret %q", ap, secret)
	}
	auth := func(login, password string) error {
		_, err := s.AuthenticateApp(ctx, Credentials{Login: login, Password: password, IP: "192.0.2.7"})
		return err
	}
	for _, typed := range []string{secret, strings.ToUpper(secret), strings.ReplaceAll(secret, "-", "")} {
		if err := auth(u.Username, typed); err != nil {
			t.Fatalf("app password %q: %v", typed, err)
		}
	}
	if err := auth(u.Username, goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("the account password on an app sign-in: %v", err)
	}
	if err := auth(other.Username, secret); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("another user's app password: %v", err)
	}
	list, err := s.AppPasswords(ctx, u.ID)
	if err != nil || len(list) != 1 || list[0].LastUsedAt == nil {
		t.Fatalf("list after use: %+v, %v", list, err)
	}
	if err := s.RevokeAppPassword(ctx, other.ID, ap.ID); !errors.Is(err, db.ErrNotFound) {
		t.Fatalf("revoked by another user: %v", err)
	}
	if err := s.store.SetUserActive(ctx, db.SetUserActiveParams{ID: u.ID, IsActive: false}); err != nil {
		t.Fatal(err)
	}
	if err := auth(u.Username, secret); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a deactivated user's app password: %v", err)
	}
	if err := s.store.SetUserActive(ctx, db.SetUserActiveParams{ID: u.ID, IsActive: true}); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeAppPassword(ctx, u.ID, ap.ID); err != nil {
		t.Fatal(err)
	}
	if err := auth(u.Username, secret); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("a revoked app password: %v", err)
	}
}

// TestAppPasswordNamesAndLimit: a name is required and bounded, and a user
// keeps at most AppPasswordsMax.
func TestAppPasswordNamesAndLimit(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "lim")
	for _, name := range []string{"", "   ", strings.Repeat("x", AppPasswordNameMax+1)} {
		var fe FieldErrors
		if _, _, err := s.CreateAppPassword(ctx, u.ID, name); !errors.As(err, &fe) || fe["name"] == "" {
			t.Fatalf("name %q: %v", name, err)
		}
	}
	for i := range AppPasswordsMax {
		if _, _, err := s.CreateAppPassword(ctx, u.ID, "Device "+string(rune('A'+i))); err != nil {
			t.Fatal(err)
		}
	}
	var fe FieldErrors
	if _, _, err := s.CreateAppPassword(ctx, u.ID, "One more"); !errors.As(err, &fe) {
		t.Fatalf("one over the limit: %v", err)
	}
	if list, _ := s.AppPasswords(ctx, u.ID); len(list) != AppPasswordsMax || list[0].Name != "Device T" {
		t.Fatalf("%d app passwords kept, newest %q", len(list), list[0].Name)
	}
}

// TestAppSignInsChargeFailuresOnly: the parallel requests of a syncing app
// are never throttled, while wrong app passwords are charged to the
// account's and the address's counters like failed logins, and throttle
// the login form too.
func TestAppSignInsChargeFailuresOnly(t *testing.T) {
	ctx := context.Background()
	s := newService(t)
	u := newUser(t, s, "sync")
	_, secret, err := s.CreateAppPassword(ctx, u.ID, "Laptop")
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 3*LoginAccountMax)
	for range cap(errs) {
		go func() {
			_, err := s.AuthenticateApp(ctx, Credentials{Login: u.Username, Password: secret, IP: "192.0.2.9"})
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Fatalf("a parallel sign-in of the app: %v", err)
		}
	}
	wrong := Credentials{Login: u.Username, Password: "aaaa-bbbb-cccc-dddd-eeee-ffff-gg", IP: "192.0.2.9"}
	for i := range LoginAccountMax {
		if _, err := s.AuthenticateApp(ctx, wrong); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("wrong app password %d: %v", i+1, err)
		}
	}
	var th *ThrottledError
	if _, err := s.AuthenticateApp(ctx, wrong); !errors.As(err, &th) {
		t.Fatalf("a wrong app password past the allowance: %v", err)
	}
	if _, err := s.Authenticate(ctx, Credentials{Login: u.Username, Password: goodPassword, IP: "192.0.2.10"}); !errors.As(err, &th) {
		t.Fatalf("the login form after failed app sign-ins: %v", err)
	}
	if _, err := s.AuthenticateApp(ctx, Credentials{Login: u.Username, Password: secret, IP: "192.0.2.9"}); err != nil {
		t.Fatalf("the app's own password while failures are throttled: %v", err)
	}
}
