package views

import (
	"strconv"
	"strings"

	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
)

// EventDialogID is the id of the <dialog> events open in. An htmx request
// whose HX-Target is this id is swapped into the open dialog and wants the
// dialog's content only; any other htmx request gets the whole dialog.
const EventDialogID = "event-dialog"

// eventDialogTitleID labels the event dialog (aria-labelledby).
const eventDialogTitleID = "event-dialog-title"

// EventDetails is one event as its details page and dialog show it.
type EventDetails struct {
	ID          int64
	Title       string
	When        string // formatted in the viewer's zone
	Location    string
	Description string // shown with its line breaks
	Color       string // palette key
	ColorName   string
	CalendarURL string // the calendar month of the event
	// The calendar the event is in: its name ("" when unknown), colour
	// and page.
	CalName  string
	CalColor string
	CalURL   string
	InDialog bool // rendered inside the event dialog
	// CanEdit shows Edit and Delete: the reader may change the event (not
	// a view sharee).
	CanEdit bool
	// A series: ID is its master's, Repeats the rule in words ("Every 2
	// weeks on Tuesday and Thursday, until 31 March 2027"), Occ the
	// occurrence shown (its recurrence id as in ?occ=; "" for the series
	// as a whole), Changed whether that occurrence was moved or edited on
	// its own.
	Repeats string
	Occ     string
	Changed bool
	// Reminders are the event's reminders in words (its owner's: they
	// remind only them).
	Reminders []string
	// MoveStart is the start as the Move form's field takes it (a date
	// for an all-day event, else a local date-time).
	MoveStart string
	AllDay    bool
}

// EventForm is the create or edit form: the values as the user typed them
// (or as stored), and a message per invalid field.
type EventForm struct {
	ID          int64 // 0 for a new event
	CSRFToken   string
	Title       string
	Description string
	Location    string
	Start       string // YYYY-MM-DDTHH:MM, or YYYY-MM-DD for an all-day event
	End         string // for an all-day event, the last day (inclusive)
	AllDay      bool
	Color       string
	// Calendar is the chosen calendar's id as posted ("" for the first of
	// Calendars, those the user may write to).
	Calendar  string
	Calendars []Option
	TimeZone  string // the zone times are read in, e.g. "Europe/Berlin"
	Errors    map[string]string
	CancelURL string // where Cancel leads on a full page
	InDialog  bool
	// The Repeat control: the choices (presets for the start date, then
	// "Custom…"), the custom rule's text, and NoRepeat to leave it out (an
	// occurrence changed on its own cannot repeat). Occ is the occurrence
	// of a series being edited (its recurrence id, as in ?occ=).
	Repeat       []RepeatOption
	RepeatCustom string
	NoRepeat     bool
	Occ          string
	// The Reminders control: the selects' values (minutes, as posted or
	// stored; "" for none), the custom field's, and NoReminders to leave
	// it out (an event of a calendar shared with the user: its reminders
	// are its owner's).
	Reminders      []string
	ReminderCustom string
	NoReminders    bool
}

// RepeatOption is one choice of the Repeat control. Value goes in the
// rrule field: a canonical RRULE, "" for does not repeat, or recur.Custom
// for the custom rule typed in rrule_custom.
type RepeatOption struct {
	Value    string
	Label    string
	Selected bool
}

// EventScope asks which events of a series an edit or a delete applies to:
// a radio group scope=this|following|all. An edit's values travel along
// as hidden fields.
type EventScope struct {
	ID        int64 // the series' master
	Occ       string
	Title     string
	When      string // the occurrence's time
	Delete    bool
	Fields    []HiddenField
	CSRFToken string
	InDialog  bool
}

// HiddenField is a form value carried through a question.
type HiddenField struct {
	Name, Value string
}

// EventDeleteConfirm is the confirmation asked before deleting without JS.
type EventDeleteConfirm struct {
	ID        int64
	Title     string
	When      string
	CSRFToken string
	InDialog  bool
	Series    bool // the event is a whole series: every occurrence goes
}

// scopeHeading is the scope question's heading.
func (s EventScope) heading() string {
	if s.Delete {
		return "Delete recurring event"
	}
	return "Save recurring event"
}

// action is where the scope question posts.
func (s EventScope) action() string {
	if s.Delete {
		return paths.Event(s.ID, "/delete", s.Occ)
	}
	return paths.Event(s.ID, "", s.Occ)
}

