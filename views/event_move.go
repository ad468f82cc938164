package views

import "github.com/eventcal/eventcal/paths"

// EventMove asks before moving an event (where the detail page's Move
// forms lead without JS, and for an occurrence of a series, which events
// move). Start or Shift is what was asked, carried to the post.
type EventMove struct {
	ID        int64 // the series' master for an occurrence
	Occ       string
	Title     string
	From, To  string // the times now and after the move, in words
	Start     string
	Shift     string
	Scope     bool // an occurrence of a series: ask which events move
	CSRFToken string
	InDialog  bool
}

// moveShifts are the detail page's one-click moves: the shift field's
// value and the button's label.
func moveShifts() [3][2]string {
	return [3][2]string{{"1d", "+1 day"}, {"1w", "+1 week"}, {"1m", "Next month, same day"}}
}

// moveAction is where the detail page's Move forms lead.
func (d EventDetails) moveAction() string { return paths.Event(d.ID, "/move", "") }

// moveDirect reports whether the Move forms post at once (in the dialog,
// an event that is no occurrence); otherwise they ask first.
func (d EventDetails) moveDirect() bool { return d.InDialog && d.Occ == "" }

// moveInputType is the Move field's type: a date for an all-day event.
func (d EventDetails) moveInputType() string {
	if d.AllDay {
		return "date"
	}
	return "datetime-local"
}
