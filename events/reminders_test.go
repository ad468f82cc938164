package events_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// queue keeps the reminder jobs the service schedules (the events side of
// package reminders' River queue).
type queue struct {
	mu   sync.Mutex
	jobs []events.ReminderJob
}

func (q *queue) ScheduleTx(_ context.Context, _ pgx.Tx, jobs []events.ReminderJob) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.jobs = append(q.jobs, jobs...)
	return nil
}

func (q *queue) last(t *testing.T) events.ReminderJob {
	t.Helper()
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.jobs) == 0 {
		t.Fatal("no reminder scheduled")
	}
	return q.jobs[len(q.jobs)-1]
}

// reminderFixture is a service whose clock the test moves, scheduling
// into a queue.
type reminderFixture struct {
	svc   *events.Service
	q     *queue
	clock time.Time
	o     events.Owner
}

func newReminderFixture(t *testing.T, tz string, at time.Time) *reminderFixture {
	t.Helper()
	f := &reminderFixture{q: &queue{}, clock: at}
	c := cache.New(env.Redis, cache.Config{TTL: time.Minute, Prefix: env.Prefix + "rem_" + t.Name() + ":", Enabled: true}, nil, prometheus.NewRegistry())
	zones := &calendar.Zones{}
	f.svc = events.New(events.Deps{Store: env.Store, Cache: c, Zones: zones, Now: func() time.Time { return f.clock }, Reminders: f.q})
	f.o = ownerOf(newUser(t, tz), zones)
	return f
}

// run sends job at its due time and returns the next one scheduled.
func (f *reminderFixture) run(t *testing.T, job events.ReminderJob) events.ReminderJob {
	t.Helper()
	f.clock = job.Due
	before := len(f.q.jobs)
	if _, sent, err := f.svc.Remind(context.Background(), job, nil); err != nil || !sent {
		t.Fatalf("Remind(%+v): sent %v, %v", job, sent, err)
	}
	if _, again, _ := f.svc.Remind(context.Background(), job, nil); again {
		t.Fatalf("sent twice: %+v", job)
	}
	if len(f.q.jobs) == before {
		t.Fatalf("nothing scheduled after %+v", job)
	}
	return f.q.last(t)
}

func (f *reminderFixture) create(t *testing.T, in events.Input, loc *time.Location) int64 {
	t.Helper()
	in.RemindersSet = true
	v, errs := in.Validate(loc)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	ev, err := f.svc.Create(context.Background(), f.o, v)
	if err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

func mustDue(t *testing.T, got events.ReminderJob, want time.Time, minutes int) {
	t.Helper()
	if !got.Due.Equal(want) || got.Minutes != minutes {
		t.Fatalf("due %v (%d min), want %v (%d min)", got.Due, got.Minutes, want.UTC(), minutes)
	}
}

func TestSeriesRemindsEveryOccurrenceAcrossDST(t *testing.T) {
	f := newReminderFixture(t, "Europe/Berlin", time.Date(2026, 3, 20, 12, 0, 0, 0, time.UTC))
	in := events.Input{Title: "Weekly", Start: "2026-03-23T09:00", End: "2026-03-23T09:30", Rrule: "FREQ=WEEKLY", RruleSet: true, Reminders: []string{"10"}}
	f.create(t, in, berlin)
	first := f.q.last(t)
	mustDue(t, first, time.Date(2026, 3, 23, 7, 50, 0, 0, time.UTC), 10) // 08:50 CET
	second := f.run(t, first)
	mustDue(t, second, time.Date(2026, 3, 30, 6, 50, 0, 0, time.UTC), 10) // 08:50 CEST, after the change
}

func TestAllDayRemindsBeforeMidnightInTheUsersZone(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	f := newReminderFixture(t, "America/New_York", time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC))
	in := events.Input{Title: "Fourth", Start: "2026-07-04", End: "2026-07-04", AllDay: true, Reminders: []string{"60", "1440"}}
	f.create(t, in, ny)
	first := f.q.last(t)
	mustDue(t, first, time.Date(2026, 7, 3, 4, 0, 0, 0, time.UTC), 1440) // 00:00 EDT the day before
	next := f.run(t, first)
	mustDue(t, next, time.Date(2026, 7, 4, 3, 0, 0, 0, time.UTC), 60) // 23:00 EDT on the 3rd
}

func TestMovedAndCancelledOccurrences(t *testing.T) {
	f := newReminderFixture(t, "Europe/Berlin", time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	in := events.Input{Title: "Daily", Start: "2026-05-04T09:00", End: "2026-05-04T10:00", Rrule: "FREQ=DAILY;COUNT=4", RruleSet: true, Reminders: []string{"15"}}
	id := f.create(t, in, berlin)
	ctx := context.Background()
	// The second occurrence moves to 11:00, the third is cancelled.
	moved := events.Input{Title: "Daily (late)", Start: "2026-05-05T11:00", End: "2026-05-05T12:00"}
	v, _ := moved.Validate(berlin)
	if _, err := f.svc.Update(ctx, f.o, events.Ref{ID: id, Occ: events.FormatOcc(time.Date(2026, 5, 5, 7, 0, 0, 0, time.UTC)), Scope: events.ScopeThis}, v); err != nil {
		t.Fatal(err)
	}
	if err := f.svc.Delete(ctx, f.o, events.Ref{ID: id, Occ: events.FormatOcc(time.Date(2026, 5, 6, 7, 0, 0, 0, time.UTC)), Scope: events.ScopeThis}); err != nil {
		t.Fatal(err)
	}
	job := f.q.last(t)
	mustDue(t, job, time.Date(2026, 5, 4, 6, 45, 0, 0, time.UTC), 15)
	job = f.run(t, job)
	mustDue(t, job, time.Date(2026, 5, 5, 8, 45, 0, 0, time.UTC), 15) // the moved one, at its own time
	job = f.run(t, job)
	mustDue(t, job, time.Date(2026, 5, 7, 6, 45, 0, 0, time.UTC), 15) // the 6th is cancelled
	f.clock = job.Due
	if _, sent, err := f.svc.Remind(ctx, job, nil); err != nil || !sent {
		t.Fatalf("last: %v %v", sent, err)
	}
	if n := len(f.q.jobs); f.q.last(t) != job {
		t.Fatalf("a job after the series' last occurrence (%d jobs): %+v", n, f.q.last(t))
	}
}

func TestStaleJobsSendNothing(t *testing.T) {
	f := newReminderFixture(t, "Europe/Berlin", time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
	in := events.Input{Title: "Once", Start: "2026-05-04T09:00", End: "2026-05-04T10:00", Reminders: []string{"30"}}
	id := f.create(t, in, berlin)
	old := f.q.last(t)
	later := events.Input{Title: "Once", Start: "2026-05-04T15:00", End: "2026-05-04T16:00", Reminders: []string{"30"}, RemindersSet: true}
	v, _ := later.Validate(berlin)
	if _, err := f.svc.Update(context.Background(), f.o, events.Ref{ID: id}, v); err != nil {
		t.Fatal(err)
	}
	mustDue(t, f.q.last(t), time.Date(2026, 5, 4, 12, 30, 0, 0, time.UTC), 30)
	f.clock = old.Due
	if _, sent, err := f.svc.Remind(context.Background(), old, nil); err != nil || sent {
		t.Fatalf("the job from before the move: sent %v, %v", sent, err)
	}
}
