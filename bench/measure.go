package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// row is one line of the results table.
type row struct {
	page   string
	mode   string // "cache", "no cache", "bound"
	run    wrkRun
	bound  string  // the bound the ratio is to
	ratio  float64 // run.RPS / bound's
	cpu    float64 // bound's CPU per request / run's (the ratio on a core of its own)
	probe  probe
	probed bool
}

// scaleRow compares a page's latency at the small and the large run.
type scaleRow struct {
	page         string
	small, large wrkRun
	same         wrkRun // shared calendars only: the large run's events in one calendar
}

// results are everything the report shows.
type results struct {
	date       time.Time
	machine    string
	commit     string
	o          options
	cpus       cpuPlan
	seedTime   time.Duration
	bounds     []row
	rows       []row
	scale      []scaleRow
	shared     []scaleRow // one calendar's month (small) vs 20 shared calendars' (large)
	profile    string     // the cached dashboard's CPU profile
	profileOff string     // the uncached dashboard's
	ownOff     float64    // the share of eventcal's own code in profileOff
	loadBefore string     // /proc/loadavg when the measurement began
	loadAfter  string     // and when it ended
	lighthouse *lhReport
	dashRedis  int // bytes of the Redis bound's value
	writeNote  string
	Elapsed    time.Duration
	totalUsers int
}

// measure runs every phase: the small run's scaling check, the large
// seed, then the bounds and eventcal with and without the cache, all
// servers up at once and their rounds interleaved (round 1 of every load,
// then round 2, ...), so a neighbour's burst of CPU use on this machine
// lands on all figures alike instead of on one page. The write mixes run
// last, as another user, so the measured user's data never changes.
func (b *bench) measure(ctx context.Context) (*results, error) {
	res := &results{date: time.Now(), machine: machine(), commit: commit(ctx, b.root), o: b.o, cpus: b.cpus, totalUsers: len(b.others) + 2}
	res.loadBefore = loadAvg()
	logf("%s", b.cpus.note)
	pages := b.pages()
	month, search := pages[1], pages[6]

	// 1. Range and search latency with few other events (no cache: Postgres).
	small, err := b.smallRun(ctx, month, search)
	if err != nil {
		return nil, err
	}

	// 2. The large run's data.
	if err := b.seedLarge(ctx); err != nil {
		return nil, err
	}
	res.seedTime = b.seedTime

	// 3. Both eventcal servers, probed.
	logf("large run: %s other events", fmtInt(b.o.otherEvents))
	var pprofAddrs [2]string // the cached server's, the uncached one's
	if b.o.profile {
		for i := range pprofAddrs {
			port, err := freePort()
			if err != nil {
				return nil, err
			}
			pprofAddrs[i] = "127.0.0.1:" + strconv.Itoa(port)
		}
	}
	cached, nocache, err := b.startLarge(ctx, pages, pprofAddrs)
	if err != nil {
		return nil, err
	}

	// 4, 5. The bounds, and every read load.
	runs, pgxBound, err := b.measureReads(ctx, res, pages, cached, nocache)
	if err != nil {
		return nil, err
	}
	for _, p := range []pageSpec{month, search} {
		res.scale = append(res.scale, scaleRow{page: p.name + " (cache off)", small: small[p.name], large: runs["cache off: "+p.name]})
	}

	// 6. CPU profiles of the dashboard under load, cached and not.
	if b.o.profile {
		logf("CPU profiles of the dashboard under load, cache on and off")
		if res.profile, _, err = b.pprofTop(ctx, pprofAddrs[0], b.pageLoad(cached.srv, cached.br, pages[0]), "cached", cachedParts); err != nil {
			return nil, err
		}
		if res.profileOff, res.ownOff, err = b.pprofTop(ctx, pprofAddrs[1], b.pageLoad(nocache.srv, nocache.br, pages[0]), "uncached", uncachedParts); err != nil {
			return nil, err
		}
	}

	// 7. The write mixes, as the writer (whose events are not measured).
	if err := b.measureWrites(ctx, res, cached.srv, nocache.srv, pgxBound); err != nil {
		return nil, err
	}
	res.writeNote = "wrk Lua script: each connection alternates a form POST /events (session cookie, X-CSRF-Token header and _csrf field; 303) and a GET of the created event (the 303's Location), as a second user with the same 500 events, so the measured user's data never changes; events land in 2090"
	res.loadAfter = loadAvg()
	return res, nil
}

