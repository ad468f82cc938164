package handlers

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
	"github.com/eventcal/eventcal/paths"
	"github.com/eventcal/eventcal/views"
)

// adminEventFilter reads the events list's filters from values, with a
// message for each invalid day.
func adminEventFilter(v url.Values) (views.AdminEventFilter, views.FieldErrors, pgtype.Date, pgtype.Date) {
	f := views.AdminEventFilter{
		Owner: adminClip(strings.TrimSpace(strings.ToValidUTF8(v.Get("owner"), "")), 150),
		From:  adminClip(strings.TrimSpace(strings.ToValidUTF8(v.Get("from"), "")), 40),
		To:    adminClip(strings.TrimSpace(strings.ToValidUTF8(v.Get("to"), "")), 40),
		Q:     adminSearchText(v.Get("q")),
		Page:  adminPageNumber(v.Get("page")),
	}
	errs := views.FieldErrors{}
	from, okFrom := adminFilterDay(f.From, "from", errs)
	to, okTo := adminFilterDay(f.To, "to", errs)
	if okFrom && okTo && from.Valid && to.Valid && to.Time.Before(from.Time) {
		errs["to"] = "The last day cannot be before the first day."
		to = pgtype.Date{}
	}
	return f, errs, from, to
}

// adminFilterDay parses a YYYY-MM-DD filter; empty is no filter.
func adminFilterDay(s, name string, errs views.FieldErrors) (pgtype.Date, bool) {
	if s == "" {
		return pgtype.Date{}, true
	}
	d, err := calendar.ParseDate(s)
	if err != nil || !events.YearOK(d) {
		errs[name] = "Enter a day like 2025-06-09."
		return pgtype.Date{}, false
	}
	return pgtype.Date{Time: time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC), Valid: true}, true
}

// adminEvents lists every user's events, newest first, with filters.
func (h *Handler) adminEvents(c *fiber.Ctx) error {
	ctx := c.UserContext()
	vals := adminQueryValues(c)
	f, errs, from, to := adminEventFilter(vals)
	params := db.AdminListEventsParams{
		Owner:    f.Owner,
		FromDate: from,
		ToDate:   to,
		Pattern:  likePattern(strings.ToLower(f.Q)),
		SkipRows: adminOffset(f.Page),
		MaxRows:  adminPageSize,
	}
	rows, total, err := h.adminEventRows(ctx, params)
	if err != nil {
		return err
	}
	p := views.AdminEventsPage{CSRFToken: csrfToken(c), Filter: f, Errors: errs}
	if vals.Get("done") == "delete" {
		p.Notice = "The event is deleted."
	}
	ret := f.Encode()
	zones := map[string]*time.Location{}
	for _, r := range rows {
		loc, ok := zones[r.OwnerTimezone]
		if !ok {
			loc = h.zones.Load(r.OwnerTimezone)
			zones[r.OwnerTimezone] = loc
		}
		p.Rows = append(p.Rows, views.AdminEventRow{
			ID:        r.ID,
			Title:     r.Title,
			Owner:     r.OwnerUsername,
			OwnerURL:  views.AdminEventFilter{Owner: r.OwnerUsername}.URL(),
			Calendar:  r.CalendarName,
			When:      views.WhenText(r.StartsAt, r.EndsAt, r.AllDay, loc, viewerOf(c).Clock),
			Zone:      loc.String(),
			Location:  r.Location,
			Color:     palette.Or(r.Color),
			Return:    ret,
			CSRFToken: p.CSRFToken,
		})
	}
	p.Pager = adminPager(f.Page, total, len(rows), func(n int) string {
		ff := f
		ff.Page = n
		return ff.URL()
	})
	status := fiber.StatusOK
	if len(errs) > 0 {
		status = fiber.StatusUnprocessableEntity
	}
	pg := page{Title: "Events · Admin", Nav: "admin", Content: views.AdminEventsContent(p)}
	if adminWantsResults(c) && len(errs) == 0 {
		pg.Fragment = views.AdminEventsResults(p)
	}
	return h.render(c, status, pg)
}

// adminEventRows is one page of the admin events list and how many match
// in all; past the last page the total comes from a one-row first page.
func (h *Handler) adminEventRows(ctx context.Context, p db.AdminListEventsParams) ([]db.AdminListEventsRow, int64, error) {
	rows, err := h.store.AdminListEvents(ctx, p)
	if err != nil || len(rows) > 0 || p.SkipRows == 0 {
		if len(rows) > 0 {
			return rows, rows[0].Total, err
		}
		return rows, 0, err
	}
	p.SkipRows, p.MaxRows = 0, 1
	first, err := h.store.AdminListEvents(ctx, p)
	if err != nil || len(first) == 0 {
		return rows, 0, err
	}
	return rows, first[0].Total, nil
}

