package views

import "github.com/eventcal/eventcal/paths"

// AdminUserCalendars is an administrator's view of one user's calendars:
// their own, with whom each is shared, and those shared with them.
type AdminUserCalendars struct {
	Username  string
	Calendars []AdminCalendar
	BackURL   string // the users list
}

// AdminCalendar is one calendar of a user's, as an administrator sees it.
type AdminCalendar struct {
	Name    string
	Color   string
	Owner   string // "" for the user's own
	Role    string // the user's role: "owner", "edit" or "view"
	Visible bool
	Shares  []ShareItem // own calendars: whom they are shared with
}

// shareText is "bob (Can view)".
func (s ShareItem) shareText() string { return s.Username + " (" + RoleText(s.Role) + ")" }

// calendarsURL is the user's calendars for an administrator.
func (r AdminUserRow) calendarsURL() string { return paths.AdminUserCalendars(r.ID) }
