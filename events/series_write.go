package events

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Writes to a series from one of its occurrences: "Only this event", "This
// and following" and "All events", for edits and deletes.

// ids lists the master's and its overrides' ids.
func (w *seriesWrite) ids(more ...int64) []int64 {
	out := make([]int64, 0, 1+len(w.overrides)+len(more))
	out = append(out, w.master.ID)
	for i := range w.overrides {
		out = append(out, w.overrides[i].ID)
	}
	return append(out, more...)
}

// editThis makes the occurrence an override row with the form's values (or
// updates its override). The rule is ignored: an occurrence of its own
// does not repeat.
func editThis(ctx context.Context, q *db.Queries, w *seriesWrite, vals Values, res *writeResult) error {
	loc := res.loc
	res.dates = append(res.dates, occurrenceDates(loc, &w.master, w.occ)...)
	var ev db.Event
	var err error
	if w.override != nil {
		res.dates = append(res.dates, eventDates(loc, *w.override)...)
		p := rowParams(w.override)
		setValues(&p, vals)
		p.Rrule, p.Tzid, p.UntilAt, p.Exdates = "", "", nil, nil
		ev, err = q.UpdateEvent(ctx, p)
	} else {
		p := createParams(w.master.UserID, vals)
		mid, rid := w.master.ID, w.rid
		p.SeriesID, p.RecurrenceID = &mid, &rid
		ev, err = q.CreateEvent(ctx, p)
	}
	if err != nil {
		return err
	}
	res.dates = append(res.dates, eventDates(loc, ev)...)
	res.ids = []int64{w.master.ID, ev.ID}
	res.shown = Saved{ID: w.master.ID, Occ: FormatOcc(w.rid)}
	return nil
}

// deleteThis cancels the occurrence: its recurrence id joins the master's
// exdates and its override row, if any, goes.
func deleteThis(ctx context.Context, q *db.Queries, w *seriesWrite, res *writeResult) error {
	loc := res.loc
	res.dates = append(res.dates, occurrenceDates(loc, &w.master, w.occ)...)
	res.ids = []int64{w.master.ID}
	if o := w.override; o != nil {
		res.dates = append(res.dates, eventDates(loc, *o)...)
		res.ids = append(res.ids, o.ID)
		if _, err := q.DeleteEvent(ctx, db.DeleteEventParams{ID: o.ID, UserID: o.UserID}); err != nil {
			return err
		}
	}
	if !hasTime(w.master.Exdates, w.rid) {
		p := rowParams(&w.master)
		p.Exdates = append(slices.Clone(w.master.Exdates), w.rid)
		if _, err := q.UpdateEvent(ctx, p); err != nil {
			return err
		}
	}
	res.shown = Saved{ID: w.master.ID}
	return nil
}

// deleteAll deletes the series (its overrides go with it).
func deleteAll(ctx context.Context, q *db.Queries, w *seriesWrite, res *writeResult) error {
	res.whole, res.ids = true, w.ids()
	_, err := q.DeleteEvent(ctx, db.DeleteEventParams{ID: w.master.ID, UserID: w.master.UserID})
	return err
}

// deleteFollowing ends the series before the occurrence: its rule gets
// the cut UNTIL or COUNT (recur.Series.Split) and the exceptions from the
// occurrence on go. At the first occurrence it deletes the whole series.
func deleteFollowing(ctx context.Context, q *db.Queries, w *seriesWrite, res *writeResult) error {
	before, _, err := w.series.Split(w.rid)
	switch {
	case errors.Is(err, recur.ErrSplitAtFirst):
		return deleteAll(ctx, q, w, res)
	case err != nil:
		return ErrNotFound
	}
	res.whole, res.ids, res.shown = true, w.ids(), Saved{ID: w.master.ID}
	if err := cutMaster(ctx, q, w, before); err != nil {
		return err
	}
	for i := range w.overrides {
		o := &w.overrides[i]
		if !o.RecurrenceID.Before(w.rid) {
			if _, err := q.DeleteEvent(ctx, db.DeleteEventParams{ID: o.ID, UserID: o.UserID}); err != nil {
				return err
			}
		}
	}
	return nil
}

// cutMaster rewrites the master as before, the part of its series before
// the occurrence: the shortened rule, and the exdates before it.
func cutMaster(ctx context.Context, q *db.Queries, w *seriesWrite, before recur.Series) error {
	p := rowParams(&w.master)
	p.Rrule, p.UntilAt = seriesColumns(before)
	p.Exdates = nil
	for _, x := range w.master.Exdates {
		if x.Before(w.rid) {
			p.Exdates = append(p.Exdates, x)
		}
	}
	_, err := q.UpdateEvent(ctx, p)
	return err
}

