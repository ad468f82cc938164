package main

import (
	"strings"
	"testing"
)

// TestProfileBreakdown reads cumulative shares from `go tool pprof -top
// -cum` and sums the parts marked as eventcal's own code.
func TestProfileBreakdown(t *testing.T) {
	top := `Showing nodes accounting for 1.2s, 60% of 2s total
      flat  flat%   sum%        cum   cum%
         0     0%     0%      1.80s 90.00%  github.com/valyala/fasthttp.(*Server).serveConn
     0.01s  0.50%  0.50%      0.30s 15.00%  github.com/eventcal/eventcal/views.NewCalendarView
     0.02s  1.00%  1.50%      0.12s  6.25%  github.com/eventcal/eventcal/handlers.(*Handler).render
     0.02s  1.00%  1.50%      0.04s  2.00%  github.com/eventcal/eventcal/views.appendMonthGrid
`
	parts := []profPart{
		{"all", "github.com/valyala/fasthttp.(*Server).serveConn", "all", false},
		{"model", "github.com/eventcal/eventcal/views.NewCalendarView", "eventcal", true},
		{"rendering", "github.com/eventcal/eventcal/handlers.(*Handler).render", "eventcal, templ", true},
		{"of which: grid", "github.com/eventcal/eventcal/views.appendMonthGrid", "eventcal", false},
		{"bucketing", "github.com/eventcal/eventcal/events.bucketByDay", "eventcal", true},
	}
	table, own := profileBreakdown(top, parts)
	if own < 0.2124 || own > 0.2126 {
		t.Errorf("own share %.4f, want 0.2125 (15%% + 6.25%%, the missing part 0)", own)
	}
	for _, want := range []string{"90.00%   all   [all]\n", "15.00%   model   [eventcal] *\n", "–   bucketing   [eventcal] *\n",
		"2.00%   of which: grid   [eventcal]\n", "21.25%   eventcal's own code in all (the parts marked *)\n"} {
		if !strings.Contains(table, want) {
			t.Errorf("table lacks %q:\n%s", want, table)
		}
	}
	if _, own := profileBreakdown(top, parts[:1]); own != 0 {
		t.Errorf("own share %v with no part marked, want 0", own)
	}
	if got := ownCodeNote(0.2, 0.4); !strings.Contains(got, "would be at 40% by CPU: what keeps it under the target is outside eventcal's code") {
		t.Errorf("note at 40%%: %s", got)
	}
	if got := ownCodeNote(0.3, 0.6); !strings.Contains(got, "eventcal's own code is what is left to cut") {
		t.Errorf("note at 60%%: %s", got)
	}
}
