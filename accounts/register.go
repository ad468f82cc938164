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
	IP              string // the client address, for the throttle
}

// Register creates an account. Refused values are FieldErrors (keyed by
// the form's field names); nothing is written then. Every attempt counts
// toward the registration throttles first (*ThrottledError), and every
// attempt, refused or not, spends one password hash, so its time tells no
// more than its answer.
func (s *Service) Register(ctx context.Context, r Registration) (db.User, error) {
	throttled := s.registerAttempt(ctx, r.IP)
	hash, err := s.HashPassword(r.Password)
	if err != nil {
		return db.User{}, err
	}
	if throttled != nil {
		return db.User{}, throttled
	}
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
	r.Timezone = zoneName(s.zones, r.Timezone)
	errs.add("timezone", timezoneProblem(s.zones, r.Timezone))
	if len(errs) > 0 {
		return db.User{}, errs
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
