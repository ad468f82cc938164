package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/assets"
)

// Lighthouse's targets (issue 17): every page scores at least 95 on a
// simulated phone, and blocks the main thread at most 100 ms longer than an
// empty page does in the same run.
const (
	targetLHScore     = 95
	targetLHTBTExcess = 100.0 // ms
)

// lighthouseDir holds Lighthouse's package.json and package-lock.json
// (installed there with `npm ci` by the benchmark, not by CI).
const lighthouseDir = "bench/lighthouse"

// The calibration pages that have nothing on them: one served as a
// static page, and one with eventcal's coopHeader alone.
const (
	emptyPage     = "empty page"
	emptyCOOPPage = "empty page with COOP"
)

// coopHeader is the header eventcal's pages are also scored without (see
// stripCOOP): a page with it starts in a browsing context group of its
// own, which Lighthouse's first navigation pays for.
const coopHeader = "Cross-Origin-Opener-Policy"

// lhPage is one page Lighthouse scores.
type lhPage struct {
	name        string
	url         string
	signedIn    bool // sent with the measured user's session cookie
	calibration bool // one of the bench's own pages
	withoutCOOP bool // through the proxy that drops eventcal's coopHeader
}

// lhRun is one Lighthouse run's figures (times in ms).
type lhRun struct {
	Score      float64 // performance, 0–100
	TBT        float64
	FCP, LCP   float64
	StyleLay   float64 // main-thread work: style & layout
	Script     float64 // script evaluation
	TotalMain  float64 // all main-thread work
	LongestRaw float64 // the longest task (simulated)
}

// lhRow is one page's medians over the runs.
type lhRow struct {
	page lhPage
	runs []lhRun
	med  lhRun
}

// lhReport is the Lighthouse section of the results.
type lhReport struct {
	version string
	chrome  string
	runs    int
	rows    []lhRow
	empty   float64 // the empty page's median TBT
	// emptyCOOP is the medians of the empty page with coopHeader
	// (hasCOOP: it was scored).
	emptyCOOP lhRun
	hasCOOP   bool
}

// lighthouse scores the pages on a simulated phone (Lighthouse's default
// mobile form factor, simulated 4G and 4× CPU) against a fresh eventcal
// with the cache on, serially, the rounds interleaved (every page once,
// then again, ...), and reports each page's medians beside two calibration
// pages served by this program: an empty page and one that only loads htmx
// (from eventcal's own asset URL, proxied).
func (b *bench) lighthouse(ctx context.Context) (*lhReport, error) {
	cli, version, err := ensureLighthouse(ctx, b.root)
	if err != nil {
		return nil, err
	}
	chrome, err := chromePath(ctx)
	if err != nil {
		return nil, err
	}
	srv, err := b.startEventcal(ctx, true, "")
	if err != nil {
		return nil, err
	}
	defer b.stopServer(srv)
	br, err := login(srv.url, benchUser)
	if err != nil {
		return nil, err
	}
	cal, err := startCalibration(srv.url)
	if err != nil {
		return nil, err
	}
	defer cal.Close()

	rep := &lhReport{version: version, chrome: chromeVersion(ctx, chrome), runs: b.o.lhRuns}
	for _, p := range b.lighthousePages(srv.url, "http://"+cal.Addr, "http://"+cal.StripAddr) {
		rep.rows = append(rep.rows, lhRow{page: p})
	}
	cookie := br.cookieHeader()
	logf("Lighthouse %s (%s): %d pages × %d runs, serially", version, rep.chrome, len(rep.rows), rep.runs)
	for run := range rep.runs {
		for i := range rep.rows {
			r := &rep.rows[i]
			out := filepath.Join(b.work, fmt.Sprintf("lighthouse-%d-%d.json", i, run))
			lr, err := runLighthouse(ctx, cli, chrome, r.page, cookie, out)
			if err != nil && ctx.Err() == nil {
				// Lighthouse now and then loses its trace (NO_NAVSTART): once more.
				logf("  %-24s run %d failed, once more: %v", r.page.name, run+1, strings.SplitN(err.Error(), "\n", 2)[0])
				lr, err = runLighthouse(ctx, cli, chrome, r.page, cookie, out)
			}
			if err != nil {
				return nil, fmt.Errorf("lighthouse %s: %w", r.page.name, err)
			}
			logf("  %-24s run %d: performance %3.0f, TBT %4.0f ms, LCP %5.0f ms", r.page.name, run+1, lr.Score, lr.TBT, lr.LCP)
			r.runs = append(r.runs, lr)
		}
	}
	for i := range rep.rows {
		rep.rows[i].med = medianLH(rep.rows[i].runs)
		switch rep.rows[i].page.name {
		case emptyPage:
			rep.empty = rep.rows[i].med.TBT
		case emptyCOOPPage:
			rep.emptyCOOP, rep.hasCOOP = rep.rows[i].med, true
		}
	}
	if keep := os.Getenv("BENCH_LIGHTHOUSE_OUT"); keep != "" {
		files, _ := filepath.Glob(filepath.Join(b.work, "lighthouse-*.json"))
		for _, f := range files {
			if data, err := os.ReadFile(f); err == nil {
				_ = os.WriteFile(filepath.Join(keep, filepath.Base(f)), data, 0o644)
			}
		}
	}
	return rep, nil
}

