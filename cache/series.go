package cache

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/db"
)

// Record is one event as the event family caches it (event_<id>): the row
// and, for the master of a series, its override rows, so that the page of
// an occurrence knows without SQL whether that occurrence was moved or
// edited; and its reminders.
//
// Lists (the date, upcoming and search families) hold plain db.Event
// values, where an occurrence of a series is its master's row with
// StartsAt and EndsAt of the occurrence, RecurrenceID set to the
// occurrence's recurrence id, SeriesID nil and Exdates empty; an override
// row carries its own SeriesID and RecurrenceID.
type Record struct {
	db.Event
	Overrides []Override // by recurrence id; nil for anything but a master
	// Reminders are a master's or a single event's, in minutes before the
	// start, ascending (an override row has none: its series' remind).
	Reminders []int32
}

// Override names one override row of a series.
type Override struct {
	RecurrenceID time.Time // the occurrence it replaces, UTC
	ID           int64     // the override's event id
}

// OverrideOf returns the id of the override row that replaces the
// occurrence rid, if there is one.
func (r Record) OverrideOf(rid time.Time) (int64, bool) {
	for _, o := range r.Overrides {
		if o.RecurrenceID.Equal(rid) {
			return o.ID, true
		}
	}
	return 0, false
}

// SeriesChanged invalidates after a committed write to a series whose dates
// are impractical to enumerate (a series created, edited as a whole or from
// one occurrence on, deleted, ...): in one pipeline it bumps the epoch of
// gen_<uid>, which makes every cached value of the user a miss (dates,
// events, searches; any fill racing the write is dropped), and deletes
// upcoming_events_<uid> and event_<id> for each of eventIDs (the masters and
// override rows written). Like EventChanged it runs even if ctx is cancelled
// and never fails the caller.
func (c *Cache) SeriesChanged(ctx context.Context, uid int64, eventIDs ...int64) {
	if !c.cfg.Enabled {
		return
	}
	keys := make([]string, 0, len(eventIDs)+1)
	keys = append(keys, c.keyUpcoming(uid))
	for _, id := range eventIDs {
		if id != 0 {
			keys = append(keys, c.keyEvent(id))
		}
	}
	if c.invalidate(ctx, uid, 1<<epochShift, keys) && c.debug(ctx) {
		c.log.DebugContext(ctx, "Cache invalidated for user "+strconv.FormatInt(uid, 10)+
			": every list (series"+idList(eventIDs)+" changed)")
	}
}

// idList is " 4, 7" for the log ("" for none).
func idList(ids []int64) string {
	var b strings.Builder
	for _, id := range ids {
		if id == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}
