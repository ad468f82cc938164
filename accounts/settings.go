package accounts

import (
	"context"
	"errors"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// Settings are the user's own profile settings.
type Settings struct {
	Email      string
	Timezone   string // an IANA name
	WeekStart  int    // 0 Sunday, 1 Monday, 6 Saturday; anything else is refused
	TimeFormat string // "24h" or "12h", "" keeps the stored one; anything else is refused
	// CurrentPassword confirms a change of the email address (not needed
	// for the other settings); IP is the client address, for the throttle.
	CurrentPassword string
	IP              string
}

// SaveSettings changes user uid's email, time zone, week start and time
// format (a new week start or time format reaches the user's other
// sessions on their next request: publishPrefs). It
// returns the user as stored: changed, or unchanged with FieldErrors. A
// new email needs the current password (a wrong one counts toward the
// login throttle: *ThrottledError). A new time zone ends the user's other
// sessions (all but keep), which carry the old one, and drops their cache
// (whose days were cut in the old zone).
func (s *Service) SaveSettings(ctx context.Context, uid int64, keep string, in Settings) (db.User, error) {
	u, err := s.user(ctx, uid)
	if err != nil {
		return u, err
	}
	errs := FieldErrors{}
	if in.WeekStart != 0 && in.WeekStart != 1 && in.WeekStart != 6 {
		errs["week_start"] = "Choose Monday, Sunday or Saturday."
	}
	if in.TimeFormat == "" {
		in.TimeFormat = u.TimeFormat
	}
	if _, ok := calendar.ParseClock(in.TimeFormat); !ok {
		errs["time_format"] = "Choose 24-hour or 12-hour time."
	}
	if err := s.checkEmail(ctx, errs, in.Email, u.ID); err != nil {
		return u, err
	}
	if in.Email != u.Email {
		msg, err := s.checkCurrentPassword(ctx, u, in.CurrentPassword, in.IP)
		if err != nil {
			return u, err
		}
		errs.add("current_password", msg)
	}
	in.Timezone = zoneName(s.zones, in.Timezone)
	errs.add("timezone", timezoneProblem(s.zones, in.Timezone))
	if len(errs) > 0 {
		return u, errs
	}
	u2, err := s.store.UpdateUserSettings(ctx, db.UpdateUserSettingsParams{
		ID: u.ID, Email: in.Email, Timezone: in.Timezone, WeekStart: int16(in.WeekStart), TimeFormat: in.TimeFormat,
	})
	switch {
	case db.IsUniqueViolation(err, emailIndex):
		return u, FieldErrors{"email": emailTakenMessage}
	case err != nil:
		return u, db.NotFound(err)
	}
	if u2.WeekStart != u.WeekStart || u2.TimeFormat != u.TimeFormat {
		s.publishPrefs(ctx, u2)
	}
	if u2.Timezone != u.Timezone {
		// Other sessions would refill the cache in the old zone: end them.
		if err := s.EndSessions(ctx, u.ID, keep); err != nil {
			s.log.Warn("ending other sessions after a time zone change failed", "user", u.ID, "err", err)
		}
		s.cache.DropUser(ctx, u.ID)
	}
	return u2, nil
}

// PasswordChange is what the change-password form sends.
type PasswordChange struct {
	Current, New, Confirm string
	IP                    string // the client address, for the throttle
}

// ChangePassword checks user uid's current password (each check is
// charged to the login throttles first: *ThrottledError), applies the
// policy to the new one (FieldErrors), stores it, turns the private feed
// address off and ends every other session of the user but keep. It
// returns the user as loaded.
func (s *Service) ChangePassword(ctx context.Context, uid int64, keep string, pc PasswordChange) (db.User, error) {
	u, err := s.user(ctx, uid)
	if err != nil {
		return u, err
	}
	msg, err := s.checkCurrentPassword(ctx, u, pc.Current, pc.IP)
	if err != nil {
		return u, err
	}
	errs := FieldErrors{}
	errs.add("current_password", msg)
	var weak *WeakPasswordError
	switch err := CheckPassword(pc.New, u.Username, u.Email); {
	case errors.As(err, &weak):
		errs["new_password"] = weak.Reason
	case pc.New == pc.Current:
		errs["new_password"] = "Choose a password different from your current one."
	case pc.Confirm != pc.New:
		errs["new_password_confirm"] = "The two new passwords are not the same."
	}
	if len(errs) > 0 {
		return u, errs
	}
	hash, err := s.HashPassword(pc.New)
	if err != nil {
		return u, err
	}
	err = s.store.InTx(ctx, func(q *db.Queries) error {
		if err := q.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: u.ID, PasswordHash: hash}); err != nil {
			return err
		}
		return q.DeleteFeedToken(ctx, u.ID) // the private address goes with the old password
	})
	if err != nil {
		return u, err
	}
	return u, s.EndSessions(ctx, u.ID, keep)
}

// checkCurrentPassword checks the current password re-entered to confirm a
// sensitive change: it returns the message for the current_password field
// ("" when it matches), or a *ThrottledError. Wrong passwords count toward
// the login throttle; a right one clears the account's counter.
func (s *Service) checkCurrentPassword(ctx context.Context, u db.User, password, ip string) (string, error) {
	if password == "" {
		return "Enter your current password.", nil
	}
	keys := s.loginThrottleKeys(u.ID, u.Username, ip)
	if err := s.loginAttempt(ctx, keys); err != nil {
		return "", err
	}
	if !s.passwordMatches(u.PasswordHash, password) {
		return "That is not your current password.", nil
	}
	s.loginSucceeded(ctx, keys)
	return "", nil
}

// SetActive activates or deactivates user uid without an audit row (the
// admin pages use UserAction). A deactivated user cannot sign in, and every
// session of theirs ends now.
func (s *Service) SetActive(ctx context.Context, uid int64, active bool) error {
	if err := s.store.SetUserActive(ctx, db.SetUserActiveParams{ID: uid, IsActive: active}); err != nil {
		return err
	}
	if active {
		return nil
	}
	s.cache.DropUser(ctx, uid)
	return s.EndSessions(ctx, uid, "")
}