// lighthousePages are the scored pages: the calibration pages first, then
// the signed-out forms, then the measured user's pages, each followed by
// the same page through stripBase, without coopHeader.
func (b *bench) lighthousePages(base, calBase, stripBase string) []lhPage {
	d := b.date.String()
	pages := []lhPage{
		{name: emptyPage, url: calBase + "/empty", calibration: true},
		{name: emptyCOOPPage, url: calBase + "/empty-coop", calibration: true},
		{name: "htmx only", url: calBase + "/htmx", calibration: true},
	}
	for _, p := range []lhPage{
		{name: "log in `/login`", url: "/login"},
		{name: "register `/register`", url: "/register"},
		{name: "dashboard (month) `/`", url: "/?date=" + d, signedIn: true},
		{name: "week", url: "/calendar?view=week&date=" + d, signedIn: true},
		{name: "day", url: "/calendar?view=day&date=" + d, signedIn: true},
		{name: "new event", url: "/events/new", signedIn: true},
		{name: "search `?q=" + searchQuery + "`", url: "/search?q=" + url.QueryEscape(searchQuery), signedIn: true},
		{name: "settings", url: "/settings", signedIn: true},
	} {
		twin := p
		p.url, twin.url = base+p.url, stripBase+p.url
		twin.name, twin.withoutCOOP = p.name+" without COOP", true
		pages = append(pages, p, twin)
	}
	return pages
}

// calibrationHead is the head every calibration page shares with
// eventcal's layout (without the stylesheet and the scripts).
const calibrationHead = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">` +
	`<meta name="viewport" content="width=device-width, initial-scale=1"><title>calibration · eventcal</title>`

// startCalibration serves the calibration pages on a loopback port: /empty
// (a heading and a line of text, so that it paints), /empty-coop (the
// same with eventcal's coopHeader) and /htmx (the same as /empty, loading
// eventcal's htmx as the layout does), and /assets/ from eventcal
// itself, so that the bytes, URLs and headers are eventcal's. On a second
// port it serves all of eventcal without coopHeader.
func startCalibration(eventcalURL string) (*calibration, error) {
	m, err := assets.Load()
	if err != nil {
		return nil, err
	}
	target, err := url.Parse(eventcalURL)
	if err != nil {
		return nil, err
	}
	body := `<body><main><h1>eventcal</h1><p>A page with nothing else on it.</p></main></body></html>`
	pages := map[string]string{
		"/empty":      calibrationHead + `</head>` + body,
		"/empty-coop": calibrationHead + `</head>` + body,
		"/htmx":       calibrationHead + `<script src="` + m.URL("htmx.js") + `" defer></script></head>` + body,
	}
	mux := http.NewServeMux()
	mux.Handle("/assets/", httputil.NewSingleHostReverseProxy(target))
	for path, html := range pages {
		mux.HandleFunc(path, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			if path == "/empty-coop" {
				w.Header().Set(coopHeader, "same-origin")
			}
			_, _ = w.Write([]byte(html))
		})
	}
	strip := httputil.NewSingleHostReverseProxy(target)
	strip.ModifyResponse = stripCOOP
	c := &calibration{}
	for _, s := range []struct {
		addr *string
		h    http.Handler
	}{{&c.Addr, mux}, {&c.StripAddr, strip}} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			c.Close()
			return nil, err
		}
		srv := &http.Server{Handler: s.h, ReadHeaderTimeout: 10 * time.Second}
		*s.addr, c.srvs = ln.Addr().String(), append(c.srvs, srv)
		go func() { _ = srv.Serve(ln) }()
	}
	return c, nil
}

