// Package paths builds eventcal's own addresses, for handlers and views
// alike, so that a URL is written in one place.
package paths

import (
	"strconv"

	"github.com/eventcal/eventcal/calendar"
)

// Event is the address of an event's page, with an optional suffix
// ("/edit", "/delete"), for one occurrence of a series when occ is set
// (its ?occ= value; "" for none).
func Event(id int64, suffix, occ string) string {
	p := "/events/" + strconv.FormatInt(id, 10) + suffix
	if occ != "" {
		p += "?occ=" + occ
	}
	return p
}

// AdminEvent is an admin address of an event ("", "/edit", "/delete").
func AdminEvent(id int64, suffix string) string {
	return "/admin/events/" + strconv.FormatInt(id, 10) + suffix
}

// Calendar is the address of view at d under base ("/" or "/calendar");
// a zero d leaves the date out (today).
func Calendar(base string, view calendar.View, d calendar.Date) string {
	u := base + "?view=" + string(view)
	if !d.IsZero() {
		u += "&date=" + d.String()
	}
	return u
}

// Month is the calendar's month view around d.
func Month(d calendar.Date) string { return Calendar("/calendar", calendar.Month, d) }

// DayList is the list of one day's events.
func DayList(d calendar.Date) string { return "/events?date=" + d.String() }

// Calendars is the list of the viewer's calendars.
const Calendars = "/calendars"

// CalendarPage is the address of one calendar's page with an optional
// suffix ("/delete", "/visible", "/shares", "/leave", ".ics").
func CalendarPage(id int64, suffix string) string {
	return Calendars + "/" + strconv.FormatInt(id, 10) + suffix
}

// CalendarShare is the address of a calendar's share with one user, with
// an optional suffix ("/delete").
func CalendarShare(id, userID int64, suffix string) string {
	return CalendarPage(id, "/shares/"+strconv.FormatInt(userID, 10)+suffix)
}

// AdminUserCalendars is an administrator's view of a user's calendars.
func AdminUserCalendars(userID int64) string {
	return "/admin/users/" + strconv.FormatInt(userID, 10) + "/calendars"
}

// AppPasswords is the settings address that makes an app password.
const AppPasswords = "/settings/app-passwords"

// AppPassword is the address of one app password with a suffix ("/delete").
func AppPassword(id int64, suffix string) string {
	return AppPasswords + "/" + strconv.FormatInt(id, 10) + suffix
}

// DAV is the CalDAV server address calendar apps are given.
const DAV = "/dav/"

// Stream is the signed-in user's live-update stream (Server-Sent Events).
const Stream = "/events/stream"
