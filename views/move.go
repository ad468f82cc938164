package views

// CalendarID is the id of the calendar region (CalendarRegion), which a
// move made in the calendar is answered into.
const CalendarID = "calendar"

// MoveUndo is the note shown after an event was moved in the calendar:
// what moved, and a form that moves it back to its old start and end.
type MoveUndo struct {
	Title      string
	Action     string // the event's move address (with ?occ= for an occurrence)
	Start, End string // where it was, as the event form writes them
	Scope      string // "this" for an occurrence of a series
	Cal        string // the calendar region's address
	CSRF       string
	Undone     bool // this answers the undo itself: no button
}