// smallRun measures the month and search pages with few other events, on
// an eventcal without the cache (so every request queries Postgres), and
// stops it.
func (b *bench) smallRun(ctx context.Context, month, search pageSpec) (map[string]wrkRun, error) {
	logf("small run: %s other events, cache off", fmtInt(b.o.smallEvents))
	nocache, err := b.startEventcal(ctx, false, "")
	if err != nil {
		return nil, err
	}
	br, err := login(nocache.url, benchUser)
	if err != nil {
		return nil, err
	}
	var smallLoads []namedLoad
	for _, p := range []pageSpec{month, search} {
		r, err := br.fetch(p.path, headersOf(p, true), 200)
		if err != nil {
			return nil, err
		}
		smallLoads = append(smallLoads, namedLoad{p.name, b.pageLoad(nocache, br, p), len(r.body)})
	}
	small, err := b.measureLoads(ctx, smallLoads)
	if err != nil {
		return nil, err
	}
	b.stopServer(nocache)
	return small, nil
}

// seedLarge seeds the other events that the large run adds to the small
// one's, and counts the time in b.seedTime.
func (b *bench) seedLarge(ctx context.Context) error {
	t0 := time.Now()
	if err := seedOtherEvents(ctx, b.pool, b.others, b.o.otherEvents-b.o.smallEvents, 2); err != nil {
		return err
	}
	if err := b.seedShared(ctx); err != nil {
		return err
	}
	b.seedTime += time.Since(t0)
	logf("seeded %s more other events in %s (all seeding: %s)", fmtInt(b.o.otherEvents-b.o.smallEvents), time.Since(t0).Round(time.Millisecond), b.seedTime.Round(time.Millisecond))
	return nil
}

// eventcalRun is one eventcal server of the large run: its pages' probes,
// and the measured user signed in.
type eventcalRun struct {
	srv    *server
	br     *browser
	probes map[string]probe
}

// startLarge starts the large run's eventcal servers, cache on and off
// (serving pprof on pprofAddrs' when they are set), probes both, then signs the
// measured user in to each. The probes come first: they sign in again,
// which drops the user's cache, for the cold figures.
func (b *bench) startLarge(ctx context.Context, pages []pageSpec, pprofAddrs [2]string) (cached, nocache eventcalRun, err error) {
	if cached.srv, err = b.startEventcal(ctx, true, pprofAddrs[0]); err != nil {
		return cached, nocache, err
	}
	if nocache.srv, err = b.startEventcal(ctx, false, pprofAddrs[1]); err != nil {
		return cached, nocache, err
	}
	logf("eventcal, cache on: probes")
	if cached.probes, err = b.probeAll(ctx, cached.srv.url, pages); err != nil {
		return cached, nocache, err
	}
	logf("eventcal, cache off (CACHE_ENABLED=false): probes")
	if nocache.probes, err = b.probeAll(ctx, nocache.srv.url, pages); err != nil {
		return cached, nocache, err
	}
	if cached.br, err = login(cached.srv.url, benchUser); err != nil {
		return cached, nocache, err
	}
	if nocache.br, err = login(nocache.srv.url, benchUser); err != nil {
		return cached, nocache, err
	}
	return cached, nocache, nil
}

// measureReads starts the bounds on the cached dashboard's own gzip bytes,
// runs every read load (the bounds, then each page with the cache on and
// off) with their rounds interleaved, stops the bounds and adds their rows
// and the pages' to res. It returns every load's run, by name, and the pgx
// bound's, which the write mixes are compared to.
func (b *bench) measureReads(ctx context.Context, res *results, pages []pageSpec, cached, nocache eventcalRun) (runs map[string]wrkRun, pgxBound wrkRun, err error) {
	dash, err := cached.br.fetch("/", headersOf(pages[0], true), 200)
	if err != nil {
		return nil, wrkRun{}, err
	}
	res.dashRedis = len(dash.body)
	bounds, err := b.startBounds(ctx, dash.body)
	if err != nil {
		return nil, wrkRun{}, err
	}
	loads := b.readLoads(bounds, pages, cached, nocache)
	shared, err := b.sharedLoads(cached, nocache, pages[1])
	if err != nil {
		return nil, wrkRun{}, err
	}
	loads = append(loads, shared...)
	logf("%d loads × (%s warm-up + %d × %s), interleaved", len(loads), b.o.warmup, b.o.rounds, b.o.duration)
	if runs, err = b.measureLoads(ctx, loads); err != nil {
		return nil, wrkRun{}, err
	}
	for _, bd := range bounds {
		res.bounds = append(res.bounds, row{page: bd.name, mode: "bound", run: runs[bd.name]})
		b.stopServer(bd.srv)
	}
	redisBound, pgxBound := runs[bounds[1].name], runs[bounds[2].name]
	for _, p := range pages {
		r := runs["cache on: "+p.name]
		res.rows = append(res.rows, row{page: p.name, mode: "cache", run: r, bound: "Redis GET", ratio: r.RPS / redisBound.RPS, cpu: cpuRatio(redisBound, r), probe: cached.probes[p.name], probed: true})
	}
	for _, p := range pages {
		r := runs["cache off: "+p.name]
		res.rows = append(res.rows, row{page: p.name, mode: "no cache", run: r, bound: "pgx range", ratio: r.RPS / pgxBound.RPS, cpu: cpuRatio(pgxBound, r), probe: nocache.probes[p.name], probed: true})
	}
	for _, mode := range []string{"cache on", "cache off"} {
		res.shared = append(res.shared, scaleRow{page: "month fragment (" + mode + ")", small: runs[mode+": "+pages[1].name],
			large: runs[mode+": "+sharedPage], same: runs[mode+": "+oneCalendarPage]})
	}
	return runs, pgxBound, nil
}

