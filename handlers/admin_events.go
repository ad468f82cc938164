package handlers

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
	"github.com/eventcal/eventcal/views"
)

// errAdminEventInvalid rolls back an admin event update whose form has errors.
var errAdminEventInvalid = errors.New("invalid event form")

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
	if err != nil || !yearOK(d) {
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
	total, err := h.store.AdminCountEvents(ctx, db.AdminCountEventsParams{
		Owner: params.Owner, FromDate: params.FromDate, ToDate: params.ToDate, Pattern: params.Pattern,
	})
	if err != nil {
		return err
	}
	rows, err := h.store.AdminListEvents(ctx, params)
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
			When:      eventWhenText(r.StartsAt, r.EndsAt, r.AllDay, loc),
			Zone:      loc.String(),
			Location:  r.Location,
			Color:     r.Color,
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

// adminEvent reads the event named by :id with its owner.
func (h *Handler) adminEvent(c *fiber.Ctx) (db.AdminGetEventRow, error) {
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return db.AdminGetEventRow{}, notFound()
	}
	ev, err := h.store.AdminGetEvent(c.UserContext(), id)
	if err != nil {
		return ev, db.NotFound(err)
	}
	return ev, nil
}

// adminEventShow shows any user's event, times in the owner's zone.
func (h *Handler) adminEventShow(c *fiber.Ctx) error {
	r, err := h.adminEvent(c)
	if err != nil {
		return err
	}
	v := viewerOf(c)
	loc := h.zones.Load(r.OwnerTimezone)
	ed := eventDetails(r.Event, loc)
	if r.Event.Rrule != "" {
		if s, err := h.seriesOf(&r.Event, nil); err == nil {
			ed.Repeats = recur.Describe(s.Rule, s.Start, s.Loc)
		}
	}
	d := views.AdminEventDetails{
		EventDetails: ed,
		Owner:        r.OwnerUsername,
		OwnerZone:    loc.String(),
		OwnerURL:     views.AdminEventFilter{Owner: r.OwnerUsername}.URL(),
		Created:      adminDateTime(r.Event.CreatedAt, v.Loc),
		Updated:      adminDateTime(r.Event.UpdatedAt, v.Loc),
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
	loc := h.zones.Load(r.OwnerTimezone)
	return h.renderAdminEventForm(c, fiber.StatusOK, formOfEvent(r.Event, loc), r.OwnerUsername, loc)
}

func (h *Handler) renderAdminEventForm(c *fiber.Ctx, status int, f views.EventForm, owner string, loc *time.Location) error {
	f.CSRFToken = csrfToken(c)
	f.TimeZone = loc.String()
	f.CancelURL = "/admin/events/" + strconv.FormatInt(f.ID, 10)
	a := views.AdminEventForm{EventForm: f, Owner: owner}
	return h.render(c, status, page{Title: "Edit event · Admin", Nav: "admin", Content: views.AdminEventFormContent(a)})
}

// adminEventUpdate saves any user's event with the event form's rules,
// reading times in the owner's zone, and invalidates the owner's cache as
// the owner's own edit would. A series' master is edited whole (keeping
// its rule: the admin form has no Repeat control), an override row as that
// occurrence only.
func (h *Handler) adminEventUpdate(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ctx := c.UserContext()
	in := readEventInput(c)
	var (
		old  db.AdminGetEventRow
		vals eventValues
		loc  *time.Location
		errs fieldErrors
		res  writeResult
	)
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		if old, err = q.AdminGetEvent(ctx, id); err != nil {
			return db.NotFound(err)
		}
		loc = h.zones.Load(old.OwnerTimezone)
		if vals, errs = in.validate(loc); len(errs) > 0 {
			return errAdminEventInvalid
		}
		res = writeResult{loc: loc, tzName: loc.String()}
		single, w, err := lockForWrite(ctx, h, q, old.Event.UserID, id, "")
		switch {
		case err != nil:
			return err
		case w == nil:
			err = h.updateSingle(ctx, q, single, vals, &res)
		case w.hasOcc:
			err = h.editThis(ctx, q, w, vals, &res)
		default:
			err = h.editAll(ctx, q, w, vals, &res)
		}
		var fe *formError
		if errors.As(err, &fe) {
			errs = fe.errs
			return errAdminEventInvalid
		}
		if err != nil {
			return err
		}
		return db.RecordAudit(ctx, q, actor(v), "event.update", db.AuditEvent, id, adminEventDetail(vals.Title, old.OwnerUsername))
	})
	switch {
	case errors.Is(err, errAdminEventInvalid):
		f := formOfInput(in)
		f.ID = id
		f.Errors = errs
		return h.renderAdminEventForm(c, fiber.StatusUnprocessableEntity, f, old.OwnerUsername, loc)
	case errors.Is(err, db.ErrNotFound):
		return notFound()
	case err != nil:
		return err
	}
	h.invalidate(ctx, old.Event.UserID, &res)
	return redirect(c, "/admin/events/"+strconv.FormatInt(id, 10)+"?done=saved")
}

