package handlers

import (
	"slices"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/reminders"
	"github.com/eventcal/eventcal/views"
)

// adminQueueRows is how many jobs each list of the queue page shows.
const adminQueueRows = 20

// adminQueue shows the reminder queue (River's jobs of the reminder
// kinds): counts by state, the next jobs to run and the latest failures
// with their last error.
func (h *Handler) adminQueue(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	kinds := reminders.Kinds()
	counts, err := h.store.AdminQueueCounts(ctx, kinds)
	if err != nil {
		return err
	}
	next, err := h.store.AdminQueueNext(ctx, db.AdminQueueNextParams{Kinds: kinds, MaxRows: adminQueueRows})
	if err != nil {
		return err
	}
	failed, err := h.store.AdminQueueFailed(ctx, db.AdminQueueFailedParams{Kinds: kinds, MaxRows: adminQueueRows})
	if err != nil {
		return err
	}
	p := views.AdminQueuePage{Counts: adminQueueCounts(kinds, counts)}
	for _, j := range next {
		p.Next = append(p.Next, adminQueueJob(j.ID, j.Kind, j.State, j.ScheduledAt, j.Attempt, j.MaxAttempts, j.Args, v))
	}
	for _, j := range failed {
		row := adminQueueJob(j.ID, j.Kind, j.State, j.FailedAt, j.Attempt, j.MaxAttempts, j.Args, v)
		row.Error = adminClip(j.LastError, 300)
		p.Failed = append(p.Failed, row)
	}
	return h.render(c, fiber.StatusOK, page{Title: "Queue · Admin", Nav: "admin", Content: views.AdminQueueContent(p)})
}

// adminQueueCounts arranges the counts by kind, in the page's state order
// (zero where no job is).
func adminQueueCounts(kinds []string, rows []db.AdminQueueCountsRow) []views.AdminQueueCount {
	states := views.AdminQueueStates()
	out := make([]views.AdminQueueCount, len(kinds))
	for i, k := range kinds {
		out[i] = views.AdminQueueCount{Kind: k, States: make([]int64, len(states))}
	}
	for _, r := range rows {
		k, s := slices.Index(kinds, r.Kind), slices.Index(states, r.State)
		if k >= 0 && s >= 0 {
			out[k].States[s] = r.Jobs
		}
	}
	return out
}

// adminQueueJob is one job as listed, its time as v reads it.
func adminQueueJob(id int64, kind, state string, when time.Time, attempt, maxAttempts int16, args string, v *Viewer) views.AdminQueueJob {
	return views.AdminQueueJob{
		ID:      id,
		Kind:    kind,
		State:   state,
		When:    adminLogTime(when, v),
		WhenISO: adminISO(when),
		Attempt: strconv.Itoa(int(attempt)) + " of " + strconv.Itoa(int(maxAttempts)),
		Args:    adminClip(args, 200),
	}
}
