package accounts

import (
	"net/mail"
	"strings"

	"github.com/eventcal/eventcal/calendar"
)

// Unique indexes on users (db/migrations), mapped to form fields.
const (
	usernameIndex = "users_username_lower_key"
	emailIndex    = "users_email_lower_key"
)

// Messages for names that are taken.
const (
	usernameTakenMessage = "That username is taken. Choose another one."
	emailTakenMessage    = "An account with that email address exists already."
)

// InvalidError says why a form value is refused, in words for the user.
type InvalidError struct {
	Field  string
	Reason string
}

func (e *InvalidError) Error() string { return e.Field + ": " + e.Reason }

// CheckUsername applies the username rules: 3–150 characters, each an ASCII
// letter or digit or one of . _ - (ASCII only, so no two names look alike).
// The error is an *InvalidError.
func CheckUsername(username string) error {
	return invalid("username", usernameProblem(username))
}

// CheckEmail validates an optional email address: empty, or one plain
// address (no display name) of at most 254 characters. The error is an
// *InvalidError.
func CheckEmail(email string) error {
	return invalid("email", emailProblem(email))
}

func invalid(field, reason string) error {
	if reason == "" {
		return nil
	}
	return &InvalidError{Field: field, Reason: reason}
}

func usernameProblem(username string) string {
	if n := len(username); n < 3 || n > 150 {
		return "Use 3 to 150 characters."
	}
	for _, r := range username {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return "Use only letters (a–z), digits and . _ - (no spaces)."
		}
	}
	return ""
}

func emailProblem(email string) string {
	if email == "" {
		return ""
	}
	if len(email) > 254 {
		return "That email address is too long."
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || a.Name != "" || !strings.Contains(email[strings.LastIndexByte(email, '@')+1:], ".") {
		return "Enter an email address like name@example.com, or leave it empty."
	}
	return ""
}

// timezoneProblem accepts an IANA zone name Go knows (not "Local").
func timezoneProblem(zones *calendar.Zones, tz string) string {
	const msg = "Choose a time zone from the suggestions, such as Europe/Berlin."
	if tz == "" || tz == "Local" || len(tz) > 64 {
		return msg
	}
	if _, ok := zones.Lookup(tz); !ok {
		return msg
	}
	return ""
}

// zoneName is tz as typed into the time zone field, made the IANA name it
// plainly means: without surrounding spaces, with underscores for spaces
// ("America/New York") and, when that is no zone, each word capitalised
// ("europe/berlin", "utc"). Anything else stays as typed, to be refused.
func zoneName(zones *calendar.Zones, tz string) string {
	tz = strings.Join(strings.Fields(tz), "_")
	if _, ok := zones.Lookup(tz); ok || len(tz) > 64 {
		return tz
	}
	if strings.EqualFold(tz, "UTC") {
		return "UTC"
	}
	b := []byte(strings.ToLower(tz))
	up := true
	for i, c := range b {
		if up && 'a' <= c && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
		up = c == '/' || c == '_' || c == '-'
	}
	if _, ok := zones.Lookup(string(b)); ok {
		return string(b)
	}
	return tz
}
