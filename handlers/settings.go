package handlers

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// settingsPage shows the account settings; ?saved=profile|password shows
// the notice after a save.
func (h *Handler) settingsPage(c *fiber.Ctx) error {
	u, err := h.store.GetUser(c.UserContext(), viewerOf(c).ID)
	if err != nil {
		return db.NotFound(err)
	}
	p := views.SettingsPage{
		Profile: views.ProfileForm{Email: u.Email, Timezone: u.Timezone, WeekStart: int(u.WeekStart)},
	}
	switch s := c.Query("saved"); s {
	case "profile", "password":
		p.Saved = s
	}
	return h.renderSettings(c, fiber.StatusOK, u, p)
}

func (h *Handler) renderSettings(c *fiber.Ctx, status int, u db.User, p views.SettingsPage) error {
	p.CSRFToken = csrfToken(c)
	p.Username = u.Username
	feed, err := h.feedState(c, u.ID, p.Feed)
	if err != nil {
		return err
	}
	p.Feed = feed
	return h.render(c, status, page{Title: "Settings", Nav: "settings", Content: views.SettingsContent(p)})
}

// saveSettings changes the email, time zone and week start, and puts the new
// time zone and week start in the session so the next page uses them.
func (h *Handler) saveSettings(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	u, err := h.store.GetUser(ctx, v.ID)
	if err != nil {
		return db.NotFound(err)
	}
	f := views.ProfileForm{
		Email:    strings.TrimSpace(c.FormValue("email")),
		Timezone: strings.TrimSpace(c.FormValue("timezone")),
		Errors:   views.FieldErrors{},
	}
	switch c.FormValue("week_start") {
	case "0":
		f.WeekStart = 0
	case "1":
		f.WeekStart = 1
	default:
		f.WeekStart = int(u.WeekStart)
		f.Errors["week_start"] = "Choose Monday or Sunday."
	}
	if p := emailProblem(f.Email); p != "" {
		f.Errors["email"] = p
	} else if f.Email != "" {
		taken, err := h.store.EmailTaken(ctx, db.EmailTakenParams{Email: f.Email, ExceptID: u.ID})
		if err != nil {
			return err
		}
		if taken {
			f.Errors["email"] = emailTakenMessage
		}
	}
	if p := timezoneProblem(h.zones, f.Timezone); p != "" {
		f.Errors["timezone"] = p
		f.Timezone = u.Timezone
	}
	if len(f.Errors) == 0 {
		u2, err := h.store.UpdateUserSettings(ctx, db.UpdateUserSettingsParams{
			ID: u.ID, Email: f.Email, Timezone: f.Timezone, WeekStart: int16(f.WeekStart),
		})
		switch {
		case db.IsUniqueViolation(err, emailIndex):
			f.Errors["email"] = emailTakenMessage
		case err != nil:
			return db.NotFound(err)
		default:
			if err := h.updateSessionPrefs(c, u2.Timezone, u2.WeekStart); err != nil {
				return err
			}
			if u2.Timezone != u.Timezone {
				// Cached days were cut in the old zone, and other sessions
				// still carry it: end them so none refills the cache wrongly.
				if err := h.endSessions(ctx, u.ID, viewerOf(c).SessionID); err != nil {
					h.log.Warn("ending other sessions after a time zone change failed", "user", u.ID, "err", err)
				}
				h.cache.DropUser(ctx, u.ID)
			}
			return redirect(c, "/settings?saved=profile")
		}
	}
	return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, views.SettingsPage{Profile: f})
}

// updateSessionPrefs stores the viewer's time zone and week start in the
// current session.
func (h *Handler) updateSessionPrefs(c *fiber.Ctx, tz string, weekStart int16) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return unavailable("Sign-in", err)
	}
	if id, _ := sess.Get(sessUserID).(int64); id != viewerOf(c).ID {
		return unavailable("Sign-in", errors.New("session changed during the request"))
	}
	sess.Set(sessTimezone, tz)
	sess.Set(sessWeekStart, int64(weekStart))
	if err := sess.Save(); err != nil {
		return unavailable("Sign-in", err)
	}
	return nil
}

// changePassword checks the current password, applies the policy to the new
// one, and ends every other session of the user (this one stays).
func (h *Handler) changePassword(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	u, err := h.store.GetUser(ctx, v.ID)
	if err != nil {
		return db.NotFound(err)
	}
	current := c.FormValue("current_password")
	next, confirm := c.FormValue("new_password"), c.FormValue("new_password_confirm")
	keys := h.loginThrottleKeys(c, u.ID, u.Username)
	if wait, blocked := h.loginBlocked(ctx, keys); blocked {
		return tooManyAttempts(c, wait)
	}

	f := views.PasswordForm{Errors: views.FieldErrors{}}
	var weak *WeakPasswordError
	switch {
	case current == "":
		f.Errors["current_password"] = "Enter your current password."
	case !h.passwordMatches(u.PasswordHash, current):
		h.loginFailed(ctx, keys)
		f.Errors["current_password"] = "That is not your current password."
	}
	switch err := CheckPassword(next, u.Username, u.Email); {
	case errors.As(err, &weak):
		f.Errors["new_password"] = weak.Reason
	case next == current:
		f.Errors["new_password"] = "Choose a password different from your current one."
	case confirm != next:
		f.Errors["new_password_confirm"] = "The two new passwords are not the same."
	}
	if len(f.Errors) > 0 {
		p := views.SettingsPage{
			Profile:  views.ProfileForm{Email: u.Email, Timezone: u.Timezone, WeekStart: int(u.WeekStart)},
			Password: f,
		}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, p)
	}
	h.loginSucceeded(ctx, keys)

	hash, err := h.hashPassword(next)
	if err != nil {
		return err
	}
	if err := h.store.UpdateUserPassword(ctx, db.UpdateUserPasswordParams{ID: u.ID, PasswordHash: hash}); err != nil {
		return err
	}
	if err := h.endSessions(ctx, u.ID, v.SessionID); err != nil {
		return unavailable("Sign-out", err)
	}
	return redirect(c, "/settings?saved=password")
}
