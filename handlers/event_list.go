package handlers

import (
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// viewEvents is listed events (events.Service.Days, Upcoming) as the views
// lay them out.
func viewEvents(evs []db.Event) []views.Event {
	out := make([]views.Event, len(evs))
	for i := range evs {
		out[i] = viewEvent(&evs[i])
	}
	return out
}

// viewEvent is one event as the views have it.
func viewEvent(e *db.Event) views.Event {
	id, occ := events.Link(e)
	return views.Event{
		ID: id, Occ: occ, Title: e.Title, Location: e.Location, Description: e.Description, Color: e.Color,
		Start: e.StartsAt, End: e.EndsAt, AllDay: e.AllDay,
	}
}