// stripCOOP drops coopHeader from a response of eventcal's, so that a page
// can be scored with and without it: what the header costs in Lighthouse
// is the browser's, not the page's.
func stripCOOP(r *http.Response) error {
	r.Header.Del(coopHeader)
	return nil
}

// calibration is the running calibration servers: the calibration pages
// on Addr, all of eventcal without coopHeader on StripAddr.
type calibration struct {
	Addr, StripAddr string
	srvs            []*http.Server
}

// Close stops the servers.
func (c *calibration) Close() {
	for _, s := range c.srvs {
		_ = s.Close()
	}
}

// ensureLighthouse installs bench/lighthouse's locked packages with `npm
// ci` unless the installed tree is of the same lock (a copy of the lock is
// kept in node_modules after a good install), and returns the CLI's path
// and Lighthouse's version.
func ensureLighthouse(ctx context.Context, root string) (cli, version string, err error) {
	dir := filepath.Join(root, lighthouseDir)
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		return "", "", err
	}
	stamp := filepath.Join(dir, "node_modules", ".eventcal-installed-lock.json")
	if have, err := os.ReadFile(stamp); err != nil || !bytes.Equal(have, lock) {
		if _, err := exec.LookPath("npm"); err != nil {
			return "", "", errors.New("npm is missing (Lighthouse needs Node 20 and npm): apt-get install nodejs npm, or run with -lighthouse=false")
		}
		logf("npm ci in %s (Lighthouse)", lighthouseDir)
		cmd := exec.CommandContext(ctx, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
		cmd.Dir = dir
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return "", "", fmt.Errorf("npm ci in %s: %w", lighthouseDir, err)
		}
		if err := os.WriteFile(stamp, lock, 0o644); err != nil {
			return "", "", err
		}
	}
	var pkg struct{ Version string }
	b, err := os.ReadFile(filepath.Join(dir, "node_modules", "lighthouse", "package.json"))
	if err == nil {
		err = json.Unmarshal(b, &pkg)
	}
	if err != nil {
		return "", "", fmt.Errorf("lighthouse's package.json: %w", err)
	}
	return filepath.Join(dir, "node_modules", "lighthouse", "cli", "index.js"), pkg.Version, nil
}

// chromePath is CHROME_PATH, or Debian's Chromium (installed with apt-get
// when missing, as root or through sudo without a password prompt).
func chromePath(ctx context.Context) (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	if err := aptInstall(ctx, "chromium", "fonts-dejavu-core"); err != nil {
		return "", fmt.Errorf("chromium: %w (or set CHROME_PATH, or run with -lighthouse=false)", err)
	}
	return exec.LookPath("chromium")
}

// chromeVersion is `chromium --version`, or "Chromium" when it says nothing.
func chromeVersion(ctx context.Context, chrome string) string {
	out, err := exec.CommandContext(ctx, chrome, "--version").Output()
	if v := strings.TrimSpace(string(out)); err == nil && v != "" {
		return v
	}
	return "Chromium"
}

// runLighthouse scores one page (performance only, default mobile
// settings) with Chromium headless, and reads the figures from its JSON.
func runLighthouse(ctx context.Context, cli, chrome string, p lhPage, cookie, out string) (lhRun, error) {
	args := []string{cli, p.url,
		"--only-categories=performance", "--output=json", "--output-path=" + out, "--quiet",
		"--no-enable-error-reporting", "--disable-full-page-screenshot",
		"--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run",
	}
	if p.signedIn {
		h, _ := json.Marshal(map[string]string{"Cookie": cookie})
		args = append(args, "--extra-headers="+string(h))
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return lhRun{}, fmt.Errorf("%w\n%s", err, lastLines(stderr.String(), 15))
	}
	b, err := os.ReadFile(out)
	if err != nil {
		return lhRun{}, err
	}
	return parseLighthouse(b)
}

