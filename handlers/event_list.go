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
		e := &evs[i]
		id, occ := events.Link(e)
		out[i] = views.Event{
			ID: id, Occ: occ, Title: e.Title, Location: e.Location, Description: e.Description, Color: e.Color,
			Start: e.StartsAt, End: e.EndsAt, AllDay: e.AllDay,
		}
	}
	return out
}
