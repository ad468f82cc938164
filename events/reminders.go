package events

import (
	"context"
	"errors"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// Reminders: an event or series has up to MaxReminders, each a number of
// minutes before its start (every occurrence's, for a series; an all-day
// event starts at 00:00 of its first day). Each write schedules the next
// due reminder of the events it touched, in its own transaction; when one
// is sent, the next of that event is scheduled in the same transaction as
// the record that it was sent (so each reminder of each occurrence goes
// once, whichever instance sends it).

// Limits of reminders.
const (
	MaxReminders       = 5
	MaxReminderMinutes = 4 * 7 * 24 * 60
	// LateReminder is how late a reminder may still be sent (one that fell
	// due while no instance ran); later ones are skipped.
	LateReminder = time.Hour
)

// ReminderJob is one reminder of one occurrence, due at Due.
type ReminderJob struct {
	EventID int64     `json:"event_id"` // the event, or the series' master
	Occ     time.Time `json:"occ"`      // the occurrence's recurrence id (a single event's start)
	Minutes int       `json:"minutes"`
	Due     time.Time `json:"due"`
}

// after orders jobs: by due time, then occurrence, then minutes.
func (j ReminderJob) after(k ReminderJob) bool {
	if c := j.Due.Compare(k.Due); c != 0 {
		return c > 0
	}
	if c := j.Occ.Compare(k.Occ); c != 0 {
		return c > 0
	}
	return j.Minutes > k.Minutes
}

// Scheduler queues reminder jobs in the transaction of a write (package
// reminders, over River).
type Scheduler interface {
	ScheduleTx(ctx context.Context, tx pgx.Tx, jobs []ReminderJob) error
}

// Delivery is a reminder being sent: what to tell whom.
type Delivery struct {
	ID       int64
	UserID   int64
	EventID  int64
	Occ      time.Time
	Title    string
	Location string
	Start    time.Time
	AllDay   bool
	Due      time.Time
}

// setReminders replaces the reminders of event id (nil keeps them).
func setReminders(ctx context.Context, q *db.Queries, id int64, minutes []int) error {
	if minutes == nil {
		return nil
	}
	if err := q.DeleteReminders(ctx, id); err != nil {
		return err
	}
	if len(minutes) == 0 {
		return nil
	}
	ms := make([]int32, len(minutes))
	for i, m := range minutes {
		ms[i] = int32(m)
	}
	return q.AddReminders(ctx, db.AddRemindersParams{EventID: id, Minutes: ms})
}

// scheduleReminders queues the next due reminder of each event of ids (a
// series for an override), in q's transaction.
func (s *Service) scheduleReminders(ctx context.Context, q *db.Queries, ids []int64) error {
	tx, ok := q.Tx()
	if s.sched == nil || !ok || len(ids) == 0 {
		return nil
	}
	var jobs []ReminderJob
	done := map[int64]bool{}
	for _, id := range ids {
		rows, minutes, err := s.reminderRows(ctx, q, id)
		if err != nil || len(rows) == 0 || done[rows[0].ID] {
			if err != nil {
				return err
			}
			continue
		}
		done[rows[0].ID] = true
		if j, ok := s.nextReminder(rows, minutes, ReminderJob{Due: s.now()}); ok {
			jobs = append(jobs, j)
		}
	}
	if len(jobs) == 0 {
		return nil
	}
	return s.sched.ScheduleTx(ctx, tx, jobs)
}

// reminderRows loads an event (its series, for an override): master
// first, then overrides, and its reminders.
func (s *Service) reminderRows(ctx context.Context, q *db.Queries, id int64) ([]db.Event, []int, error) {
	rows, err := q.ReminderRows(ctx, id)
	if err != nil || len(rows) == 0 {
		return nil, nil, err
	}
	if m := rows[0].SeriesID; m != nil {
		return s.reminderRows(ctx, q, *m)
	}
	byID, err := remindersByID(ctx, q, []int64{id})
	if err != nil {
		return nil, nil, err
	}
	return rows, byID[id], nil
}

// remindersByID loads the reminders of events ids (masters and single
// events), ascending, by event id.
func remindersByID(ctx context.Context, q *db.Queries, ids []int64) (map[int64][]int, error) {
	out := map[int64][]int{}
	if len(ids) == 0 {
		return out, nil
	}
	rs, err := q.ListReminders(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, r := range rs {
		out[r.EventID] = append(out[r.EventID], int(r.Minutes))
	}
	return out, nil
}

// nextReminder returns the first reminder of an event (rows: master, then
// overrides) that comes after prev in job order.
func (s *Service) nextReminder(rows []db.Event, minutes []int, prev ReminderJob) (ReminderJob, bool) {
	m := rows[0]
	var best ReminderJob
	found := false
	consider := func(occ, start time.Time, mins int) {
		j := ReminderJob{EventID: m.ID, Occ: occ.UTC(), Minutes: mins, Due: start.Add(-time.Duration(mins) * time.Minute).UTC()}
		if j.after(prev) && (!found || best.after(j)) {
			best, found = j, true
		}
	}
	if m.Rrule == "" {
		for _, mins := range minutes {
			consider(m.StartsAt, m.StartsAt, mins)
		}
		return best, found
	}
	var rids []time.Time
	for _, o := range rows[1:] {
		if o.RecurrenceID != nil {
			rids = append(rids, *o.RecurrenceID)
			for _, mins := range minutes {
				consider(*o.RecurrenceID, o.StartsAt, mins)
			}
		}
	}
	ser, err := s.seriesOf(&m, rids)
	if err != nil {
		return best, found
	}
	for _, mins := range minutes {
		// The first occurrence whose reminder is after prev's due time.
		from := prev.Due.Add(time.Duration(mins)*time.Minute - time.Second)
		if o, ok := firstStartFrom(ser, from); ok {
			consider(o.RecurrenceID, o.Start, mins)
			if o2, ok := firstStartFrom(ser, o.Start.Add(time.Second)); ok {
				consider(o2.RecurrenceID, o2.Start, mins) // when o ties with prev
			}
		}
	}
	return best, found
}

// firstStartFrom returns the series' first occurrence starting at or after
// t, looking ever further ahead.
func firstStartFrom(ser recur.Series, t time.Time) (recur.Occurrence, bool) {
	for _, ahead := range []time.Duration{48 * time.Hour, 62 * 24 * time.Hour, 800 * 24 * time.Hour, 40 * 366 * 24 * time.Hour} {
		for _, o := range ser.Between(t, t.Add(ahead), 256) {
			if !o.Start.Before(t) {
				return o, true
			}
		}
	}
	return recur.Occurrence{}, false
}

// Remind is a reminder job run: when the job still stands (the event is
// there, with that reminder, at that time) it records the reminder as
// sent, calls deliver in the same transaction and schedules the event's
// next one. It returns the delivery and whether this call made it (false:
// already sent, stale, or too late — LateReminder — which is logged).
func (s *Service) Remind(ctx context.Context, job ReminderJob, deliver func(tx pgx.Tx, d Delivery) error) (Delivery, bool, error) {
	var d Delivery
	sent := false
	err := s.store.InTx(ctx, func(q *db.Queries) error {
		rows, minutes, err := s.reminderRows(ctx, q, job.EventID)
		if err != nil || len(rows) == 0 || rows[0].ID != job.EventID || !slices.Contains(minutes, job.Minutes) {
			return err // deleted, or the reminder was changed: the write scheduled what stands
		}
		start, ok := s.occurrenceStart(rows, job.Occ)
		if !ok || !start.Add(-time.Duration(job.Minutes)*time.Minute).Equal(job.Due) {
			return nil // moved: its write scheduled the new time
		}
		now := s.now()
		next := job
		if late := now.Sub(job.Due); late > LateReminder {
			s.log.Warn("reminder skipped: due while no instance ran", "event", job.EventID, "due", job.Due, "late", late.Round(time.Second))
			next.Due, next.Occ, next.Minutes = now.Add(-LateReminder), time.Time{}, -1
		} else if d, sent, err = s.claim(ctx, q, rows, job, start); err != nil {
			return err
		}
		if sent && deliver != nil {
			tx, _ := q.Tx()
			if err := deliver(tx, d); err != nil {
				return err
			}
		}
		if j, ok := s.nextReminder(rows, minutes, next); ok && s.sched != nil {
			tx, _ := q.Tx()
			return s.sched.ScheduleTx(ctx, tx, []ReminderJob{j})
		}
		return nil
	})
	return d, sent && err == nil, err
}

// claim records a reminder as sent; false when it already was.
func (s *Service) claim(ctx context.Context, q *db.Queries, rows []db.Event, job ReminderJob, start time.Time) (Delivery, bool, error) {
	ev := rows[0]
	for _, o := range rows[1:] {
		if o.RecurrenceID != nil && o.RecurrenceID.Equal(job.Occ) {
			ev = o
		}
	}
	d := Delivery{UserID: ev.UserID, EventID: job.EventID, Occ: job.Occ, Title: ev.Title, Location: ev.Location,
		Start: start, AllDay: ev.AllDay, Due: job.Due}
	id, err := q.ClaimReminder(ctx, db.ClaimReminderParams{
		UserID: d.UserID, EventID: d.EventID, Occurrence: d.Occ, Minutes: int32(job.Minutes),
		Title: d.Title, Location: d.Location, StartsAt: d.Start, AllDay: d.AllDay, DueAt: d.Due,
	})
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return d, false, nil
	}
	d.ID = id
	return d, err == nil, err
}

// occurrenceStart is when the occurrence occ of an event starts now (an
// override's own start); false when it is gone.
func (s *Service) occurrenceStart(rows []db.Event, occ time.Time) (time.Time, bool) {
	m := rows[0]
	if m.Rrule == "" {
		return m.StartsAt, m.StartsAt.Equal(occ)
	}
	for _, o := range rows[1:] {
		if o.RecurrenceID != nil && o.RecurrenceID.Equal(occ) {
			return o.StartsAt, true
		}
	}
	ser, err := s.seriesOf(&m, nil)
	if err != nil || ser.IsException(occ) {
		return time.Time{}, false
	}
	o, ok := ser.Occurrence(occ)
	return o.Start, ok
}
