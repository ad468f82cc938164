package dav_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/events"
)

// TestPrunedChangesAskForAFreshSync: changes older than the retention are
// pruned; a client whose token predates them is told to sync afresh
// (valid-sync-token), the newest token still works, and a fresh sync
// lists everything.
func TestPrunedChangesAskForAFreshSync(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "pru", "UTC")
	col := firstCalendar(t, s.client(t, ann), ann)
	ctx := context.Background()
	web := service()
	owner := events.Owner{ID: ann.ID, Loc: time.UTC, TZName: "UTC"}
	add := func(title string) {
		start := time.Date(2026, 12, 14, 9, 0, 0, 0, time.UTC)
		if _, err := web.Create(ctx, owner, events.Values{Title: title, Start: start, End: start.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	add("Zero")
	tok0, _ := s.sync(t, ann, col, "")
	add("One")
	add("Two")
	tok1, _ := s.sync(t, ann, col, tok0)

	if _, err := env.Pool.Exec(ctx, `UPDATE dav_changes SET at = now() - interval '31 days'
		WHERE calendar_id IN (SELECT id FROM calendars WHERE owner_id = $1)`, ann.ID); err != nil {
		t.Fatal(err)
	}
	n, err := web.PruneDavChanges(ctx, time.Now().Add(-events.DavChangesKept))
	if err != nil || n < 1 {
		t.Fatalf("pruned %d (%v)", n, err)
	}
	var left int
	_ = env.Pool.QueryRow(ctx, `SELECT count(*) FROM dav_changes WHERE calendar_id IN (SELECT id FROM calendars WHERE owner_id = $1)`, ann.ID).Scan(&left)
	if left != 1 {
		t.Fatalf("%d changes kept, want the newest only", left)
	}

	body := `<d:sync-collection xmlns:d="DAV:"><d:sync-token>` + tok0 + `</d:sync-token><d:sync-level>1</d:sync-level><d:prop/></d:sync-collection>`
	if code, _, b := s.do(t, ann, "REPORT", col, body); code != http.StatusForbidden || !strings.Contains(b, "valid-sync-token") {
		t.Fatalf("a token from before the pruned changes: %d %s", code, b)
	}
	if tok, b := s.sync(t, ann, col, tok1); tok != tok1 || strings.Contains(b, "<d:response>") {
		t.Fatalf("the newest token (%s → %s): %s", tok1, tok, b)
	}
	if _, b := s.sync(t, ann, col, ""); strings.Count(b, "<d:response>") != 3 {
		t.Fatalf("a fresh sync: %s", b)
	}
	add("Three")
	if _, b := s.sync(t, ann, col, tok1); strings.Count(b, "<d:response>") != 1 {
		t.Fatalf("a change after pruning: %s", b)
	}
}
