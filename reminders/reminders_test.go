package reminders_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/live"
	"github.com/eventcal/eventcal/reminders"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// instance is one app instance's reminder machinery: events service,
// live hub and queue (workers started unless told otherwise).
type instance struct {
	events *events.Service
	hub    *live.Hub
	queue  *reminders.Queue
}

func newInstance(t *testing.T, smtpAddr string, start bool) *instance {
	t.Helper()
	ctx := context.Background()
	if _, err := reminders.Migrate(ctx, env.Pool); err != nil {
		t.Fatal(err)
	}
	var w io.Writer = io.Discard
	if os.Getenv("REMINDERS_LOG") != "" {
		w = os.Stderr
	}
	log := slog.New(slog.NewTextHandler(w, nil))
	cfg := reminders.Config{MailFrom: "eventcal <reminders@example.org>", BaseURL: "https://cal.example.org"}
	if smtpAddr != "" {
		cfg.SMTPURL = "smtp://" + smtpAddr
	}
	q, err := reminders.New(env.Pool, cfg, log)
	if err != nil {
		t.Fatal(err)
	}
	hub := live.New(env.Redis, live.Config{Prefix: env.Prefix, MaxStreams: 10}, log, nil)
	hctx, cancel := context.WithCancel(ctx)
	go hub.Run(hctx)
	c := cache.New(env.Redis, cache.Config{Prefix: env.Prefix, Enabled: true}, log, nil)
	ev := events.New(events.Deps{Store: env.Store, Cache: c, Redis: env.Redis, Log: log, Live: hub, Reminders: q})
	q.Attach(ev, hub)
	inst := &instance{events: ev, hub: hub, queue: q}
	if start {
		inst.start(t)
	}
	t.Cleanup(cancel)
	return inst
}

func (in *instance) start(t *testing.T) {
	t.Helper()
	if err := in.queue.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = in.queue.Stop(ctx)
	})
}

