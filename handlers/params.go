package handlers

import "github.com/eventcal/eventcal/events"

// parseID reads a path's :id — an event's or a user's: a positive decimal
// int64, nothing else (see events.ParseID).
func parseID(s string) (int64, bool) { return events.ParseID(s) }