// ScopeChoices are the scope question's answers: value and label.
func ScopeChoices() [][2]string {
	return [][2]string{
		{"this", "Only this event"},
		{"following", "This and following"},
		{"all", "All events"},
	}
}

// deleteConfirmQuestion is the question asked before deleting an event.
func deleteConfirmQuestion(title string) string {
	return "Delete “" + title + "”?"
}

// heading is the form's title.
func (f EventForm) heading() string {
	if f.ID == 0 {
		return "New event"
	}
	return "Edit event"
}

// action is where the form posts.
func (f EventForm) action() string {
	if f.ID == 0 {
		return "/events"
	}
	return paths.Event(f.ID, "", f.Occ)
}

func (f EventForm) submitLabel() string {
	if f.ID == 0 {
		return "Create event"
	}
	return "Save changes"
}

// eventFields names the form's fields in display order: name, input id, label.
func eventFields() [][3]string {
	return [][3]string{
		{"title", "event-title", "Title"},
		{"start", "event-start", "Starts"},
		{"end", "event-end", "Ends"},
		{"rrule", "event-rrule", "Repeat"},
		{"location", "event-location", "Location"},
		{"description", "event-description", "Description"},
		{"calendar", "event-calendar", "Calendar"},
		{"color", "event-color", "Colour"},
		{"reminder", "event-reminder-1", "Reminders"},
	}
}

// eventErrorItem is one line of the form's error summary.
type eventErrorItem struct {
	Href    string
	Label   string
	Message string
}

// errorItems lists the invalid fields in display order.
func (f EventForm) errorItems() []eventErrorItem {
	var items []eventErrorItem
	for _, fl := range eventFields() {
		if msg := f.Errors[fl[0]]; msg != "" {
			items = append(items, eventErrorItem{Href: "#" + fl[1], Label: fl[2], Message: msg})
		}
	}
	return items
}

func (f EventForm) errorTitle() string {
	if n := len(f.errorItems()); n != 1 {
		return "There are " + strconv.Itoa(n) + " problems with this event:"
	}
	return "There is a problem with this event:"
}

func (f EventForm) err(name string) string { return f.Errors[name] }

func eventErrorID(name string) string { return "event-" + name + "-error" }

// fieldAttrs links a field to its error and hints for assistive technology.
func (f EventForm) fieldAttrs(name string, hints ...string) templ.Attributes {
	a := templ.Attributes{}
	ids := hints
	if f.err(name) != "" {
		a["aria-invalid"] = "true"
		ids = append([]string{eventErrorID(name)}, hints...)
	}
	if len(ids) > 0 {
		a["aria-describedby"] = strings.Join(ids, " ")
	}
	return a
}

// calendarOptions are the calendars to choose from, the form's chosen
// (and, when it is none of them, that value as posted, marked unavailable).
func (f EventForm) calendarOptions() []Option {
	out := make([]Option, 0, len(f.Calendars)+1)
	found := false
	for _, o := range f.Calendars {
		o.Selected = o.Value == f.Calendar
		found = found || o.Selected
		out = append(out, o)
	}
	if !found && f.Calendar != "" {
		out = append([]Option{{Value: f.Calendar, Label: "(not available)", Selected: true}}, out...)
	}
	return out
}

// colorKnown reports whether the form's colour is in the palette.
// ColorName is the visible name of a palette key, the key itself when it
// is not one, or "The calendar's" for none.
func ColorName(key string) string {
	if key == "" {
		return "The calendar's"
	}
	if name, ok := palette.Name(key); ok {
		return name
	}
	return key
}

func (f EventForm) colorKnown() bool {
	_, ok := palette.Name(f.Color)
	return ok
}

// whenInputType picks the input for a start or end value: a date picker
// for a date, a date-time picker for a date-time, and a plain text box for
// anything else, so a mistyped value stays visible next to its message.
func whenInputType(value string, allDay bool) string {
	v := strings.TrimSpace(value)
	switch {
	case v == "" && allDay:
		return "date"
	case v == "":
		return "datetime-local"
	case len(v) == 10:
		if _, err := calendar.ParseDate(v); err == nil {
			return "date"
		}
	default:
		if _, err := calendar.ParseLocal(v, nil); err == nil {
			return "datetime-local"
		}
	}
	return "text"
}
