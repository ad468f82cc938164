package accounts

import (
	"context"
	"errors"

	"github.com/eventcal/eventcal/db"
)

// Registration is what the registration form sends.
type Registration struct {
	Username, Email string
	Password        string
	Confirm         string // the password typed again
	Timezone        string // an IANA name
}

// Register creates an account. Refused values are FieldErrors (keyed by
// the form's field names); nothing is written then.
func (s *Service) Register(ctx context.Context, r Registration) (db.User, error) {
	errs := FieldErrors{}
	if p := usernameProblem(r.Username); p != "" {
		errs["username"] = p
	} else if taken, err := s.store.UsernameTaken(ctx, r.Username); err != nil {
		return db.User{}, err
	} else if taken {
		errs["username"] = usernameTakenMessage
	}
	if err := s.checkEmail(ctx, errs, r.Email, 0); err != nil {
		return db.User{}, err
	}
	var weak *WeakPasswordError
	if err := CheckPassword(r.Password, r.Username, r.Email); errors.As(err, &weak) {
		errs["password"] = weak.Reason
	} else if r.Confirm != r.Password {
		errs["password_confirm"] = "The two passwords are not the same."
	}
	errs.add("timezone", timezoneProblem(s.zones, r.Timezone))
	if len(errs) > 0 {
		return db.User{}, errs
	}

	hash, err := s.HashPassword(r.Password)
	if err != nil {
		return db.User{}, err
	}
	u, err := s.store.CreateUser(ctx, db.CreateUserParams{
		Username: r.Username, Email: r.Email, PasswordHash: hash, Timezone: r.Timezone,
	})
	switch {
	case db.IsUniqueViolation(err, usernameIndex):
		return db.User{}, FieldErrors{"username": usernameTakenMessage}
	case db.IsUniqueViolation(err, emailIndex):
		return db.User{}, FieldErrors{"email": emailTakenMessage}
	}
	return u, err
}

// checkEmail records in errs why email cannot be the address of user
// exceptID (0 for a new account): its form, or another account has it.
func (s *Service) checkEmail(ctx context.Context, errs FieldErrors, email string, exceptID int64) error {
	if p := emailProblem(email); p != "" {
		errs["email"] = p
		return nil
	}
	if email == "" {
		return nil
	}
	taken, err := s.store.EmailTaken(ctx, db.EmailTakenParams{Email: email, ExceptID: exceptID})
	if taken {
		errs["email"] = emailTakenMessage
	}
	return err
}

// Credentials are what the sign-in form sends, and where from.
type Credentials struct {
	Login    string // username or email
	Password string
	IP       string // the client address (X-Forwarded-For only from trusted proxies)
}

// Authenticate checks credentials. Failures are throttled per account and
// per client address (*ThrottledError); an unknown user, a wrong password
// and a deactivated account are all ErrBadCredentials, in the same time.
func (s *Service) Authenticate(ctx context.Context, cr Credentials) (db.User, error) {
	u, err := s.store.GetUserByLogin(ctx, cr.Login)
	if err := db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		return db.User{}, err
	}
	keys := s.loginThrottleKeys(u.ID, cr.Login, cr.IP)
	if err := s.loginBlocked(ctx, keys); err != nil {
		return db.User{}, err
	}
	if !s.passwordMatches(u.PasswordHash, cr.Password) || !u.IsActive {
		s.loginFailed(ctx, keys)
		return db.User{}, ErrBadCredentials
	}
	s.loginSucceeded(ctx, keys)
	return u, nil
}
