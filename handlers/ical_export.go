package handlers

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// iCalendar export: all of the viewer's events (GET /events.ics), one
// event with its series (GET /events/{id}.ics), one calendar the viewer
// may read (GET /calendars/{id}.ics), and any user's calendar
// for an admin (GET /admin/users/{id}/export.ics). The whole-calendar file
// is also the subscription feed (feed.go) and is cached per user.

const icsContentType = "text/calendar; charset=utf-8"

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
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	body, err := h.events.EventFile(c.UserContext(), v.ID, id, v.Loc)
	if err != nil {
		return err
	}
	return sendICS(c, body, "event-"+strconv.FormatInt(id, 10)+".ics", true)
}

// calendarExport sends one calendar the viewer may read as an .ics
// download (GET /calendars/:id.ics).
func (h *Handler) calendarExport(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, err := calendarIDParam(c)
	if err != nil {
		return err
	}
	cal, body, err := h.events.OneCalendarFile(c.UserContext(), v.ID, id, v.Loc)
	if err != nil {
		return err
	}
	return sendICS(c, body, fileNamePart(cal.Name)+".ics", true)
}

// adminExportGet answers a GET of the admin export with 405: the export
// is recorded in the audit trail, so only a POST (with its CSRF token, the
// users list's button) makes one.
func (h *Handler) adminExportGet(c *fiber.Ctx) error {
	c.Set(fiber.HeaderAllow, fiber.MethodPost)
	return &statusError{
		status:  fiber.StatusMethodNotAllowed,
		title:   "Method not allowed",
		message: "Export a user's calendar with the Export button on the users list.",
		retry:   "/admin/users",
	}
}

// adminExportUser sends any user's calendar to an admin (POST /admin/users/:id/export.ics),
// and records it in the audit trail.
func (h *Handler) adminExportUser(c *fiber.Ctx) error {
	u, err := h.adminUserParam(c)
	if err != nil {
		return err
	}
	body, err := h.events.AdminCalendarFile(c.UserContext(), actor(viewerOf(c)), u)
	if err != nil {
		return err
	}
	return sendICS(c, body, "eventcal-"+fileNamePart(u.Username)+".ics", true)
}

// calendarFile is a user's whole calendar as an .ics file (see
// events.Service.CalendarFile).
func (h *Handler) calendarFile(ctx context.Context, uid int64, username string, loc *time.Location) ([]byte, error) {
	return h.events.CalendarFile(ctx, uid, username+" · eventcal", loc)
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
