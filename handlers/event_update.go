package handlers

import (
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// eventUpdate saves the edit form (POST or PUT /events/:id), or re-shows it
// with its messages (422). Someone else's or a missing event (or a ?occ=
// that is no occurrence) is a 404 whatever the form holds. An occurrence
// of a series (?occ=) needs scope=this, following or all; without one the
// question is asked (200) with the form's values carried along. A series'
// master without ?occ= is edited whole.
func (h *Handler) eventUpdate(c *fiber.Ctx) error {
	v := viewerOf(c)
	id, ok := parseEventID(c.Params("id"))
	if !ok {
		return notFound()
	}
	ctx := c.UserContext()
	occ := occParam(c)
	in := readEventInput(c)
	vals, errs := in.validate(v.Loc)
	t, err := h.resolveTarget(ctx, v, id, occ)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return h.rerenderEdit(c, v, &t, in, errs)
	}
	scope := parseScope(c.FormValue("scope"))
	if t.isSeries() && scope == "" {
		if t.hasOcc {
			return h.askScope(c, v, &t, &in)
		}
		scope = scopeAll
	}
	res := writeResult{loc: v.Loc, tzName: v.TZName}
	err = h.store.InTx(ctx, func(q *db.Queries) error {
		single, w, err := lockForWrite(ctx, h, q, v.ID, id, occ)
		switch {
		case err != nil:
			return err
		case w == nil:
			return h.updateSingle(ctx, q, single, vals, &res)
		case scope == scopeThis:
			return h.editThis(ctx, q, w, vals, &res)
		case scope == scopeFollowing:
			return h.editFollowing(ctx, q, w, vals, &res)
		}
		return h.editAll(ctx, q, w, vals, &res)
	})
	var fe *formError
	if errors.As(err, &fe) {
		return h.rerenderEdit(c, v, &t, in, fe.errs)
	}
	if err != nil {
		return err
	}
	h.invalidate(ctx, v.ID, &res)
	return h.eventSaved(c, v, res.showID, res.showOcc)
}

// updateSingle saves the form to a single event (a repeat rule makes it a
// series' master, in res's zone).
func (h *Handler) updateSingle(ctx context.Context, q *db.Queries, old *db.Event, vals eventValues, res *writeResult) error {
	p := rowParams(old)
	setValues(&p, vals)
	switch {
	case vals.RuleSet && !vals.Rule.IsZero():
		s := vals.Series
		p.StartsAt, p.EndsAt = s.Start, seriesEnd(s, vals.Start, vals.End, vals.AllDay)
		p.Rrule, p.UntilAt = seriesColumns(s)
		p.Tzid, p.Exdates = res.tzName, nil
	case vals.RuleSet:
		p.Rrule, p.Tzid, p.UntilAt, p.Exdates = "", "", nil, nil
	}
	ev, err := q.UpdateEvent(ctx, p)
	if err != nil {
		return notFoundOr(err)
	}
	res.ids, res.dates = []int64{ev.ID}, eventDates(res.loc, *old, ev)
	res.whole = old.Rrule != "" || ev.Rrule != ""
	res.showID = ev.ID
	return nil
}

// rerenderEdit re-shows the edit form of t with everything as typed and
// the messages (422).
func (h *Handler) rerenderEdit(c *fiber.Ctx, v *Viewer, t *eventTarget, in eventInput, errs fieldErrors) error {
	f := formOfInput(in)
	f.ID, f.Occ = t.id(), t.occParam()
	f.Errors = errs
	f.CancelURL = occDetailsPath(f.ID, f.Occ)
	sel := in.Rrule
	if !in.RruleSet {
		sel = t.ev.Rrule
		if t.isSeries() {
			sel = t.master.Rrule
		}
	}
	withRepeat(&f, sel, in.RruleCustom, calendar.DateOf(t.ev.StartsAt, v.Loc))
	return h.renderEventForm(c, fiber.StatusUnprocessableEntity, f)
}
