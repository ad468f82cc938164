package views

import "strconv"

// AdminQueuePage shows the reminder queue (River's jobs): how many jobs
// of each kind are in each state, the next ones to run and the latest
// failures.
type AdminQueuePage struct {
	Counts []AdminQueueCount // one per kind
	Next   []AdminQueueJob   // soonest first
	Failed []AdminQueueJob   // latest first
}

// AdminQueueStates are the job states the counts table shows, in order.
func AdminQueueStates() []string {
	return []string{"available", "scheduled", "running", "retryable", "completed", "cancelled", "discarded"}
}

// AdminQueueCount is one job kind's counts, in AdminQueueStates' order.
type AdminQueueCount struct {
	Kind   string
	States []int64
}

// AdminQueueJob is one job as listed.
type AdminQueueJob struct {
	ID      int64
	Kind    string
	State   string
	When    string // scheduled, or failed, in the viewer's zone
	WhenISO string
	Attempt string // "1 of 10"
	Args    string // the arguments, shortened
	Error   string // the last error (failures)
}

func (j AdminQueueJob) id() string { return strconv.FormatInt(j.ID, 10) }

func jobCount(n int64) string { return strconv.FormatInt(n, 10) }