// adminEventDetail is an event's audit detail: its title and owner.
func adminEventDetail(title, owner string) string {
	return "“" + db.ClipText(title, 200) + "” of " + owner
}

// adminEventDeleteConfirm asks before deleting any user's event (where
// Delete leads without JS).
func (h *Handler) adminEventDeleteConfirm(c *fiber.Ctx) error {
	r, err := h.adminEvent(c)
	if err != nil {
		return err
	}
	f, _, _, _ := adminEventFilter(adminReturn(c))
	loc := h.zones.Load(r.OwnerTimezone)
	d := views.AdminEventDelete{
		CSRFToken: csrfToken(c),
		ID:        r.Event.ID,
		Title:     r.Event.Title,
		Owner:     r.OwnerUsername,
		When:      eventWhenText(r.Event.StartsAt, r.Event.EndsAt, r.Event.AllDay, loc) + " (" + loc.String() + ")",
		Return:    f.Encode(),
	}
	return h.render(c, fiber.StatusOK, page{Title: "Delete event · Admin", Nav: "admin", Content: views.AdminEventDeleteContent(d)})
}

// adminEventDelete deletes any user's event and invalidates the owner's
// cache: a series' master with its overrides, an override row by
// cancelling its occurrence (as the owner's "Only this event"). A plain
// post goes back to the list (303); htmx gets an empty row.
func (h *Handler) adminEventDelete(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ctx := c.UserContext()
	var (
		old db.AdminGetEventRow
		res writeResult
	)
	err := h.store.InTx(ctx, func(q *db.Queries) error {
		var err error
		if old, err = q.AdminGetEvent(ctx, id); err != nil {
			return db.NotFound(err)
		}
		loc := h.zones.Load(old.OwnerTimezone)
		res = writeResult{loc: loc, tzName: loc.String()}
		single, w, err := lockForWrite(ctx, h, q, old.Event.UserID, id, "")
		switch {
		case err != nil:
			return err
		case w == nil:
			res.ids, res.dates, res.whole = []int64{id}, eventDates(loc, *single), single.Rrule != ""
			_, err = q.DeleteEvent(ctx, db.DeleteEventParams{ID: id, UserID: single.UserID})
		case w.hasOcc:
			err = h.deleteThis(ctx, q, w, &res)
		default:
			err = h.deleteAll(ctx, q, w, &res)
		}
		if err != nil {
			return notFoundOr(err)
		}
		return db.RecordAudit(ctx, q, actor(v), "event.delete", db.AuditEvent, id, adminEventDetail(old.Event.Title, old.OwnerUsername))
	})
	if errors.Is(err, db.ErrNotFound) {
		return notFound()
	}
	if err != nil {
		return err
	}
	h.invalidate(ctx, old.Event.UserID, &res)
	if isFragment(c) {
		c.Vary(hxRequest)
		c.Status(fiber.StatusOK) // an empty row: htmx removes it
		return nil
	}
	f, _, _, _ := adminEventFilter(adminReturn(c))
	return c.Redirect(adminDone(f.URL(), "delete"), fiber.StatusSeeOther)
}