// editAll applies the form to the whole series. Its start moves by as much
// as the edited occurrence moved (in days and time of day), its exceptions
// with it (recur.Series.MovedExceptions); exceptions that are no
// occurrence of the new series go, and so does the edited occurrence's own
// override (the form showed it). "Does not repeat" leaves one event at the
// edited occurrence's new time.
func editAll(ctx context.Context, q *db.Queries, w *seriesWrite, vals Values, res *writeResult) error {
	m := &w.master
	res.whole, res.ids, res.shown = true, w.ids(), Saved{ID: m.ID}
	loc := res.loc
	ruleText := m.Rrule
	if vals.RuleSet {
		ruleText = vals.Rule.String()
	}
	p := rowParams(m)
	setValues(&p, vals)
	if err := moveCalendar(ctx, q, &p, m.ID, true, vals); err != nil {
		return err
	}
	if ruleText == "" {
		p.Rrule, p.Tzid, p.UntilAt, p.Exdates = "", "", nil, nil
		if err := deleteRows(ctx, q, w.overrides); err != nil {
			return err
		}
		_, err := q.UpdateEvent(ctx, p)
		return err
	}
	rule, err := recur.Parse(ruleText)
	if err != nil {
		return ruleError(err)
	}
	start, end := movedStart(w, vals, loc)
	shift := func(t time.Time) time.Time {
		base := w.series
		base.Exceptions = []time.Time{t}
		return base.MovedExceptions(start)[0]
	}
	if ruleText == m.Rrule { // the same rule: its end moves with the series
		rule = shiftedUntil(rule, shift, movedDays(w, vals, loc))
	}
	s, err := recur.NewSeries(rule, start, end, vals.AllDay, loc, nil)
	if err != nil {
		return ruleError(err)
	}
	p.Exdates = keptExdates(m.Exdates, shift, s, time.Time{})
	skip := time.Time{}
	if w.hasOcc {
		skip = w.rid
	}
	if err := moveOverrides(ctx, q, w.overrides, skip, m.ID, s, shift); err != nil {
		return err
	}
	p.StartsAt, p.EndsAt = s.Start, seriesEnd(s, start, end, vals.AllDay)
	p.Rrule, p.UntilAt = seriesColumns(s)
	p.Tzid = res.tzName
	_, err = q.UpdateEvent(ctx, p)
	return err
}

// editFollowing splits the series at the occurrence (recur.Series.Split):
// the master keeps the part before it, and a new master with the form's
// values starts at the occurrence, with the original rule cut to the rest
// (or the form's new rule); the exceptions from the occurrence on move to
// it, shifted as the occurrence moved. At the first occurrence it is
// editAll.
func editFollowing(ctx context.Context, q *db.Queries, w *seriesWrite, vals Values, res *writeResult) error {
	before, after, err := w.series.Split(w.rid)
	switch {
	case errors.Is(err, recur.ErrSplitAtFirst):
		return editAll(ctx, q, w, vals, res)
	case err != nil:
		return ErrNotFound
	}
	m := &w.master
	loc := res.loc
	shift := func(t time.Time) time.Time {
		base := after
		base.Exceptions = []time.Time{t}
		return base.MovedExceptions(vals.Start)[0]
	}
	rule := shiftedUntil(after.Rule, shift, movedDays(w, vals, loc))
	if vals.RuleSet && vals.Rule.String() != m.Rrule {
		rule = vals.Rule
	}
	var ns recur.Series
	if !rule.IsZero() {
		if ns, err = recur.NewSeries(rule, vals.Start, vals.End, vals.AllDay, loc, nil); err != nil {
			return ruleError(err)
		}
	}
	if err := cutMaster(ctx, q, w, before); err != nil {
		return err
	}
	var later []db.Event
	for i := range w.overrides {
		if !w.overrides[i].RecurrenceID.Before(w.rid) {
			later = append(later, w.overrides[i])
		}
	}
	p := createParams(m.UserID, vals)
	cal := m.CalendarID
	if vals.CalendarID != 0 {
		cal = vals.CalendarID
	}
	p.CalendarID = &cal
	if rule.IsZero() {
		if err := deleteRows(ctx, q, later); err != nil {
			return err
		}
		nev, err := q.CreateEvent(ctx, p)
		if err != nil {
			return err
		}
		res.whole, res.ids, res.shown = true, w.ids(nev.ID), Saved{ID: nev.ID}
		return nil
	}
	var laterEx []time.Time
	for _, x := range m.Exdates {
		if !x.Before(w.rid) {
			laterEx = append(laterEx, x)
		}
	}
	p.Exdates = keptExdates(laterEx, shift, ns, recur.RecurrenceID(ns.Start))
	p.StartsAt, p.EndsAt = ns.Start, seriesEnd(ns, vals.Start, vals.End, vals.AllDay)
	p.Rrule, p.UntilAt = seriesColumns(ns)
	p.Tzid = res.tzName
	nev, err := q.CreateEvent(ctx, p)
	if err != nil {
		return err
	}
	if err := moveOverrides(ctx, q, later, w.rid, nev.ID, ns, shift); err != nil {
		return err
	}
	if cal != m.CalendarID {
		if err := q.MoveOverridesToCalendar(ctx, db.MoveOverridesToCalendarParams{CalendarID: cal, SeriesID: &nev.ID}); err != nil {
			return err
		}
	}
	res.whole, res.ids, res.shown = true, w.ids(nev.ID), Saved{ID: nev.ID}
	return nil
}

