package views

import "github.com/a-h/templ"

// SettingsPage is the account settings page: profile and password forms,
// app passwords and calendar files.
type SettingsPage struct {
	CSRFToken string
	Username  string
	// Saved names what was just saved ("profile", "password"), or "".
	Saved    string
	Profile  ProfileForm
	Password PasswordForm
	Feed     FeedSettings        // calendar files: export, import, subscription
	Apps     AppPasswordSettings // app passwords for CalDAV
	Reminder ReminderSettings
}

// ReminderSettings is the settings page's reminders section: the reminder
// new events start with.
type ReminderSettings struct {
	Default string // minutes before the start, "" for none; as posted after an error
	Errors  FieldErrors
}

// selectAttrs link the default reminder's select to its hint and error.
func (r ReminderSettings) selectAttrs() templ.Attributes {
	const id = "settings-default-reminder"
	if r.Errors["default_reminder"] != "" {
		return templ.Attributes{"aria-invalid": "true", "aria-describedby": id + "-error " + id + "-hint"}
	}
	return templ.Attributes{"aria-describedby": id + "-hint"}
}

func (r ReminderSettings) summary() errorSummary {
	return summarize("reminder-errors", r.Errors, [2]string{"default_reminder", "settings-default-reminder"})
}

// ProfileForm is the email, time zone and week start form.
type ProfileForm struct {
	Email     string
	Timezone  string
	WeekStart int // 0 Sunday, 1 Monday
	Errors    FieldErrors
}

// PasswordForm is the change-password form (never holds a password).
type PasswordForm struct {
	Errors FieldErrors
}

func (p ProfileForm) summary() errorSummary {
	return summarize("profile-errors", p.Errors,
		[2]string{"email", "settings-email"},
		[2]string{"current_password", "settings-email-password"},
		[2]string{"timezone", "settings-timezone"},
		[2]string{"week_start", "settings-week-monday"},
	)
}

func (p PasswordForm) summary() errorSummary {
	return summarize("password-errors", p.Errors,
		[2]string{"current_password", "settings-current-password"},
		[2]string{"new_password", "settings-new-password"},
		[2]string{"new_password_confirm", "settings-new-password-confirm"},
	)
}

func (s SettingsPage) savedMessage() string {
	switch s.Saved {
	case "profile":
		return "Saved. Your settings are in effect now."
	case "password":
		return "Saved. Your password is changed, and you are signed out everywhere else."
	case "reminders":
		return "Saved. New events start with this reminder."
	}
	return ""
}
