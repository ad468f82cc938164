package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/calendar"
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
	p := views.SettingsPage{Profile: profileForm(u)}
	switch s := c.Query("saved"); s {
	case "profile", "password", "reminders":
		p.Saved = s
	}
	return h.renderSettings(c, fiber.StatusOK, u, p)
}

// profileForm is the profile section as stored.
func profileForm(u db.User) views.ProfileForm {
	return views.ProfileForm{Email: u.Email, Timezone: u.Timezone,
		WeekStart: calendar.WeekStartName(time.Weekday(u.WeekStart)), TimeFormat: u.TimeFormat}
}

// formWeekStart reads the posted week start: "monday", "sunday" or
// "saturday" (the digits 1, 0 and 6 of older forms too); -1 for anything else.
func formWeekStart(s string) int {
	switch s {
	case "0", "1", "6":
		return int(s[0] - '0')
	}
	if d, ok := calendar.ParseWeekStart(s); ok {
		return int(d)
	}
	return -1
}

func (h *Handler) renderSettings(c *fiber.Ctx, status int, u db.User, p views.SettingsPage) error {
	p.CSRFToken = csrfToken(c)
	p.Username = u.Username
	feed, err := h.feedState(c, u.ID, p.Feed)
	if err != nil {
		return err
	}
	p.Feed = feed
	p.Reminder = reminderSettings(u, p.Reminder)
	if p.Apps, err = h.appPasswordsState(c, u, p.Apps); err != nil {
		return err
	}
	return h.render(c, status, page{Title: "Settings", Nav: "settings", Content: views.SettingsContent(p)})
}

// timezoneSuggestions answers the options of the settings page's time zone
// field, which htmx loads into its <datalist> when the field first gets
// focus (the page itself leaves them out: see views.timezoneSelect).
func (h *Handler) timezoneSuggestions(c *fiber.Ctx) error {
	return h.write(c, fiber.StatusOK, views.TimezoneSuggestions())
}

// saveSettings changes the email, time zone, week start and time format, and
// puts the new ones in the session so the next page uses them.
func (h *Handler) saveSettings(c *fiber.Ctx) error {
	v := viewerOf(c)
	in := accounts.Settings{
		Email:           strings.TrimSpace(c.FormValue("email")),
		Timezone:        strings.TrimSpace(c.FormValue("timezone")),
		WeekStart:       formWeekStart(c.FormValue("week_start")),
		TimeFormat:      c.FormValue("time_format"),
		CurrentPassword: c.FormValue("current_password"),
		IP:              h.clientIP(c),
	}
	u, err := h.accounts.SaveSettings(c.UserContext(), v.ID, v.SessionID, in)
	if wait, ok := asThrottled(err); ok {
		return tooManyAttempts(c, wait)
	}
	if errs, ok := asFieldErrors(err); ok {
		f := profileForm(u)
		f.Email, f.Errors = in.Email, views.FieldErrors(errs)
		if _, bad := errs["week_start"]; !bad {
			f.WeekStart = calendar.WeekStartName(time.Weekday(in.WeekStart))
		}
		if _, bad := errs["time_format"]; !bad && in.TimeFormat != "" {
			f.TimeFormat = in.TimeFormat
		}
		if _, bad := errs["timezone"]; !bad {
			f.Timezone = in.Timezone
		}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, views.SettingsPage{Profile: f})
	}
	if err != nil {
		return err
	}
	if err := h.updateSessionPrefs(c, u); err != nil {
		return err
	}
	return redirect(c, "/settings?saved=profile")
}

// changePassword checks the current password, applies the policy to the new
// one, and ends every other session of the user (this one stays).
func (h *Handler) changePassword(c *fiber.Ctx) error {
	v := viewerOf(c)
	u, err := h.accounts.ChangePassword(c.UserContext(), v.ID, v.SessionID, accounts.PasswordChange{
		Current: c.FormValue("current_password"),
		New:     c.FormValue("new_password"),
		Confirm: c.FormValue("new_password_confirm"),
		IP:      h.clientIP(c),
	})
	if wait, ok := asThrottled(err); ok {
		return tooManyAttempts(c, wait)
	}
	if errs, ok := asFieldErrors(err); ok {
		p := views.SettingsPage{Profile: profileForm(u), Password: views.PasswordForm{Errors: views.FieldErrors(errs)}}
		return h.renderSettings(c, fiber.StatusUnprocessableEntity, u, p)
	}
	if errors.Is(err, accounts.ErrUnavailable) {
		return unavailable("Sign-out", err)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/settings?saved=password")
}