// readLoads lists the read loads: the bounds, then every page with the
// cache on, then with it off.
func (b *bench) readLoads(bounds []boundServer, pages []pageSpec, cached, nocache eventcalRun) []namedLoad {
	var loads []namedLoad
	for _, bd := range bounds {
		loads = append(loads, namedLoad{name: bd.name, l: load{url: bd.srv.url + "/", pid: bd.srv.pid(), headers: []string{"Accept-Encoding: gzip"}}})
	}
	for _, p := range pages {
		loads = append(loads, namedLoad{"cache on: " + p.name, b.pageLoad(cached.srv, cached.br, p), cached.probes[p.name].gzip})
	}
	for _, p := range pages {
		loads = append(loads, namedLoad{"cache off: " + p.name, b.pageLoad(nocache.srv, nocache.br, p), nocache.probes[p.name].gzip})
	}
	return loads
}

// measureWrites runs the write mix on each eventcal server, as the writer
// (whose events are not measured), adds its row to res and stops the
// server.
func (b *bench) measureWrites(ctx context.Context, res *results, cached, nocache *server, pgxBound wrkRun) error {
	for _, srv := range []struct {
		mode string
		s    *server
	}{{"cache", cached}, {"no cache", nocache}} {
		wbr, err := login(srv.s.url, writerUser)
		if err != nil {
			return err
		}
		name := "cache " + map[bool]string{true: "on", false: "off"}[srv.mode == "cache"] + ": write mix (create + read back)"
		w, err := b.measureLoads(ctx, []namedLoad{{name: name, l: b.writeLoad(srv.s, wbr)}})
		if err != nil {
			return err
		}
		res.rows = append(res.rows, row{page: "write mix: POST /events + GET", mode: srv.mode, run: w[name], bound: "pgx range", ratio: w[name].RPS / pgxBound.RPS, cpu: cpuRatio(pgxBound, w[name])})
		b.stopServer(srv.s)
	}
	return nil
}

// cpuRatio is bound's server CPU per request over r's (0 when unknown).
func cpuRatio(bound, r wrkRun) float64 {
	if bound.CPU <= 0 || r.CPU <= 0 {
		return 0
	}
	return float64(bound.CPU) / float64(r.CPU)
}

// namedLoad is one wrk load and its name in the log and results.
type namedLoad struct {
	name string
	l    load
	// minBody, when set, is the least a response may average (the page's
	// gzip body): less means wrk was answered something else, such as a
	// redirect to /login (which wrk counts as a success).
	minBody int
}