// adminEvent reads the event named by :id with its owner.
func (h *Handler) adminEvent(c *fiber.Ctx) (events.AdminEvent, error) {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return events.AdminEvent{}, notFound()
	}
	return h.events.AdminEvent(c.UserContext(), id)
}

// adminEventShow shows any user's event, times in the owner's zone.
func (h *Handler) adminEventShow(c *fiber.Ctx) error {
	r, err := h.adminEvent(c)
	if err != nil {
		return err
	}
	v := viewerOf(c)
	loc := r.Loc
	ed := eventDetails(r.Event, loc, viewerOf(c).Clock)
	ed.Repeats = h.events.Describe(&r.Event)
	d := views.AdminEventDetails{
		EventDetails: ed,
		Owner:        r.OwnerUsername,
		Calendar:     r.CalendarName,
		OwnerZone:    loc.String(),
		OwnerURL:     views.AdminEventFilter{Owner: r.OwnerUsername}.URL(),
		Created:      adminDateTime(r.Event.CreatedAt, v),
		Updated:      adminDateTime(r.Event.UpdatedAt, v),
	}
	if c.Query("done") == "saved" {
		d.Notice = "The event is saved; its owner sees the change at once."
	}
	return h.render(c, fiber.StatusOK, page{Title: r.Event.Title + " · Admin", Nav: "admin", Content: views.AdminEventDetailsContent(d)})
}

// adminEventEdit shows the edit form of any user's event.
func (h *Handler) adminEventEdit(c *fiber.Ctx) error {
	r, err := h.adminEvent(c)
	if err != nil {
		return err
	}
	return h.renderAdminEventForm(c, fiber.StatusOK, formOfEvent(r.Event, r.Loc), r.OwnerUsername, r.Loc)
}

func (h *Handler) renderAdminEventForm(c *fiber.Ctx, status int, f views.EventForm, owner string, loc *time.Location) error {
	f.CSRFToken = csrfToken(c)
	f.TimeZone = loc.String()
	f.CancelURL = paths.AdminEvent(f.ID, "")
	a := views.AdminEventForm{EventForm: f, Owner: owner}
	return h.render(c, status, page{Title: "Edit event · Admin", Nav: "admin", Content: views.AdminEventFormContent(a)})
}

// adminEventUpdate saves any user's event with the event form's rules,
// reading times in the owner's zone (events.Service.AdminUpdate).
func (h *Handler) adminEventUpdate(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	in := readEventInput(c)
	ev, err := h.events.AdminUpdate(c.UserContext(), actor(viewerOf(c)), id, in)
	var fe *events.FormError
	if errors.As(err, &fe) {
		f := formOfInput(in)
		f.ID = id
		f.Errors = fe.Fields
		return h.renderAdminEventForm(c, fiber.StatusUnprocessableEntity, f, ev.OwnerUsername, ev.Loc)
	}
	if err != nil {
		return err
	}
	return redirect(c, paths.AdminEvent(id, "?done=saved"))
}

// adminEventDeleteConfirm asks before deleting any user's event (where
// Delete leads without JS).
func (h *Handler) adminEventDeleteConfirm(c *fiber.Ctx) error {
	r, err := h.adminEvent(c)
	if err != nil {
		return err
	}
	f, _, _, _ := adminEventFilter(adminReturn(c))
	loc := r.Loc
	d := views.AdminEventDelete{
		CSRFToken: csrfToken(c),
		ID:        r.Event.ID,
		Title:     r.Event.Title,
		Owner:     r.OwnerUsername,
		When:      views.WhenText(r.Event.StartsAt, r.Event.EndsAt, r.Event.AllDay, loc, viewerOf(c).Clock) + " (" + loc.String() + ")",
		Return:    f.Encode(),
	}
	return h.render(c, fiber.StatusOK, page{Title: "Delete event · Admin", Nav: "admin", Content: views.AdminEventDeleteContent(d)})
}

// adminEventDelete deletes any user's event and invalidates the owner's
// cache: a series' master with its overrides, an override row by
// cancelling its occurrence (as the owner's "Only this event"). A plain
// post goes back to the list (303); htmx gets an empty row.
func (h *Handler) adminEventDelete(c *fiber.Ctx) error {
	id, ok := parseID(c.Params("id"))
	if !ok {
		return notFound()
	}
	if _, err := h.events.AdminDelete(c.UserContext(), actor(viewerOf(c)), id); err != nil {
		return err
	}
	if isFragment(c) {
		c.Vary(hxRequest)
		c.Status(fiber.StatusOK) // an empty row: htmx removes it
		return nil
	}
	f, _, _, _ := adminEventFilter(adminReturn(c))
	return c.Redirect(adminDone(f.URL(), "delete"), fiber.StatusSeeOther)
}
