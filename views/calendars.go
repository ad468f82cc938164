package views

import (
	"strconv"

	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
)

// CalendarsStatusID is the live region the visibility switch's htmx
// answer writes its message into.
const CalendarsStatusID = "calendars-status"

// CalendarItem is one calendar as the viewer sees it.
type CalendarItem struct {
	ID        int64
	Name      string
	Color     string // palette key
	Owner     string // the owner's username
	Role      string // "owner", "edit" or "view"
	Visible   bool   // shown in the viewer's views
	CSRFToken string
}

// Own reports whether the viewer owns the calendar.
func (c CalendarItem) Own() bool { return c.Role == "owner" }

// RoleText is the viewer's role in words.
func (c CalendarItem) RoleText() string { return RoleText(c.Role) }

// RoleText names a role ("owner", "edit", "view") in words.
func RoleText(role string) string {
	switch role {
	case "owner":
		return "Owner"
	case "edit":
		return "Can edit"
	case "view":
		return "Can view"
	}
	return role
}

// ownerText is the owner's name, "you" for the viewer's own calendars.
func (c CalendarItem) ownerText() string {
	if c.Own() {
		return "you"
	}
	return c.Owner
}

// colorName is the calendar colour's name.
func (c CalendarItem) colorName() string {
	if n, ok := palette.Name(c.Color); ok {
		return n
	}
	return c.Color
}

func (c CalendarItem) url(suffix string) string { return paths.CalendarPage(c.ID, suffix) }

func (c CalendarItem) switchID() string { return "cal-switch-" + strconv.FormatInt(c.ID, 10) }

// switchState is the switch's visible state and its aria-checked value.
func (c CalendarItem) switchState() (string, string) {
	if c.Visible {
		return "On", "true"
	}
	return "Off", "false"
}

// switchedMessage is what the live region says after a switch.
func (c CalendarItem) switchedMessage() string {
	if c.Visible {
		return "“" + c.Name + "” is shown in your calendar."
	}
	return "“" + c.Name + "” is hidden from your calendar."
}

// CalendarForm is the name and colour form of a new or existing calendar.
type CalendarForm struct {
	Name   string
	Color  string
	Errors FieldErrors
}

func (f CalendarForm) summary(prefix string) errorSummary {
	return summarize(prefix+"-errors", f.Errors,
		[2]string{"name", prefix + "-name"},
		[2]string{"color", prefix + "-color"},
	)
}

// colorOptions are the palette's colours with the form's chosen.
func (f CalendarForm) colorOptions() []Option {
	var out []Option
	for _, c := range palette.Colors() {
		out = append(out, Option{Value: c.Key, Label: c.Name, Selected: c.Key == f.Color})
	}
	return out
}

// CalendarsPage is the list of the viewer's calendars and the form of a
// new one.
type CalendarsPage struct {
	CSRFToken string
	Items     []CalendarItem
	New       CalendarForm
	Notice    string
}

// ShareItem is one person a calendar is shared with.
type ShareItem struct {
	UserID   int64
	Username string
	Role     string // "view" or "edit"
}

// ShareForm is the form that shares a calendar with someone.
type ShareForm struct {
	Username string
	Role     string
	Errors   FieldErrors
}

func (f ShareForm) summary() errorSummary {
	return summarize("share-errors", f.Errors,
		[2]string{"username", "share-username"},
		[2]string{"role", "share-role-view"},
	)
}

// ShareRoles are the roles a calendar is shared with: value and label.
func ShareRoles() []Option {
	return []Option{{Value: "view", Label: RoleText("view")}, {Value: "edit", Label: RoleText("edit")}}
}

// CalendarPage is one calendar's page: for its owner the forms that
// rename, share and delete it; for a sharee what it is and "Leave".
type CalendarPage struct {
	CSRFToken string
	Cal       CalendarItem
	Edit      CalendarForm
	Shares    []ShareItem
	Share     ShareForm
	LastOwn   bool // the owner has no other calendar of their own
	Notice    string
}

// shareRoleID is the id of a share row's role select.
func (p CalendarPage) shareRoleID(s ShareItem) string {
	return "share-role-" + strconv.FormatInt(s.UserID, 10)
}

// CalendarDeleteConfirm asks before deleting a calendar.
type CalendarDeleteConfirm struct {
	CSRFToken string
	Cal       CalendarItem
	LastOwn   bool
}

// CalendarNotice is the message after a successful change (?done=).
func CalendarNotice(done string) string {
	switch done {
	case "created":
		return "The calendar is made. Choose it on the event form to put events in it."
	case "saved":
		return "Saved."
	case "shared":
		return "Shared. They see it on their next page."
	case "unshared":
		return "No longer shared with them."
	case "deleted":
		return "The calendar and its events are deleted."
	case "left":
		return "You left the calendar; it is no longer in your calendars."
	}
	return ""
}

// shareRoleHint says what a role lets the sharee do.
func shareRoleHint(role string) string {
	if role == "edit" {
		return "View, add, change and delete its events"
	}
	return "View its events"
}