// movedDays is by how many days the edit moves the occurrence.
func movedDays(w *seriesWrite, vals Values, loc *time.Location) int {
	return calendar.DateOf(w.occ.Start, w.series.Loc).DaysUntil(calendar.DateOf(vals.Start, loc))
}

// shiftedUntil is r with its UNTIL moved along with a series whose
// occurrences move by shift (UNTIL as a UTC time) or by days (UNTIL as a
// date), so that the series keeps its last occurrence; r itself when it
// has no UNTIL.
func shiftedUntil(r recur.Rule, shift func(time.Time) time.Time, days int) recur.Rule {
	const utc = "20060102T150405Z"
	text := r.String()
	switch u, d := r.Until(), r.UntilDate(); {
	case !u.IsZero():
		text = strings.Replace(text, "UNTIL="+u.UTC().Format(utc), "UNTIL="+shift(u).UTC().Format(utc), 1)
	case !d.IsZero() && days != 0:
		nd := d.AddDays(days)
		text = strings.Replace(text, "UNTIL="+untilDate(d), "UNTIL="+untilDate(nd), 1)
	default:
		return r
	}
	nr, err := recur.Parse(text)
	if err != nil {
		return r
	}
	return nr
}

// untilDate writes a date as UNTIL's date form, YYYYMMDD.
func untilDate(d calendar.Date) string { return strings.ReplaceAll(d.String(), "-", "") }

// movedStart is where the master of a series starts (and ends) when its
// occurrence w.occ is edited to vals and the edit applies to all: the
// master's date moves by as many days as the occurrence's, and takes the
// new time of day and length (or number of days), in loc.
func movedStart(w *seriesWrite, vals Values, loc *time.Location) (start, end time.Time) {
	oldLoc := w.series.Loc
	d := calendar.DateOf(w.master.StartsAt, oldLoc).AddDays(movedDays(w, vals, loc))
	if vals.AllDay {
		n := max(1, calendar.DateOf(vals.Start, loc).DaysUntil(calendar.DateOf(vals.End, loc)))
		return d.Start(loc), d.AddDays(n).Start(loc)
	}
	wall := vals.Start.In(loc)
	start = d.At(wall.Hour(), wall.Minute(), loc).Add(time.Duration(wall.Second()) * time.Second)
	return start, start.Add(vals.End.Sub(vals.Start))
}

// keptExdates shifts exdates and keeps those that are occurrences of s
// (other than skip), without repeats.
func keptExdates(exdates []time.Time, shift func(time.Time) time.Time, s recur.Series, skip time.Time) []time.Time {
	var out []time.Time
	for _, x := range exdates {
		nx := shift(x)
		if _, ok := s.Occurrence(nx); ok && !nx.Equal(skip) && !hasTime(out, nx) {
			out = append(out, nx)
		}
	}
	return out
}

// moveOverrides gives each override row its shifted recurrence id in
// series target, or deletes it when that is no occurrence of s or when it
// replaced skip (the occurrence the form rewrote). Rows move in the
// direction of the shift, the farthest first, so that two never hold the
// same (series, recurrence id) on the way.
func moveOverrides(ctx context.Context, q *db.Queries, ovs []db.Event, skip time.Time, target int64, s recur.Series, shift func(time.Time) time.Time) error {
	type move struct {
		id       int64
		from, to time.Time
		same     bool
	}
	var moves []move
	var drop []db.Event
	for i := range ovs {
		o := &ovs[i]
		from := o.RecurrenceID.UTC()
		to := shift(from)
		if _, ok := s.Occurrence(to); !ok || from.Equal(skip) {
			drop = append(drop, *o)
			continue
		}
		moves = append(moves, move{id: o.ID, from: from, to: to, same: *o.SeriesID == target && to.Equal(from)})
	}
	if err := deleteRows(ctx, q, drop); err != nil {
		return err
	}
	forward := slices.ContainsFunc(moves, func(m move) bool { return m.to.After(m.from) })
	slices.SortFunc(moves, func(a, b move) int {
		if forward {
			return b.from.Compare(a.from)
		}
		return a.from.Compare(b.from)
	})
	for _, mv := range moves {
		if mv.same {
			continue
		}
		tid, to := target, mv.to
		if err := q.MoveOverride(ctx, db.MoveOverrideParams{ID: mv.id, SeriesID: &tid, RecurrenceID: &to}); err != nil {
			return err
		}
	}
	return nil
}

// deleteRows deletes events.
func deleteRows(ctx context.Context, q *db.Queries, evs []db.Event) error {
	for i := range evs {
		if _, err := q.DeleteEvent(ctx, db.DeleteEventParams{ID: evs[i].ID, UserID: evs[i].UserID}); err != nil {
			return err
		}
	}
	return nil
}
