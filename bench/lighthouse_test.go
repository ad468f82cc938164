package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
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
		{page: lhPage{name: emptyPage, calibration: true}, med: lhRun{Score: 100, TBT: 40}},
		{page: lhPage{name: "ok"}, med: lhRun{Score: 96, TBT: 140}},
		{page: lhPage{name: "ok without COOP", withoutCOOP: true}, med: lhRun{Score: 99, TBT: 60}},
		{page: lhPage{name: "slow"}, med: lhRun{Score: 95, TBT: 141}},
		{page: lhPage{name: "slow without COOP", withoutCOOP: true}, med: lhRun{Score: 98, TBT: 70}},
		{page: lhPage{name: "low"}, med: lhRun{Score: 94, TBT: 50}},
		{page: lhPage{name: "low without COOP", withoutCOOP: true}, med: lhRun{Score: 94, TBT: 45}},
	}}
	got := rep.targets()
	if len(got) != 1 || !strings.HasPrefix(got[0], "**missed**") ||
		!strings.HasSuffix(got[0], "1 of 3 pages (not: slow, low); the same pages without the `Cross-Origin-Opener-Policy` header: 2 of 3 (not: low)") {
		t.Fatalf("targets: %q", got)
	}
	md := rep.markdown()
	for _, want := range []string{
		"| ok | 96 | 140 ms | +100 ms |",
		"| slow | 95 | 141 ms | +101 ms | 0 ms | 0 ms | 0 ms | 0 ms | 0 ms | **missed** (TBT excess > 100 ms) |",
		"| slow without COOP | 98 | 70 ms | +30 ms | 0 ms | 0 ms | 0 ms | 0 ms | 0 ms | without the header: **met** |",
		"| low | 94 | 50 ms | +10 ms | 0 ms | 0 ms | 0 ms | 0 ms | 0 ms | **missed** (score < 95) |",
		"| calibration |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	rep.rows = slices.DeleteFunc(rep.rows, func(r lhRow) bool { return r.page.name == "low" || r.page.name == "low without COOP" })
	if got := rep.targets(); len(got) != 1 || !strings.HasSuffix(got[0], "2 of 2, so what the pages miss by is what the browser spends on that header, outside eventcal's code") {
		t.Fatalf("targets when every page meets them without the header: %q", got)
	}
	rep.emptyCOOP, rep.hasCOOP = lhRun{Score: 96, TBT: 160}, true
	if got := rep.targets(); len(got) != 1 || !strings.HasSuffix(got[0], "outside eventcal's code; an empty page with that header and nothing else: performance 96, TBT +120 ms over the empty page, which by itself misses the target") {
		t.Fatalf("targets with the empty page with COOP: %q", got)
	}
	if md := rep.markdown(); !strings.Contains(md, "the empty page again with eventcal's `Cross-Origin-Opener-Policy: same-origin` header") ||
		!strings.Contains(md, "drops eventcal's `Cross-Origin-Opener-Policy: same-origin` header") || strings.Contains(md, "%!") {
		t.Errorf("markdown's calibration text:\n%s", md)
	}
}

func TestCalibrationStripsOnlyCOOP(t *testing.T) {
	eventcal := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set(coopHeader, "same-origin")
		w.Header().Set("X-Frame-Options", "DENY")
		_, _ = io.WriteString(w, "a page")
	}))
	defer eventcal.Close()
	cal, err := startCalibration(eventcal.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer cal.Close()
	for _, tc := range []struct {
		addr string
		coop string
	}{{cal.StripAddr, ""}, {eventcal.Listener.Addr().String(), "same-origin"}} {
		r, err := http.Get("http://" + tc.addr + "/login")
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if got := r.Header.Get(coopHeader); got != tc.coop || r.Header.Get("X-Frame-Options") != "DENY" || string(body) != "a page" {
			t.Errorf("%s: COOP %q (want %q), X-Frame-Options %q, body %q", tc.addr, got, tc.coop, r.Header.Get("X-Frame-Options"), body)
		}
	}
	// The empty calibration page, without and with the header alone.
	for path, coop := range map[string]string{"/empty": "", "/empty-coop": "same-origin"} {
		r, err := http.Get("http://" + cal.Addr + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(r.Body)
		_ = r.Body.Close()
		if got := r.Header.Get(coopHeader); got != coop || !strings.Contains(string(body), "A page with nothing else on it.") {
			t.Errorf("%s: COOP %q (want %q), body %q", path, got, coop, body)
		}
	}
}
