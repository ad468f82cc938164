package views

import (
	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/paths"
)

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

// moveHx are the htmx attributes of the Move forms: in the dialog they
// post at once, or for an occurrence load the question into the dialog;
// on a page they have none (the question is a page).
func (d EventDetails) moveHx() templ.Attributes {
	if !d.InDialog {
		return nil
	}
	verb := "hx-post"
	if d.Occ != "" {
		verb = "hx-get"
	}
	return templ.Attributes{verb: d.moveAction(), "hx-target": "closest dialog", "hx-swap": "innerHTML"}
}

// moveInputType is the Move field's type: a date for an all-day event.
func (d EventDetails) moveInputType() string {
	if d.AllDay {
		return "date"
	}
	return "datetime-local"
}
