package accounts

import (
	"context"
	"errors"

	"github.com/eventcal/eventcal/db"
)

// Credentials are what a sign-in sends, and where from.
type Credentials struct {
	Login    string // username or email
	Password string
	IP       string // the client address (see handlers' clientIP)
}

// Verifier judges a password for user u. It is called for an unknown login
// too (u is then the zero User) and must take as long then.
type Verifier func(u db.User, password string) bool

// Authenticate checks credentials against the account password (the
// sign-in form). See AuthenticateWith.
func (s *Service) Authenticate(ctx context.Context, cr Credentials) (db.User, error) {
	return s.AuthenticateWith(ctx, cr, s.accountPassword)
}

// AuthenticateWith checks credentials with verify: the account password
// for the sign-in form, an app password for HTTP Basic (CalDAV). Each
// attempt is charged to the login throttles (per account and per client
// address) before it is judged, so no more than the allowance is ever
// judged (*ThrottledError beyond it); an unknown user, a wrong password and
// a deactivated account are all ErrBadCredentials, in the same time.
func (s *Service) AuthenticateWith(ctx context.Context, cr Credentials, verify Verifier) (db.User, error) {
	u, err := s.store.GetUserByLogin(ctx, cr.Login)
	if err := db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return db.User{}, err
	}
	keys := s.loginThrottleKeys(u.ID, cr.Login, cr.IP)
	if err := s.loginAttempt(ctx, keys); err != nil {
		return db.User{}, err
	}
	if !verify(u, cr.Password) || !u.IsActive {
		return db.User{}, ErrBadCredentials
	}
	s.loginSucceeded(ctx, keys)
	return u, nil
}

// accountPassword is the Verifier of the account password.
func (s *Service) accountPassword(u db.User, password string) bool {
	return s.passwordMatches(u.PasswordHash, password)
}
