package handlers

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/reminders"
)

// riverJob stores a River job as River would (River's tables come with
// reminders.Migrate, not goose's migrations).
func riverJob(t *testing.T, kind, state, args, errText string) {
	t.Helper()
	ctx := context.Background()
	if _, err := reminders.Migrate(ctx, env.Pool); err != nil {
		t.Fatal(err)
	}
	_, err := env.Pool.Exec(ctx, `INSERT INTO river_job (kind, state, args, attempt, max_attempts, scheduled_at, finalized_at, errors)
		VALUES ($1, $2::text::river_job_state, $3::jsonb, CASE WHEN $4::text = '' THEN 0 ELSE 3 END, 10,
		        timestamptz '2030-01-02 03:04:05+00',
		        CASE WHEN $2 IN ('completed', 'cancelled', 'discarded') THEN timestamptz '2030-01-01 00:00:00+00' END,
		        CASE WHEN $4 = '' THEN NULL ELSE ARRAY[jsonb_build_object('at', now(), 'attempt', 3, 'error', $4::text)] END)`,
		kind, state, args, errText)
	if err != nil {
		t.Fatal(err)
	}
}

func TestAdminQueue(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	riverJob(t, "reminder", "scheduled", `{"event_id": 41, "minutes": 10}`, "")
	riverJob(t, "reminder", "completed", `{"event_id": 40, "minutes": 5}`, "")
	riverJob(t, "reminder_email", "discarded", `{"delivery_id": 7}`, "smtp: 550 <mailbox> unavailable")
	riverJob(t, "reminder_email", "retryable", `{"delivery_id": 8}`, "dial tcp: connection refused")
	riverJob(t, "someone_elses", "scheduled", `{"x": 1}`, "")

	r := ac.get("/admin/queue")
	admWant(t, "queue", r, http.StatusOK, `<a href="/admin/queue" aria-current="page">Queue</a>`, "<h1>Reminder queue</h1>",
		`<th scope="col" class="num">available</th><th scope="col" class="num">scheduled</th>`,
		`<th scope="row">reminder</th><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">0</td>`,
		`<th scope="row">reminder_email</th><td class="num">0</td><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">1</td>`,
		`<time datetime="2030-01-02T03:04:05Z">2 Jan 2030 03:04:05</time>`, `{&#34;minutes&#34;: 10, &#34;event_id&#34;: 41}`,
		"smtp: 550 &lt;mailbox&gt; unavailable", "dial tcp: connection refused", "3 of 10")
	if strings.Contains(r.Body, "someone_elses") {
		t.Error("the queue page lists jobs of other kinds")
	}
	admAccessible(t, "queue", r.Body)
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control %q", cc)
	}
	next, failed := r.Body[strings.Index(r.Body, "Next to run"):strings.Index(r.Body, "Latest failures")], r.Body[strings.Index(r.Body, "Latest failures"):]
	if !strings.Contains(next, "&#34;event_id&#34;: 41") || strings.Contains(next, "&#34;event_id&#34;: 40") || !strings.Contains(next, "delivery_id&#34;: 8") {
		t.Errorf("next to run: %s", next)
	}
	if !strings.Contains(failed, "delivery_id&#34;: 7") || strings.Contains(failed, "event_id") {
		t.Errorf("latest failures: %s", failed)
	}

	uc, _ := admUser(t, ts, "_u", "UTC", false)
	if r := uc.get("/admin/queue"); r.StatusCode != http.StatusForbidden {
		t.Errorf("non-admin: %d, want 403", r.StatusCode)
	}
}
