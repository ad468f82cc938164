package reminders

import (
	"context"
	"time"

	"github.com/riverqueue/river"

	"github.com/eventcal/eventcal/events"
)

// pruneArgs is the daily housekeeping job: CalDAV changes older than
// events.DavChangesKept are pruned. River runs it on one instance (its
// leader), at start and every day.
type pruneArgs struct{}

func (pruneArgs) Kind() string { return "dav_prune" }

type pruneWorker struct {
	river.WorkerDefaults[pruneArgs]
	q *Queue
}

// Work prunes the old changes.
func (w *pruneWorker) Work(ctx context.Context, _ *river.Job[pruneArgs]) error {
	n, err := w.q.events.PruneDavChanges(ctx, time.Now().Add(-events.DavChangesKept))
	if err == nil && n > 0 {
		w.q.log.Info("CalDAV changes pruned", "rows", n)
	}
	return err
}

// periodicJobs are the jobs River inserts on a schedule.
func periodicJobs() []*river.PeriodicJob {
	return []*river.PeriodicJob{river.NewPeriodicJob(river.PeriodicInterval(24*time.Hour),
		func() (river.JobArgs, *river.InsertOpts) { return pruneArgs{}, nil },
		&river.PeriodicJobOpts{RunOnStart: true})}
}
