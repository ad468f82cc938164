package main

import (
	"strings"
	"testing"
)

func TestParseLighthouse(t *testing.T) {
	report := `{"lighthouseVersion":"12.2.3","categories":{"performance":{"score":0.93}},"audits":{
		"total-blocking-time":{"numericValue":312.5},
		"first-contentful-paint":{"numericValue":900},
		"largest-contentful-paint":{"numericValue":1500.4},
		"mainthread-work-breakdown":{"details":{"items":[{"group":"other","duration":500},{"group":"styleLayout","duration":377},{"group":"scriptEvaluation","duration":70}]}},
		"long-tasks":{"details":{"items":[{"duration":120},{"duration":250}]}}}}`
	r, err := parseLighthouse([]byte(report))
	if err != nil {
		t.Fatal(err)
	}
	if r.Score != 93 || r.TBT != 312.5 || r.FCP != 900 || r.LCP != 1500.4 || r.StyleLay != 377 || r.Script != 70 || r.TotalMain != 947 || r.LongestRaw != 250 {
		t.Fatalf("%+v", r)
	}
	for _, bad := range []string{
		`{"runtimeError":{"code":"NO_FCP","message":"The page did not paint"},"categories":{"performance":{"score":null}},"audits":{}}`,
		`{"categories":{"performance":{"score":null}},"audits":{}}`,
		`{"categories":{"performance":{"score":1}},"audits":{"total-blocking-time":{"numericValue":null,"errorMessage":"no trace"}}}`,
		`garbage`,
	} {
		if _, err := parseLighthouse([]byte(bad)); err == nil {
			t.Errorf("parsed %s", bad)
		}
	}
}

func TestLighthouseTargets(t *testing.T) {
	runs := []lhRun{{Score: 90, TBT: 300}, {Score: 97, TBT: 100}, {Score: 96, TBT: 150}}
	if m := medianLH(runs); m.Score != 96 || m.TBT != 150 {
		t.Fatalf("median %+v", m)
	}
	rep := &lhReport{empty: 40, rows: []lhRow{
		{page: lhPage{name: "empty page", calibration: true}, med: lhRun{Score: 100, TBT: 40}},
		{page: lhPage{name: "ok"}, med: lhRun{Score: 96, TBT: 140}},
		{page: lhPage{name: "slow"}, med: lhRun{Score: 95, TBT: 141}},
		{page: lhPage{name: "low"}, med: lhRun{Score: 94, TBT: 50}},
	}}
	got := rep.targets()
	if len(got) != 1 || !strings.HasPrefix(got[0], "**missed**") || !strings.Contains(got[0], "1 of 3 pages (not: slow, low)") {
		t.Fatalf("targets: %q", got)
	}
	md := rep.markdown()
	for _, want := range []string{"| ok | 96 | 140 ms | +100 ms |", "**missed** (TBT excess > 100 ms)", "**missed** (score < 95)", "| calibration |"} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
}
