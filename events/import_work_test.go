package events_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/ical"
)

// complexRulesFile is an .ics file of n series with costly rules: each the
// last weekday of some month days, 1000 times.
func complexRulesFile(n int) []byte {
	var b bytes.Buffer
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//eventcal test//EN\r\n")
	for i := range n {
		fmt.Fprintf(&b, "BEGIN:VEVENT\r\nUID:costly-%d@example.test\r\nDTSTAMP:20250101T000000Z\r\n"+
			"DTSTART:20250106T%02d0000Z\r\nDTEND:20250106T%02d3000Z\r\nSUMMARY:Costly %d\r\n"+
			"RRULE:FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYMONTHDAY=1,2,3,4,5,6,7,8,9,10,11,12,13,14,28,29,30,31;BYSETPOS=-1;COUNT=1000\r\n"+
			"END:VEVENT\r\n", i, i%24, i%24, i)
	}
	b.WriteString("END:VCALENDAR\r\n")
	return b.Bytes()
}

// planFile decodes and plans an import file as the upload does.
func planFile(tb testing.TB, file []byte) events.Plan {
	tb.Helper()
	res, err := ical.Decode(bytes.NewReader(file), ical.DecodeOptions{Loc: time.UTC, MaxBytes: ical.DefaultMaxBytes})
	if err != nil {
		tb.Fatal(err)
	}
	return events.PlanOf(res, "costly.ics")
}

// TestPlanBoundsRuleWork: a file whose rules would need millions of
// occurrences computed is planned within the budget; the series past it
// are listed as skipped, naming the limit.
func TestPlanBoundsRuleWork(t *testing.T) {
	file := complexRulesFile(10_000)
	if len(file) < 2<<20 || len(file) > ical.DefaultMaxBytes {
		t.Fatalf("the file is %d bytes, want about 2 MB", len(file))
	}
	plan := planFile(t, file)
	if n := len(plan.Events); n == 0 || n > events.ImportOccurrenceBudget/1000 {
		t.Fatalf("%d series planned, want 1..%d", n, events.ImportOccurrenceBudget/1000)
	}
	if len(plan.Events)+len(plan.Skipped) != 10_000 {
		t.Fatalf("%d planned + %d skipped, want 10000", len(plan.Events), len(plan.Skipped))
	}
	if r := plan.Skipped[0].Reason; !strings.Contains(r, "200 000") {
		t.Fatalf("skip reason %q does not name the limit", r)
	}
	for _, e := range plan.Events {
		if e.UntilAt == nil {
			t.Fatalf("planned series %q has no end", e.Title)
		}
	}
}

// BenchmarkPlanCostlyRules is the CPU an upload of 10 000 costly series
// (2 MB) costs: decode and plan, within the occurrence budget.
func BenchmarkPlanCostlyRules(b *testing.B) {
	file := complexRulesFile(10_000)
	b.SetBytes(int64(len(file)))
	for b.Loop() {
		planFile(b, file)
	}
}
