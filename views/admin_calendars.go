package views

import (
	"strconv"

	"github.com/eventcal/eventcal/paths"
)

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

// calendarsText is the row's calendar counts: "2 own · 1 shared", with
// "· 3 shares given" when the user shares any of theirs.
func (r AdminUserRow) calendarsText() string {
	t := strconv.FormatInt(r.OwnCalendars, 10) + " own · " + strconv.FormatInt(r.SharedCalendars, 10) + " shared"
	switch r.SharesGiven {
	case 0:
	case 1:
		t += " · 1 share given"
	default:
		t += " · " + strconv.FormatInt(r.SharesGiven, 10) + " shares given"
	}
	return t
}
