package handlers

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/ical"
)

// iCalendar export: all of the viewer's events (GET /events.ics), one
// event with its series (GET /events/{id}.ics), and any user's calendar
// for an admin (GET /admin/users/{id}/export.ics). The whole-calendar file
// is also the subscription feed (feed.go) and is cached per user.

const (
	icsContentType = "text/calendar; charset=utf-8"
	// feedRefresh is how often subscribers are asked to reload.
	feedRefresh = time.Hour
)

// exportCalendar sends all of the viewer's events as an .ics download.
func (h *Handler) exportCalendar(c *fiber.Ctx) error {
	v := viewerOf(c)
	body, err := h.calendarFile(c.UserContext(), v.ID, v.Username, v.Loc)
	if err != nil {
		return err
	}
	return sendICS(c, body, "eventcal-"+fileNamePart(v.Username)+".ics", true)
}

// exportEvent sends one of the viewer's events as an .ics download: a
// series with its changed occurrences (an occurrence's id names its series).
func (h *Handler) exportEvent(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	rows, err := h.store.GetEventForExport(c.UserContext(), db.GetEventForExportParams{ID: id, UserID: v.ID})
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return notFound()
	}
	er := make([]exportRow, len(rows))
	for i, r := range rows {
		er[i] = exportRow(r)
	}
	evs := exportEvents(er, v.Loc, h.zones)
	var b bytes.Buffer
	if err := ical.Encode(&b, evs, ical.EncodeOptions{Now: h.now(), Loc: v.Loc}); err != nil {
		return err
	}
	return sendICS(c, b.Bytes(), "event-"+strconv.FormatInt(id, 10)+".ics", true)
}

// adminExportUser sends any user's calendar to an admin, and records it in
// the audit trail.
func (h *Handler) adminExportUser(c *fiber.Ctx) error {
	v := viewerOf(c)
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	body, err := h.calendarFile(ctx, u.ID, u.Username, h.zones.Load(u.Timezone))
	if err != nil {
		return err
	}
	if err := db.RecordAudit(ctx, h.store.Queries, actor(v), "user.export", db.AuditUser, u.ID, u.Username); err != nil {
		return err
	}
	return sendICS(c, body, "eventcal-"+fileNamePart(u.Username)+".ics", true)
}

// calendarFile is a user's whole calendar as an .ics file, through the
// cache (cache.Feed: current until the user's next write).
func (h *Handler) calendarFile(ctx context.Context, uid int64, username string, loc *time.Location) ([]byte, error) {
	return cache.Feed(ctx, h.cache, uid, func(ctx context.Context) ([]byte, error) {
		rows, err := h.store.ListEventsForExport(ctx, uid)
		if err != nil {
			return nil, err
		}
		er := make([]exportRow, len(rows))
		for i, r := range rows {
			er[i] = exportRow(r)
		}
		var b bytes.Buffer
		err = ical.Encode(&b, exportEvents(er, loc, h.zones), ical.EncodeOptions{
			Name:    username + " · eventcal",
			Now:     h.now(),
			Refresh: feedRefresh,
			Loc:     loc,
		})
		return b.Bytes(), err
	})
}

// sendICS writes an .ics body, as a download or inline (for subscribers).
func sendICS(c *fiber.Ctx, body []byte, filename string, download bool) error {
	disp := "inline"
	if download {
		disp = "attachment"
	}
	c.Set(fiber.HeaderContentType, icsContentType)
	c.Set(fiber.HeaderContentDisposition, disp+`; filename="`+filename+`"`)
	return c.Send(body)
}

// fileNamePart keeps the letters, digits, '-' and '_' of s (ASCII), for a
// file name in a header.
func fileNamePart(s string) string {
	out := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_':
			return r
		}
		return -1
	}, s)
	if out == "" {
		return "calendar"
	}
	return out
}

// exportRow is an event with the UID it was imported with ("" for none),
// as the export queries return it.
type exportRow struct {
	Event db.Event
	Uid   string
}

// exportUID is the UID of an event without an imported one.
func exportUID(id int64) string { return "event-" + strconv.FormatInt(id, 10) + "@eventcal" }

// exportEvents converts rows (masters and single events, and overrides) to
// ical events: each override goes under its series. All-day dates of
// single events are read in loc (the owner's zone), a series' in its own.
func exportEvents(rows []exportRow, loc *time.Location, zones *calendar.Zones) []ical.Event {
	zone := zones.Load // a series' zone ("" is UTC)
	out := make([]ical.Event, 0, len(rows))
	index := make(map[int64]int, len(rows))
	for _, r := range rows {
		e := r.Event
		if e.SeriesID != nil {
			continue
		}
		uid := r.Uid
		if uid == "" {
			uid = exportUID(e.ID)
		}
		ev := icalEvent(e, loc)
		ev.UID = uid
		if e.Rrule != "" {
			ev.Loc = zone(e.Tzid)
		}
		index[e.ID] = len(out)
		out = append(out, ev)
	}
	for _, r := range rows {
		e := r.Event
		if e.SeriesID == nil || e.RecurrenceID == nil {
			continue
		}
		i, ok := index[*e.SeriesID]
		if !ok {
			continue
		}
		ov := icalEvent(e, out[i].Loc)
		ov.RecurrenceID = *e.RecurrenceID
		out[i].Overrides = append(out[i].Overrides, ov)
	}
	return out
}

// icalEvent is the ical form of one stored row.
func icalEvent(e db.Event, loc *time.Location) ical.Event {
	return ical.Event{
		Title:       e.Title,
		Description: e.Description,
		Location:    e.Location,
		Color:       e.Color,
		Start:       e.StartsAt,
		End:         e.EndsAt,
		AllDay:      e.AllDay,
		Loc:         loc,
		Rule:        e.Rrule,
		Exdates:     e.Exdates,
		Created:     e.CreatedAt,
		Modified:    e.UpdatedAt,
	}
}
