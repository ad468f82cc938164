package views

import "github.com/eventcal/eventcal/paths"

// AppPasswordSettings is the settings page's "App passwords" section: what
// calendar apps sign in to CalDAV with.
type AppPasswordSettings struct {
	CSRFToken string
	DAVURL    string // the site's CalDAV address
	Username  string
	List      []AppPasswordRow // newest first
	// Secret is the app password just made, and SecretName its name: set
	// only in the answer to making it (only its hash is kept).
	Secret     string
	SecretName string
	// Name is what was typed when making one was refused.
	Name   string
	Errors FieldErrors
	// Notice is the message after a revoke.
	Notice string
}

// AppPasswordRow is one app password in the list (never its secret).
type AppPasswordRow struct {
	ID         int64
	Name       string
	Created    string // as shown, in the viewer's zone
	CreatedAt  string // RFC 3339, for <time datetime>
	LastUsed   string // "" when never used
	LastUsedAt string
}

func (r AppPasswordRow) revokePath() string { return paths.AppPassword(r.ID, "/delete") }

func (a AppPasswordSettings) summary() errorSummary {
	return summarize("app-password-errors", a.Errors, [2]string{"name", "app-password-name"})
}
