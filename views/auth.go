package views

import (
	"strconv"
	"strings"
)

// FieldErrors maps a form field's name to the message shown under it.
type FieldErrors map[string]string

// Field is one labelled input of a form.
type Field struct {
	ID           string
	Name         string
	Label        string
	Type         string // "text" when empty
	Value        string // never set for passwords
	Hint         string
	Error        string
	Autocomplete string
	Inputmode    string
	Required     bool
	Autofocus    bool
	Maxlength    int
	// DescribedBy names another element describing the field (a form-wide error).
	DescribedBy string
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

func (f Field) hintID() string  { return f.ID + "-hint" }
func (f Field) errorID() string { return f.ID + "-error" }

// describedBy lists the ids of the hint and error of a field.
func (f Field) describedBy() string {
	var ids []string
	if f.Error != "" {
		ids = append(ids, f.errorID())
	}
	if f.Hint != "" {
		ids = append(ids, f.hintID())
	}
	if f.DescribedBy != "" {
		ids = append(ids, f.DescribedBy)
	}
	return strings.Join(ids, " ")
}

func (f Field) maxlength() string { return strconv.Itoa(f.Maxlength) }

// LoginForm is the sign-in form's view model.
type LoginForm struct {
	CSRFToken string
	Username  string
	Next      string
	Remember  bool   // "Keep me signed in" (field remember=on)
	Error     string // one message for the whole form
}

// RegisterForm is the registration form's view model. The password is never
// part of it: a re-rendered form asks for it again.
type RegisterForm struct {
	CSRFToken string
	Username  string
	Email     string
	Timezone  string
	Errors    FieldErrors
}

// Option is one choice of a <select>.
type Option struct {
	Value    string
	Label    string
	Selected bool
}

// TimezoneSuggestionsURL serves the time zone field's suggestions
// (TimezoneSuggestions), which htmx loads when the settings page's field
// first gets focus.
const TimezoneSuggestionsURL = "/settings/timezones"

// TimezoneOptions lists the offered time zones with selected chosen (added
// first when it is valid but not in the curated list).
func TimezoneOptions(selected string) []Option {
	zones := Timezones()
	opts := make([]Option, 0, len(zones)+1)
	found := false
	for _, z := range zones {
		sel := z == selected
		found = found || sel
		opts = append(opts, Option{Value: z, Label: strings.ReplaceAll(z, "_", " "), Selected: sel})
	}
	if !found && selected != "" {
		opts = append([]Option{{Value: selected, Label: strings.ReplaceAll(selected, "_", " "), Selected: true}}, opts...)
	}
	return opts
}

// errorSummary is the form-wide alert listing the fields to fix.
type errorSummary struct {
	ID     string
	Title  string
	Fields []summaryItem
}

type summaryItem struct {
	Href    string
	Message string
}

// summarize builds the alert for errs in the order of fields (name → id).
func summarize(id string, errs FieldErrors, fields ...[2]string) errorSummary {
	s := errorSummary{ID: id}
	for _, f := range fields {
		if msg, ok := errs[f[0]]; ok {
			s.Fields = append(s.Fields, summaryItem{Href: "#" + f[1], Message: msg})
		}
	}
	if len(s.Fields) == 1 {
		s.Title = "There is a problem with this form:"
	} else {
		s.Title = "There are " + strconv.Itoa(len(s.Fields)) + " problems with this form:"
	}
	return s
}

func (f RegisterForm) summary() errorSummary {
	return summarize("register-errors", f.Errors,
		[2]string{"username", "reg-username"},
		[2]string{"email", "reg-email"},
		[2]string{"password", "reg-password"},
		[2]string{"password_confirm", "reg-password-confirm"},
		[2]string{"timezone", "reg-timezone"},
	)
}

func loginErrorID(f LoginForm) string {
	if f.Error != "" {
		return "login-error"
	}
	return ""
}
