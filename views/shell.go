// Package views holds eventcal's templ components and the plain view models
// they render. It never imports the database or the web framework.
package views

// Shell is what every full page needs around its content.
type Shell struct {
	Title     string
	CSRFToken string
	User      *Viewer // nil when signed out
	Assets    Assets
	Nav       string // the active top-level section: "calendar", "search", "settings", "admin"
	RequestID string
}

// Viewer is the signed-in user as the navigation shows them.
type Viewer struct {
	ID       int64
	Username string
	IsAdmin  bool
}

// Assets are the content-hashed URLs of the static files.
type Assets struct {
	CSS  string
	HTMX string
	SSE  string // htmx's SSE extension: signed-in pages only
	JS   string
	Drag string // drag.js, which app.js loads on signed-in pages when a calendar is on screen
	Keys string // keys.js, the keyboard shortcuts, which app.js loads on signed-in pages at the first key press
}

// ErrorPage describes an error shown to a user.
type ErrorPage struct {
	Status    int
	Title     string
	Message   string
	RequestID string
	// Retry offers a reload link (for expired forms and unavailable services).
	Retry string
}
