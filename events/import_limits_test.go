package events_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// limited is f's service again, with Redis for pending imports and a
// quota of maxEvents.
func (f *fixture) limited(maxEvents int) *events.Service {
	return events.New(events.Deps{Store: env.Store, Cache: f.cache, Redis: env.Redis, Zones: &calendar.Zones{},
		Now: func() time.Time { return now }, MaxUserEvents: maxEvents})
}

// icsOf is a calendar file of n single events on 2025-06-1x.
func icsOf(n int) string {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//eventcal test//EN\r\n")
	for i := range n {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:quota-%d@example.test\r\nDTSTAMP:20250101T000000Z\r\n"+
			"DTSTART:20250612T%02d0000Z\r\nDTEND:20250612T%02d3000Z\r\nSUMMARY:Imported %d\r\nEND:VEVENT\r\n", i, i%24, i%24, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.String()
}

// TestQuotaRefusesCreateAndImport: a user at the event quota can create
// no more events, and an import that would pass it stores nothing.
func TestQuotaRefusesCreateAndImport(t *testing.T) {
	f := newFixture(t)
	svc, ctx := f.limited(3), context.Background()
	for i := range 2 {
		if _, err := svc.Create(ctx, f.o, values(t, form(fmt.Sprint("Event ", i), "2025-06-12T09:00", "2025-06-12T10:00", ""))); err != nil {
			t.Fatal(err)
		}
	}
	id, err := svc.PlanFile(ctx, f.user.ID, berlin, strings.NewReader(icsOf(2)), "two.ics")
	if err != nil {
		t.Fatal(err)
	}
	var qe *events.QuotaError
	if _, _, _, err := svc.ImportPlan(ctx, f.user.ID, id); !errors.As(err, &qe) || qe.Max != 3 {
		t.Fatalf("import of 2 onto 2 of 3: %v, want a QuotaError", err)
	}
	if n := f.rows(t); n != 2 {
		t.Fatalf("%d rows after the refused import, want 2", n)
	}
	if _, err := svc.Create(ctx, f.o, values(t, form("Third", "2025-06-12T11:00", "2025-06-12T12:00", ""))); err != nil {
		t.Fatalf("third event within the quota: %v", err)
	}
	_, err = svc.Create(ctx, f.o, values(t, form("Fourth", "2025-06-12T13:00", "2025-06-12T14:00", "")))
	if !errors.As(err, &qe) || !strings.Contains(qe.Message(), "at most 3 events") {
		t.Fatalf("fourth event: %v, want a QuotaError naming 3", err)
	}
	if n := f.rows(t); n != 3 {
		t.Fatalf("%d rows, want 3", n)
	}
}

// TestOneImportAtATime: while one upload of a user is read, a second one
// is refused at once with ErrImportBusy; afterwards imports work again.
func TestOneImportAtATime(t *testing.T) {
	f := newFixture(t)
	svc, ctx := f.limited(0), context.Background()
	pr, pw := io.Pipe()
	first := make(chan error, 1)
	go func() {
		_, err := svc.PlanFile(ctx, f.user.ID, berlin, pr, "slow.ics")
		first <- err
	}()
	if _, err := pw.Write([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")); err != nil { // the first upload has the lock now
		t.Fatal(err)
	}
	if _, err := svc.PlanFile(ctx, f.user.ID, berlin, strings.NewReader(icsOf(1)), "second.ics"); !errors.Is(err, events.ErrImportBusy) {
		t.Fatalf("second upload during the first: %v, want ErrImportBusy", err)
	}
	if _, _, _, err := svc.ImportPlan(ctx, f.user.ID, strings.Repeat("a", 32)); !errors.Is(err, events.ErrImportBusy) {
		t.Fatalf("import during an upload: %v, want ErrImportBusy", err)
	}
	other := newUser(t, "Europe/Berlin")
	if _, err := svc.PlanFile(ctx, other.ID, berlin, strings.NewReader(icsOf(1)), "other.ics"); err != nil {
		t.Fatalf("another user's upload meanwhile: %v", err)
	}
	pw.Write([]byte("PRODID:-//x//EN\r\nEND:VCALENDAR\r\n"))
	pw.Close()
	if err := <-first; err != nil {
		t.Fatalf("first upload: %v", err)
	}
	if _, err := svc.PlanFile(ctx, f.user.ID, berlin, strings.NewReader(icsOf(1)), "again.ics"); err != nil {
		t.Fatalf("upload after the first finished: %v", err)
	}
}

// TestPendingPlansBounded: a user keeps at most MaxPendingPlans parsed
// files; a further upload drops the oldest.
func TestPendingPlansBounded(t *testing.T) {
	f := newFixture(t)
	svc, ctx := f.limited(0), context.Background()
	var ids []string
	for i := range events.MaxPendingPlans + 2 {
		id, err := svc.PlanFile(ctx, f.user.ID, berlin, strings.NewReader(icsOf(1)), fmt.Sprintf("f%d.ics", i))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	for i, id := range ids {
		_, ok, err := svc.Plan(ctx, f.user.ID, id)
		if err != nil {
			t.Fatal(err)
		}
		if want := i >= len(ids)-events.MaxPendingPlans; ok != want {
			t.Errorf("plan %d kept = %v, want %v", i, ok, want)
		}
	}
	if n := env.Redis.ZCard(ctx, f.cache.ImportPendingKey(f.user.ID)).Val(); n != events.MaxPendingPlans {
		t.Errorf("%d pending ids tracked, want %d", n, events.MaxPendingPlans)
	}
}