// measureLoads warms every load up, then runs the rounds interleaved
// (round 1 of each, round 2 of each, ...) and returns each load's medians.
// Any error response fails the measurement, so no figure hides failures.
func (b *bench) measureLoads(ctx context.Context, loads []namedLoad) (map[string]wrkRun, error) {
	if b.o.warmup > 0 {
		for _, l := range loads {
			if _, err := b.runWrk(ctx, l.l, max(b.o.warmup, time.Second)); err != nil {
				return nil, err
			}
		}
	}
	all := map[string][]wrkRun{}
	for range b.o.rounds {
		for _, l := range loads {
			r, err := b.runWrk(ctx, l.l, b.o.duration)
			if err != nil {
				return nil, err
			}
			if r.Bad > 0 {
				return nil, fmt.Errorf("%s: %d error responses under load (%s)%s", l.name, r.Bad, r.Errors, logTail(l.l.log))
			}
			if avg := r.Read / float64(max(r.Requests, 1)); avg < float64(l.minBody) {
				return nil, fmt.Errorf("%s: responses average %.0f bytes, the page is %d: not the page (signed out?)", l.name, avg, l.minBody)
			}
			all[l.name] = append(all[l.name], r)
		}
	}
	out := map[string]wrkRun{}
	for _, l := range loads {
		m := medianRun(all[l.name])
		rates := make([]string, len(all[l.name]))
		for i, r := range all[l.name] {
			rates[i] = strconv.FormatFloat(r.RPS, 'f', 0, 64)
		}
		logf("  %-48s %8.0f req/s  p50 %-9s p99 %-9s CPU %-8s (rounds: %s)", l.name, m.RPS, fmtDur(m.P50), fmtDur(m.P99), fmtDur(m.CPU), strings.Join(rates, ", "))
		out[l.name] = m
	}
	return out, nil
}

// loadAvg is /proc/loadavg's first three figures.
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}

// probeAll probes every page.
func (b *bench) probeAll(ctx context.Context, base string, pages []pageSpec) (map[string]probe, error) {
	out := map[string]probe{}
	for _, p := range pages {
		pr, err := b.probePage(ctx, base, p)
		if err != nil {
			return nil, fmt.Errorf("probe %s: %w", p.path, err)
		}
		logf("  probe %-34s SQL cold %d warm %d, Redis %.1f/req, %d B raw, %d B gzip", p.name, pr.sqlCold, pr.sqlWarm, pr.redisPerReq, pr.raw, pr.gzip)
		out[p.name] = pr
	}
	return out, nil
}

// pageLoad is wrk's load for a page in br's session.
func (b *bench) pageLoad(s *server, br *browser, p pageSpec) load {
	l := load{url: s.url + p.path, pid: s.pid(), log: s.log, headers: []string{"Cookie: " + br.cookieHeader(), "Accept-Encoding: gzip"}}
	if p.htmx {
		l.headers = append(l.headers, "HX-Request: true")
	}
	return l
}

// logTail is the last warnings and errors of a server's log, for a failed
// run's message.
func logTail(path string) string {
	data, err := os.ReadFile(path)
	if path == "" || err != nil {
		return ""
	}
	var lines []string
	for _, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, "level=ERROR") || strings.Contains(line, "level=WARN") || strings.Contains(line, "panic") {
			lines = append(lines, line)
		}
	}
	return "; the server's log ends:\n" + strings.Join(lines[max(0, len(lines)-10):], "\n")
}

// writeLoad is the write mix in br's session.
func (b *bench) writeLoad(s *server, br *browser) load {
	return load{url: s.url + "/", pid: s.pid(), log: s.log, script: filepath.Join(b.work, "writemix.lua"), args: []string{br.csrf, br.cookieHeader()}}
}

// boundServer is a running bound.
type boundServer struct {
	name string
	srv  *server
}

// startBounds starts the three bound servers: Fiber writing the
// dashboard's gzip bytes as a constant, the same bytes from one Redis GET,
// and the month view's range query through pgx.
func (b *bench) startBounds(ctx context.Context, page []byte) ([]boundServer, error) {
	body := filepath.Join(b.work, "dashboard.gz")
	if err := os.WriteFile(body, page, 0o644); err != nil {
		return nil, err
	}
	key := b.o.prefix + "bound_dashboard"
	if err := b.rdb.Set(ctx, key, page, 0).Err(); err != nil {
		return nil, err
	}
	loc, err := time.LoadLocation(benchTZ)
	if err != nil {
		return nil, err
	}
	from, to := calendar.ViewRange(calendar.Month, b.date, time.Monday).Bounds(loc)
	specs := []struct {
		kind, name string
		args       []string
	}{
		{boundConst, "bound: Fiber, constant body", []string{"-body", body, "-gzip"}},
		{boundRedis, "bound: Fiber + one Redis GET", []string{"-redis", b.svc.redisURL, "-key", key, "-gzip"}},
		{boundPgx, "bound: Fiber + one pgx range query", []string{"-db", b.dbURL, "-user", strconv.FormatInt(b.uid, 10),
			"-from", from.Format(time.RFC3339), "-to", to.Format(time.RFC3339)}},
	}
	var out []boundServer
	for _, sp := range specs {
		s, err := b.startBound(ctx, sp.kind, sp.args...)
		if err != nil {
			return nil, err
		}
		out = append(out, boundServer{sp.name, s})
	}
	return out, nil
}