func newUser(t *testing.T, name, email, tz string) db.User {
	t.Helper()
	u, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name, Email: email, PasswordHash: "x", Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// deliveries counts the sent reminders of an event.
func deliveries(t *testing.T, eventID int64) int {
	t.Helper()
	var n int
	if err := env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM reminder_deliveries WHERE event_id = $1`, eventID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitUntil polls f for up to d.
func waitUntil(d time.Duration, f func() bool) bool {
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		if f() {
			return true
		}
	}
	return f()
}

func TestReminderSentOnceByTwoInstances(t *testing.T) {
	mail := startSink(t, 1) // the first attempt fails for a while: retried, sent once
	a, b := newInstance(t, mail.addr, true), newInstance(t, mail.addr, true)
	u := newUser(t, "remi", "remi@example.org", "Europe/Berlin")
	st, err := b.hub.Open(u.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := &testsupport.LogBuffer{}
	go b.hub.Serve(bufioWriter(out), nil, st, time.Hour)

	start := time.Now().Add(time.Minute + 4*time.Second).Truncate(time.Second)
	ev, err := a.events.Create(context.Background(), events.Owner{ID: u.ID, Loc: time.UTC, TZName: "UTC"}, events.Values{
		Title: "Standup", Location: "Room 4", Start: start, End: start.Add(15 * time.Minute), Reminders: []int{1},
	})
	if err != nil {
		t.Fatal(err)
	}
	if !waitUntil(20*time.Second, func() bool { return len(mail.messages()) > 0 }) {
		t.Fatalf("no email; %d deliveries", deliveries(t, ev.ID))
	}
	time.Sleep(2 * time.Second) // room for a second one, which must not come
	if n := deliveries(t, ev.ID); n != 1 {
		t.Fatalf("%d deliveries", n)
	}
	msgs := mail.messages()
	if len(msgs) != 1 || msgs[0].to[0] != "remi@example.org" || !strings.Contains(msgs[0].data, "Standup") ||
		!strings.Contains(msgs[0].data, "Room 4") || !strings.Contains(msgs[0].data, "Europe/Berlin") ||
		!strings.Contains(msgs[0].data, "text/html") || !strings.Contains(msgs[0].data, "https://cal.example.org/events/") {
		t.Fatalf("emails: %+v", msgs)
	}
	if got := out.String(); strings.Count(got, "event: reminder") != 1 || !strings.Contains(got, `"title":"Standup"`) {
		t.Fatalf("page notifications: %q", got)
	}
}

func TestEditMovesAndDeleteCancels(t *testing.T) {
	a := newInstance(t, "", true)
	u := newUser(t, "edda", "", "UTC")
	ctx := context.Background()
	owner := events.Owner{ID: u.ID, Loc: time.UTC, TZName: "UTC"}
	start := time.Now().Add(time.Minute + 3*time.Second).Truncate(time.Second)
	vals := events.Values{Title: "Moves", Start: start, End: start.Add(time.Hour), Reminders: []int{1}}
	moved, err := a.events.Create(ctx, owner, vals)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := a.events.Create(ctx, owner, vals)
	if err != nil {
		t.Fatal(err)
	}
	later := vals
	later.Start, later.End = start.Add(24*time.Hour), start.Add(25*time.Hour)
	if _, err := a.events.Update(ctx, owner, events.Ref{ID: moved.ID}, later); err != nil {
		t.Fatal(err)
	}
	if err := a.events.Delete(ctx, owner, events.Ref{ID: gone.ID}); err != nil {
		t.Fatal(err)
	}
	kept, err := a.events.Create(ctx, owner, vals) // the control: it is sent
	if err != nil {
		t.Fatal(err)
	}
	if !waitUntil(20*time.Second, func() bool { return deliveries(t, kept.ID) == 1 }) {
		t.Fatal("the unchanged event's reminder was not sent")
	}
	time.Sleep(time.Second)
	if deliveries(t, moved.ID) != 0 || deliveries(t, gone.ID) != 0 {
		t.Fatalf("moved %d, deleted %d deliveries", deliveries(t, moved.ID), deliveries(t, gone.ID))
	}
	var due time.Time
	err = env.Pool.QueryRow(ctx, `SELECT scheduled_at FROM river_job WHERE kind = 'reminder' AND (args->>'event_id')::bigint = $1 AND state = 'scheduled'`, moved.ID).Scan(&due)
	if err != nil || !due.Equal(later.Start.Add(-time.Minute)) {
		t.Fatalf("the moved event's job is due %v (%v), want %v", due, err, later.Start.Add(-time.Minute))
	}
}

func TestDownInstanceSendsLateReminderWithinTheHour(t *testing.T) {
	a := newInstance(t, "", false) // no instance runs workers yet
	u := newUser(t, "lola", "", "UTC")
	ctx := context.Background()
	owner := events.Owner{ID: u.ID, Loc: time.UTC, TZName: "UTC"}
	start := time.Now().Add(time.Minute + time.Second).Truncate(time.Second)
	soon, err := a.events.Create(ctx, owner, events.Values{Title: "Soon", Start: start, End: start.Add(time.Hour), Reminders: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	// One that fell due two hours ago while nothing ran.
	old := time.Now().Add(-2 * time.Hour).Truncate(time.Second)
	stale, err := a.events.Create(ctx, owner, events.Values{Title: "Stale", Start: old.Add(time.Minute), End: old.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Pool.Exec(ctx, `INSERT INTO event_reminders (event_id, minutes) VALUES ($1, 1)`, stale.ID); err != nil {
		t.Fatal(err)
	}
	err = pgx.BeginFunc(ctx, env.Pool, func(tx pgx.Tx) error {
		return a.queue.ScheduleTx(ctx, tx, []events.ReminderJob{{EventID: stale.ID, Occ: old.Add(time.Minute).UTC(), Minutes: 1, Due: old.UTC()}})
	})
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second) // past due, nobody running
	a.start(t)
	if !waitUntil(15*time.Second, func() bool { return deliveries(t, soon.ID) == 1 }) {
		t.Fatal("the reminder that fell due while down was not sent on start")
	}
	if n := deliveries(t, stale.ID); n != 0 {
		t.Fatalf("a reminder two hours late was sent (%d)", n)
	}
}

// TestHousekeepingPrunesOnStart: the daily CalDAV prune runs when the
// workers start (and then every day).
func TestHousekeepingPrunesOnStart(t *testing.T) {
	newInstance(t, "", true)
	ok := waitUntil(20*time.Second, func() bool {
		var n int
		_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM river_job WHERE kind = 'dav_prune' AND state = 'completed'`).Scan(&n)
		return n > 0
	})
	if !ok {
		t.Fatal("no dav_prune job completed")
	}
}