// parseLighthouse reads a Lighthouse JSON report.
func parseLighthouse(b []byte) (lhRun, error) {
	var rep struct {
		RuntimeError *struct{ Code, Message string }
		Categories   map[string]struct{ Score *float64 }
		Audits       map[string]lhAudit
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		return lhRun{}, err
	}
	if rep.RuntimeError != nil && rep.RuntimeError.Code != "" {
		return lhRun{}, fmt.Errorf("%s: %s", rep.RuntimeError.Code, rep.RuntimeError.Message)
	}
	perf, ok := rep.Categories["performance"]
	if !ok || perf.Score == nil {
		return lhRun{}, errors.New("no performance score in the report")
	}
	var r lhRun
	r.Score = *perf.Score * 100
	num := func(id string) (float64, error) {
		a, ok := rep.Audits[id]
		if !ok || a.NumericValue == nil {
			msg := ""
			if ok {
				msg = a.ErrorMessage
			}
			return 0, fmt.Errorf("audit %s has no value %s", id, msg)
		}
		return *a.NumericValue, nil
	}
	var err error
	if r.TBT, err = num("total-blocking-time"); err != nil {
		return r, err
	}
	if r.FCP, err = num("first-contentful-paint"); err != nil {
		return r, err
	}
	if r.LCP, err = num("largest-contentful-paint"); err != nil {
		return r, err
	}
	if mt, ok := rep.Audits["mainthread-work-breakdown"]; ok {
		for _, it := range mt.Details.Items {
			r.TotalMain += it.Duration
			switch it.Group {
			case "styleLayout":
				r.StyleLay = it.Duration
			case "scriptEvaluation":
				r.Script = it.Duration
			}
		}
	}
	if lt, ok := rep.Audits["long-tasks"]; ok {
		for _, it := range lt.Details.Items {
			r.LongestRaw = max(r.LongestRaw, it.Duration)
		}
	}
	return r, nil
}

// lhAudit is the part of a Lighthouse audit the report reads.
type lhAudit struct {
	NumericValue *float64 `json:"numericValue"`
	ErrorMessage string   `json:"errorMessage"`
	Details      struct {
		Items []struct {
			Group    string  `json:"group"`
			Duration float64 `json:"duration"`
		} `json:"items"`
	} `json:"details"`
}

// medianLH is each figure's median over the runs.
func medianLH(runs []lhRun) lhRun {
	med := func(f func(lhRun) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		slices.Sort(v)
		if len(v) == 0 {
			return 0
		}
		if len(v)%2 == 1 {
			return v[len(v)/2]
		}
		return (v[len(v)/2-1] + v[len(v)/2]) / 2
	}
	return lhRun{
		Score:      med(func(r lhRun) float64 { return r.Score }),
		TBT:        med(func(r lhRun) float64 { return r.TBT }),
		FCP:        med(func(r lhRun) float64 { return r.FCP }),
		LCP:        med(func(r lhRun) float64 { return r.LCP }),
		StyleLay:   med(func(r lhRun) float64 { return r.StyleLay }),
		Script:     med(func(r lhRun) float64 { return r.Script }),
		TotalMain:  med(func(r lhRun) float64 { return r.TotalMain }),
		LongestRaw: med(func(r lhRun) float64 { return r.LongestRaw }),
	}
}

