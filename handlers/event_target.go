package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/events"
)

// eventsChanged is the htmx event a create, update or delete triggers
// (HX-Trigger); the calendar refreshes and the dialog closes on it.
const eventsChanged = "eventsChanged"

// owner is the viewer as the owner of the events a request reads or writes.
func owner(v *Viewer) events.Owner {
	return events.Owner{ID: v.ID, Loc: v.Loc, TZName: v.TZName}
}

// eventRef is the event the request's :id names (ok false when it names
// none) and its occurrence: ?occ=, else a posted occ field.
func eventRef(c *fiber.Ctx) (ref events.Ref, ok bool) {
	ref.ID, ok = events.ParseID(c.Params("id"))
	if ref.Occ = c.Query("occ"); ref.Occ == "" {
		ref.Occ = c.FormValue("occ")
	}
	return ref, ok
}

// target reads what the request's /events/:id[?occ=] names for v through
// the cache (no SQL on a hit); see events.Service.Resolve.
func (h *Handler) target(c *fiber.Ctx, v *Viewer) (events.Target, error) {
	ref, ok := eventRef(c)
	if !ok {
		return events.Target{}, notFound()
	}
	return h.events.Resolve(c.UserContext(), v.ID, ref.ID, ref.Occ)
}
