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

// ProfileForm is the email, time zone, week start and time format form.
type ProfileForm struct {
	Email      string
	Timezone   string
	WeekStart  string // "monday", "sunday" or "saturday"
	TimeFormat string // "24h" or "12h"
	Errors     FieldErrors
}

// Choices is a group of radio buttons of one field: Name, the checked
// Value, the legend, each value with its label, and the ids' stem.
type Choices struct {
	Name, Value, Legend, Error, IDBase string
	Options                            [][2]string
}

func (c Choices) id(value string) string { return c.IDBase + "-" + value }

// weekStartChoices and timeFormatChoices are the profile form's radios.
func (p ProfileForm) weekStartChoices() Choices {
	return Choices{Name: "week_start", Value: p.WeekStart, Legend: "Week starts on", Error: p.Errors["week_start"], IDBase: "settings-week",
		Options: [][2]string{{"monday", "Monday"}, {"sunday", "Sunday"}, {"saturday", "Saturday"}}}
}

func (p ProfileForm) timeFormatChoices() Choices {
	return Choices{Name: "time_format", Value: p.TimeFormat, Legend: "Times of day", Error: p.Errors["time_format"], IDBase: "settings-time",
		Options: [][2]string{{"24h", "24-hour (13:30)"}, {"12h", "12-hour (1:30 PM)"}}}
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
		[2]string{"time_format", "settings-time-24h"},
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
