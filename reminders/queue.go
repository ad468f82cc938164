// Package reminders sends reminders: durable jobs in Postgres (River),
// run by any number of instances. A write of the events service queues
// the next due reminder of each event it touched, in its own transaction;
// the job, when due, records the reminder as sent (once per reminder and
// occurrence, whatever instance runs it), tells the user's open pages
// through the live stream, queues the email, and queues the event's next
// reminder — all in one transaction.
package reminders

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/live"
)

// Config configures the queue.
type Config struct {
	SMTPURL  string // "" = no email (each one that would go is logged)
	MailFrom string
	BaseURL  string // links in emails
	Workers  int    // jobs run at once on this instance (10 when 0)
}

// Queue schedules and runs reminder jobs.
type Queue struct {
	client *river.Client[pgx.Tx]
	log    *slog.Logger
	mail   *mailer

	events *events.Service // set by Attach
	live   *live.Hub
}

// Migrate applies River's migrations (its own tables, beside goose's),
// one instance at a time.
func Migrate(ctx context.Context, pool *pgxpool.Pool) (int, error) {
	m, err := rivermigrate.New(riverpgxv5.New(pool), nil)
	if err != nil {
		return 0, err
	}
	conn, err := pool.Acquire(ctx) // holds the lock while the migrations run
	if err != nil {
		return 0, err
	}
	defer conn.Release()
	const lock = "SELECT pg_advisory_lock(hashtext('eventcal river migrations'))"
	if _, err := conn.Exec(ctx, lock); err != nil {
		return 0, err
	}
	defer conn.Exec(context.WithoutCancel(ctx), "SELECT pg_advisory_unlock(hashtext('eventcal river migrations'))")
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return 0, fmt.Errorf("river migrations: %w", err)
	}
	return len(res.Versions), nil
}

// New builds the queue over pool; Attach gives it the services its jobs
// use, Start runs its workers.
func New(pool *pgxpool.Pool, cfg Config, log *slog.Logger) (*Queue, error) {
	q := &Queue{log: log}
	m, err := newMailer(cfg, log)
	if err != nil {
		return nil, err
	}
	q.mail = m
	workers := river.NewWorkers()
	river.AddWorker(workers, &reminderWorker{q: q})
	river.AddWorker(workers, &emailWorker{q: q})
	river.AddWorker(workers, &pruneWorker{q: q})
	n := cfg.Workers
	if n <= 0 {
		n = 10
	}
	q.client, err = river.NewClient(riverpgxv5.New(pool), &river.Config{
		Queues:            map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: n}},
		Workers:           workers,
		Logger:            log,
		FetchPollInterval: 500 * time.Millisecond,
		JobTimeout:        30 * time.Second,
		MaxAttempts:       10,
		PeriodicJobs:      periodicJobs(),
	})
	return q, err
}

// Attach gives the jobs the events service and the live-update hub.
func (q *Queue) Attach(ev *events.Service, hub *live.Hub) { q.events, q.live = ev, hub }

// Start runs this instance's workers until Stop.
func (q *Queue) Start(ctx context.Context) error {
	if q.events == nil {
		return errors.New("reminders: Start before Attach")
	}
	return q.client.Start(ctx)
}

// Stop lets running jobs finish (within ctx) and stops the workers.
func (q *Queue) Stop(ctx context.Context) error { return q.client.Stop(ctx) }

// ScheduleTx queues jobs in tx (events.Scheduler). The same job queued
// twice is one job.
func (q *Queue) ScheduleTx(ctx context.Context, tx pgx.Tx, jobs []events.ReminderJob) error {
	for _, j := range jobs {
		_, err := q.client.InsertTx(ctx, tx, reminderArgs(j), &river.InsertOpts{
			ScheduledAt: j.Due,
			UniqueOpts:  river.UniqueOpts{ByArgs: true},
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// reminderArgs is a reminder job.
type reminderArgs events.ReminderJob

func (reminderArgs) Kind() string { return "reminder" }

// Kinds are the kinds of River jobs that reminders are (the admin queue
// page shows them).
func Kinds() []string { return []string{reminderArgs{}.Kind(), emailArgs{}.Kind()} }

// reminderWorker runs reminder jobs.
type reminderWorker struct {
	river.WorkerDefaults[reminderArgs]
	q *Queue
}

// Work sends one reminder: the record, the page notification, the email.
func (w *reminderWorker) Work(ctx context.Context, job *river.Job[reminderArgs]) error {
	q := w.q
	d, sent, err := q.events.Remind(ctx, events.ReminderJob(job.Args), func(tx pgx.Tx, d events.Delivery) error {
		if !q.mail.enabled() {
			return nil
		}
		_, err := q.client.InsertTx(ctx, tx, emailArgs{DeliveryID: d.ID}, &river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}})
		return err
	})
	if err != nil || !sent {
		return err
	}
	q.live.Publish(ctx, live.KindReminder, []int64{d.UserID}, map[string]any{
		"id": d.ID, "event": d.EventID, "title": d.Title, "location": d.Location,
		"start": d.Start.UTC().Format(time.RFC3339), "all_day": d.AllDay,
	})
	if !q.mail.enabled() {
		q.log.Info("reminder email not sent: SMTP_URL is not set", "user", d.UserID, "event", d.EventID, "title", d.Title)
	}
	return nil
}
