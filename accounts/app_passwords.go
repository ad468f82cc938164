package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"strings"
	"unicode/utf8"

	"github.com/eventcal/eventcal/db"
)

// App passwords are what calendar apps sign in to CalDAV with: made in
// Settings, shown once, stored as a SHA-256 (they are 128-bit random
// strings), listed with their last use, revocable. The account password is
// never accepted where an app password is asked for.

// Limits of app passwords.
const (
	AppPasswordsMax    = 20  // per user
	AppPasswordNameMax = 100 // characters
)

// AppPassword is an app password as Settings lists it (never its secret).
type AppPassword = db.ListAppPasswordsRow

// CreateAppPassword makes an app password named name for user uid and
// returns it with its secret, which is shown once and never again. A bad
// name or one too many is FieldErrors (field "name").
func (s *Service) CreateAppPassword(ctx context.Context, uid int64, name string) (AppPassword, string, error) {
	name = strings.Join(strings.Fields(name), " ")
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		return AppPassword{}, "", FieldErrors{"name": "Name the app password after the app or device that will use it."}
	case n > AppPasswordNameMax:
		return AppPassword{}, "", FieldErrors{"name": "A name can be at most 100 characters long."}
	}
	secret := appSecret()
	row, err := s.store.CreateAppPassword(ctx, db.CreateAppPasswordParams{
		UserID: uid, Name: name, SecretHash: appHash(secret), MaxCount: AppPasswordsMax,
	})
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return AppPassword{}, "", FieldErrors{"name": "You have 20 app passwords already: revoke one you no longer use first."}
	}
	if err != nil {
		return AppPassword{}, "", err
	}
	return AppPassword(row), secret, nil
}

// AppPasswords lists user uid's app passwords, newest first.
func (s *Service) AppPasswords(ctx context.Context, uid int64) ([]AppPassword, error) {
	return s.store.ListAppPasswords(ctx, uid)
}

// RevokeAppPassword deletes user uid's app password id: the next request
// made with it is refused. Another user's, or none, is db.ErrNotFound.
func (s *Service) RevokeAppPassword(ctx context.Context, uid, id int64) error {
	n, err := s.store.DeleteAppPassword(ctx, db.DeleteAppPasswordParams{ID: id, UserID: uid})
	if err == nil && n == 0 {
		err = db.ErrNotFound
	}
	return err
}

// AuthenticateApp checks HTTP Basic credentials against the user's app
// passwords (never the account password) and records the use. The
// password is judged before anything is charged: an app password is 128
// random bits, so guessing is no risk, and the parallel requests of a
// syncing app must not use up the account's allowance. Failures are
// charged to the login throttles as at the login form.
func (s *Service) AuthenticateApp(ctx context.Context, cr Credentials) (db.User, error) {
	u, err := s.store.GetUserByLogin(ctx, cr.Login)
	if err := db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return db.User{}, err
	}
	if u.ID != 0 && u.IsActive {
		id, err := s.store.AppPasswordOf(ctx, db.AppPasswordOfParams{UserID: u.ID, SecretHash: appHash(cr.Password)})
		if err := db.NotFound(err); err == nil {
			if err := s.store.TouchAppPassword(ctx, id); err != nil {
				s.log.Warn("app password use not recorded", "err", err)
			}
			return u, nil
		} else if !errors.Is(err, db.ErrNotFound) {
			return db.User{}, err
		}
	}
	if err := s.loginAttempt(ctx, s.loginThrottleKeys(u.ID, cr.Login, cr.IP)); err != nil {
		return db.User{}, err
	}
	return db.User{}, ErrBadCredentials
}

// appSecret is a new app password: 128 random bits in base32, in groups of
// four letters so that it can be typed on a phone.
func appSecret() string {
	t := strings.ToLower(rand.Text()) // 26 characters
	var b strings.Builder
	for i := 0; i < len(t); i += 4 {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(t[i:min(i+4, len(t))])
	}
	return b.String()
}

// appHash is what is stored of an app password: the SHA-256 of it with
// spaces and dashes left out and letters lower-cased, as typed on a phone.
func appHash(secret string) []byte {
	norm := strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToLower(secret))
	sum := sha256.Sum256([]byte(norm))
	return sum[:]
}
