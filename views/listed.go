package views

import "github.com/a-h/templ"

// listedEvents is the items of an event list (the day's events, the
// upcoming list, an agenda day): per event a list item coloured by its
// palette class, with its title opening the event (through the list's
// data-nav and hx-target), when, and where.
//
// Like the grids it is written in Go (see monthGrid): the upcoming list
// alone cost more to render as templates than the month grid. Its markup is
// pinned by testdata/listed.golden.html.
func listedEvents(evs []ListedEvent) templ.Component {
	return bufferedComponent(func(b []byte) []byte {
		for i := range evs {
			b = appendListed(b, &evs[i])
		}
		return b
	})
}

// appendListed writes one item of an event list.
func appendListed(b []byte, e *ListedEvent) []byte {
	b = append(b, `<li class="c-`...)
	b = appendEscaped(b, e.Color)
	b = append(b, `"><a href="`...)
	b = appendEventURL(b, e.ID, e.Occ)
	b = append(b, `">`...)
	b = appendEscaped(b, e.Title)
	b = append(b, `</a> <time datetime="`...)
	b = appendEscaped(b, e.Datetime)
	b = append(b, `">`...)
	b = appendEscaped(b, e.When)
	b = append(b, `</time> `...)
	if e.Location != "" {
		b = append(b, `<span>`...)
		b = appendEscaped(b, e.Location)
		b = append(b, `</span>`...)
	}
	return append(b, `</li>`...)
}