// markdown is the Lighthouse section of the report.
func (l *lhReport) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("## Lighthouse: a phone (mobile, simulated 4G and 4× CPU)\n\n")
	w("Lighthouse %s (`%s/`, `npm ci`) with %s headless, performance only, default mobile settings (simulated throttling); "+
		"each page scored %d time(s), serially, the runs interleaved, medians reported (each figure's own). "+
		"The measured user's pages carry the session cookie (`--extra-headers`); the log-in and registration forms are scored signed out. "+
		"Calibration: an empty page and a page that only loads htmx, served by the benchmark on loopback with eventcal's asset URLs, in the same run: "+
		"what the empty page blocks is the browser's own cost on this machine, so a page's TBT is judged by its excess over it; "+
		"and the empty page again with eventcal's `%[5]s: same-origin` header and nothing else. "+
		"Each page is also scored through a proxy that drops eventcal's `%[5]s: same-origin` header and nothing else (\"without COOP\"): "+
		"Chrome starts a page with that header in a browsing context group of its own, and on Lighthouse's first navigation "+
		"that is a long task before any of the page's bytes are used.\n\n",
		l.version, lighthouseDir, l.chrome, l.runs, coopHeader)
	w("| page | performance | TBT | TBT over the empty page | FCP | LCP | style & layout | script evaluation | all main-thread work | target |\n")
	w("|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n")
	for _, r := range l.rows {
		m := r.med
		target := "calibration"
		switch {
		case r.page.withoutCOOP:
			target = "without the header: " + l.mark(m)
		case !r.page.calibration:
			target = l.mark(m)
		}
		w("| %s | %.0f | %.0f ms | %+.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %.0f ms | %s |\n", r.page.name, m.Score, m.TBT, m.TBT-l.empty,
			m.FCP, m.LCP, m.StyleLay, m.Script, m.TotalMain, target)
	}
	w("\nMain-thread figures are Lighthouse's `mainthread-work-breakdown` (observed × 4, as simulated). ")
	w("Targets: performance ≥ %d and TBT within %.0f ms of the empty page's, for the pages as eventcal serves them.\n", targetLHScore, targetLHTBTExcess)
	return b.String()
}

// mark is "**met**" or "**missed**" (and why) for a page's medians.
func (l *lhReport) mark(m lhRun) string {
	var why []string
	if m.Score < targetLHScore {
		why = append(why, "score < "+strconv.Itoa(targetLHScore))
	}
	if m.TBT-l.empty > targetLHTBTExcess {
		why = append(why, "TBT excess > "+strconv.FormatFloat(targetLHTBTExcess, 'f', 0, 64)+" ms")
	}
	if len(why) == 0 {
		return "**met**"
	}
	return "**missed** (" + strings.Join(why, ", ") + ")"
}

// targets are the report's lines for the Targets section: the pages as
// served, and when some miss, how the same pages fare without coopHeader.
func (l *lhReport) targets() []string {
	var ok, bad, twinBad []string
	twins := 0
	for _, r := range l.rows {
		met := l.mark(r.med) == "**met**"
		switch {
		case r.page.calibration:
		case r.page.withoutCOOP:
			twins++
			if !met {
				twinBad = append(twinBad, strings.TrimSuffix(r.page.name, " without COOP"))
			}
		case met:
			ok = append(ok, r.page.name)
		default:
			bad = append(bad, r.page.name)
		}
	}
	mark := "**met**"
	if len(bad) > 0 {
		mark = "**missed**"
	}
	line := fmt.Sprintf("%s Lighthouse (mobile): performance ≥ %d and TBT within %.0f ms of the empty page's, %d of %d pages%s",
		mark, targetLHScore, targetLHTBTExcess, len(ok), len(ok)+len(bad), listed(bad))
	if len(bad) > 0 && twins > 0 {
		line += fmt.Sprintf("; the same pages without the `%s` header: %d of %d%s", coopHeader, twins-len(twinBad), twins, listed(twinBad))
		if len(twinBad) == 0 {
			line += ", so what the pages miss by is what the browser spends on that header, outside eventcal's code"
		}
		if l.hasCOOP {
			verdict := "which meets the target"
			if l.mark(l.emptyCOOP) != "**met**" {
				verdict = "which by itself misses the target"
			}
			line += fmt.Sprintf("; an empty page with that header and nothing else: performance %.0f, TBT %+.0f ms over the empty page, %s",
				l.emptyCOOP.Score, l.emptyCOOP.TBT-l.empty, verdict)
		}
	}
	return []string{line}
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
