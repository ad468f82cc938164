package handlers

import (
	"errors"
	"net/mail"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
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
	if tz == "" || tz == "Local" || len(tz) > 64 {
		return "Choose a time zone from the list."
	}
	if _, ok := zones.Lookup(tz); !ok {
		return "Choose a time zone from the list."
	}
	return ""
}

// registerForm shows the registration form; signed-in users go home.
func (h *Handler) registerForm(c *fiber.Ctx) error {
	if viewerOf(c) != nil {
		return redirect(c, "/")
	}
	return h.renderRegister(c, fiber.StatusOK, views.RegisterForm{Timezone: "UTC"})
}

func (h *Handler) renderRegister(c *fiber.Ctx, status int, f views.RegisterForm) error {
	f.CSRFToken = csrfToken(c)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.render(c, status, page{Title: "Create an account", Content: views.RegisterContent(f)})
}

// register creates an account and signs its owner in. Errors re-render the
// form (422) with everything typed except the passwords.
func (h *Handler) register(c *fiber.Ctx) error {
	if viewerOf(c) != nil {
		return redirect(c, "/")
	}
	ctx := c.UserContext()
	f := views.RegisterForm{
		Username: strings.TrimSpace(c.FormValue("username")),
		Email:    strings.TrimSpace(c.FormValue("email")),
		Timezone: strings.TrimSpace(c.FormValue("timezone")),
		Errors:   views.FieldErrors{},
	}
	password, confirm := c.FormValue("password"), c.FormValue("password_confirm")
	if f.Timezone == "" {
		f.Timezone = "UTC"
	}

	if p := usernameProblem(f.Username); p != "" {
		f.Errors["username"] = p
	} else if taken, err := h.store.UsernameTaken(ctx, f.Username); err != nil {
		return err
	} else if taken {
		f.Errors["username"] = usernameTakenMessage
	}
	if p := emailProblem(f.Email); p != "" {
		f.Errors["email"] = p
	} else if f.Email != "" {
		taken, err := h.store.EmailTaken(ctx, db.EmailTakenParams{Email: f.Email})
		if err != nil {
			return err
		}
		if taken {
			f.Errors["email"] = emailTakenMessage
		}
	}
	var weak *WeakPasswordError
	if err := CheckPassword(password, f.Username, f.Email); errors.As(err, &weak) {
		f.Errors["password"] = weak.Reason
	} else if confirm != password {
		f.Errors["password_confirm"] = "The two passwords are not the same."
	}
	if p := timezoneProblem(h.zones, f.Timezone); p != "" {
		f.Errors["timezone"] = p
		f.Timezone = "UTC"
	}
	if len(f.Errors) > 0 {
		return h.renderRegister(c, fiber.StatusUnprocessableEntity, f)
	}

	hash, err := h.hashPassword(password)
	if err != nil {
		return err
	}
	u, err := h.store.CreateUser(ctx, db.CreateUserParams{
		Username: f.Username, Email: f.Email, PasswordHash: hash, Timezone: f.Timezone,
	})
	switch {
	case db.IsUniqueViolation(err, usernameIndex):
		f.Errors["username"] = usernameTakenMessage
	case db.IsUniqueViolation(err, emailIndex):
		f.Errors["email"] = emailTakenMessage
	case err != nil:
		return err
	}
	if len(f.Errors) > 0 {
		return h.renderRegister(c, fiber.StatusUnprocessableEntity, f)
	}
	if err := h.signIn(c, signedIn{ID: u.ID, Username: u.Username, IsAdmin: u.IsAdmin, Timezone: u.Timezone, WeekStart: u.WeekStart}); err != nil {
		return err
	}
	if err := h.store.TouchLastLogin(ctx, u.ID); err != nil {
		h.log.Warn("recording last login failed", "user", u.ID, "err", err)
	}
	return redirect(c, "/")
}
