package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/calendar"
)

// searchQuery is the repeated search: it matches some of the measured
// user's events and many of the other users'.
const searchQuery = "lunch"

// bench is one measurement's state.
type bench struct {
	o    options
	root string // work tree
	work string // temporary directory: binaries, logs, scripts
	wrk  string // wrk's path
	svc  services
	cpus cpuPlan

	bin   string // eventcal
	self  string // this program (bound servers)
	dbURL string
	pool  *pgxpool.Pool
	rdb   *redis.Client // the cache's Redis database
	sess  *redis.Client // the sessions' Redis database

	uid      int64
	others   []int64
	date     calendar.Date // the measured day (has events)
	eventID  int64         // the measured event
	seedTime time.Duration
	running  []*server
}

// pageSpec is one measured URL.
type pageSpec struct {
	name string
	path string
	htmx bool // sent with HX-Request: true (a fragment)
}

// pages are the measured read pages.
func (b *bench) pages() []pageSpec {
	d := b.date.String()
	return []pageSpec{
		{"dashboard `/`", "/", false},
		{"month fragment", "/calendar?view=month&date=" + d, true},
		{"week fragment", "/calendar?view=week&date=" + d, true},
		{"day fragment", "/calendar?view=day&date=" + d, true},
		{"day's events `/events?date=`", "/events?date=" + d, false},
		{"event details `/events/{id}`", "/events/" + strconv.FormatInt(b.eventID, 10), false},
		{"search `/search?q=" + searchQuery + "`", "/search?q=" + url.QueryEscape(searchQuery), true},
	}
}

// prepare builds eventcal, recreates the database and Redis namespace and
// seeds the measured user and the small run's other users.
func (b *bench) prepare(ctx context.Context) error {
	var err error
	logf("go build eventcal")
	if b.bin, err = build(ctx, b.root, b.work); err != nil {
		return err
	}
	if b.self, err = os.Executable(); err != nil {
		return err
	}
	if _, err := writeScript(b.work); err != nil {
		return err
	}
	if b.dbURL, err = recreateDatabase(ctx, b.svc.adminURL, b.o.dbName); err != nil {
		return err
	}
	logf("database %s recreated", b.o.dbName)
	if b.rdb, b.sess, err = redisClients(b.svc.redisURL); err != nil {
		return err
	}
	if err := b.clearRedis(ctx); err != nil {
		return err
	}
	if b.pool, err = pgxpool.New(ctx, b.dbURL); err != nil {
		return err
	}

	t0 := time.Now()
	if b.uid, err = b.seedUser(ctx, benchUser); err != nil {
		return err
	}
	if _, err = b.seedUser(ctx, writerUser); err != nil {
		return err
	}
	if b.others, err = b.seedOthers(ctx, b.o.otherUsers); err != nil {
		return err
	}
	if err := seedOtherEvents(ctx, b.pool, b.others, b.o.smallEvents, 1); err != nil {
		return err
	}
	b.seedTime = time.Since(t0)
	logf("seeded %q and %q (%d events each) and %d other users with %d events in %s", benchUser, writerUser, b.o.userEvents, len(b.others), b.o.smallEvents, b.seedTime.Round(time.Millisecond))

	// The measured day: the next day (in the user's zone) with events.
	var start time.Time
	err = b.pool.QueryRow(ctx, `SELECT id, starts_at FROM events WHERE user_id = $1 AND starts_at >= now() AND NOT all_day
		ORDER BY starts_at LIMIT 1`, b.uid).Scan(&b.eventID, &start)
	if err != nil {
		return fmt.Errorf("pick an event: %w", err)
	}
	loc, err := time.LoadLocation(benchTZ)
	if err != nil {
		return err
	}
	b.date = calendar.DateOf(start, loc)
	b.self, err = filepath.Abs(b.self)
	return err
}

// clearRedis deletes the benchmark's keys in both Redis databases.
func (b *bench) clearRedis(ctx context.Context) error {
	for _, c := range []*redis.Client{b.rdb, b.sess} {
		if _, err := deletePrefix(ctx, c, b.o.prefix); err != nil {
			return fmt.Errorf("delete %s* keys: %w", b.o.prefix, err)
		}
	}
	return nil
}

// cleanup stops what is still running and, unless -keep, drops the
// database and the benchmark's Redis keys.
func (b *bench) cleanup() {
	for _, s := range b.running {
		s.stop()
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if b.pool != nil {
		b.pool.Close()
	}
	if !b.o.keep {
		if b.rdb != nil {
			_ = b.clearRedis(ctx)
		}
		if b.dbURL != "" {
			if err := dropDatabase(ctx, b.svc.adminURL, b.o.dbName); err != nil {
				logf("drop %s: %v", b.o.dbName, err)
			}
		}
	}
	for _, c := range []*redis.Client{b.rdb, b.sess} {
		if c != nil {
			_ = c.Close()
		}
	}
}

// startEventcal runs `eventcal serve` on the bench database, DEBUG=true
// (for X-DB-Queries) with LOG_LEVEL=info, cache on or off.
func (b *bench) startEventcal(ctx context.Context, cached bool, pprofAddr string) (*server, error) {
	name := "eventcal-nocache"
	if cached {
		name = "eventcal-cache"
	}
	env := []string{
		"DATABASE_URL=" + b.dbURL, "REDIS_URL=" + b.svc.redisURL, "REDIS_PREFIX=" + b.o.prefix,
		"DEBUG=true", "LOG_LEVEL=info", "LOG_FILE=" + filepath.Join(b.work, name+"-app.log"),
		"CACHE_ENABLED=" + strconv.FormatBool(cached),
	}
	if pprofAddr != "" {
		env = append(env, "PPROF_ADDR="+pprofAddr)
	}
	s, err := start(ctx, name, b.work, b.cpus.server, env, "/healthz", b.bin, "serve")
	if err != nil {
		return nil, err
	}
	b.running = append(b.running, s)
	return s, nil
}

// startBound runs one bound server.
func (b *bench) startBound(ctx context.Context, kind string, args ...string) (*server, error) {
	s, err := start(ctx, "bound-"+kind, b.work, b.cpus.server, nil, "/healthz", b.self, append([]string{"bound", "-kind", kind}, args...)...)
	if err != nil {
		return nil, err
	}
	b.running = append(b.running, s)
	return s, nil
}

// stopServer stops s and forgets it.
func (b *bench) stopServer(s *server) {
	s.stop()
	for i, r := range b.running {
		if r == s {
			b.running = append(b.running[:i], b.running[i+1:]...)
			break
		}
	}
}

// pprofTop takes a CPU profile of srv (PPROF_ADDR) while wrk loads l, and
// returns the shares of parts and `go tool pprof -top` of it, and the share
// of eventcal's own code (see profileBreakdown); name tells
// the profile's file apart (BENCH_PROFILE_OUT keeps a copy, with name
// before its extension).
func (b *bench) pprofTop(ctx context.Context, pprofAddr string, l load, name string, parts []profPart) (string, float64, error) {
	secs := int(b.o.duration / time.Second)
	prof := filepath.Join(b.work, "cpu-dashboard-"+name+".pprof")
	errc := make(chan error, 1)
	go func() {
		_, err := b.runWrk(ctx, l, b.o.duration+2*time.Second)
		errc <- err
	}()
	time.Sleep(time.Second)
	res, err := newHTTPClient(nil).Get("http://" + pprofAddr + "/debug/pprof/profile?seconds=" + strconv.Itoa(secs))
	if err == nil {
		err = saveBody(res, prof)
	}
	if werr := <-errc; err == nil {
		err = werr
	}
	if err != nil {
		return "", 0, fmt.Errorf("profile: %w", err)
	}
	if keep := os.Getenv("BENCH_PROFILE_OUT"); keep != "" {
		if b, err := os.ReadFile(prof); err == nil {
			_ = os.WriteFile(strings.TrimSuffix(keep, filepath.Ext(keep))+"-"+name+filepath.Ext(keep), b, 0o644)
		}
	}
	cum, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-cum", "-nodecount=2000", b.bin, prof).Output()
	if err != nil {
		return "", 0, fmt.Errorf("go tool pprof: %w", err)
	}
	flat, err := exec.CommandContext(ctx, "go", "tool", "pprof", "-top", "-nodecount=15", b.bin, prof).Output()
	if err != nil {
		return "", 0, fmt.Errorf("go tool pprof: %w", err)
	}
	table, own := profileBreakdown(string(cum), parts)
	return table + "\n" + string(flat), own, nil
}

// profPart is a part of a page's cost in a CPU profile: the function whose
// cumulative share measures it (parts may nest: the whole request holds all
// the others), whose code it is, and whether it counts to eventcal's own
// code (own parts must not nest in one another).
type profPart struct {
	name, fn, whose string
	own             bool
}

// cachedParts are the parts of a cached page's cost.
var cachedParts = []profPart{
	{"the whole request in fasthttp (the rest: Go runtime, GC, idle polling)", "github.com/valyala/fasthttp.(*Server).serveConn", "all", false},
	{"session and page read (one script: the session, its epoch check, generation + page bytes)", "github.com/eventcal/eventcal/accounts.(*Service).loadSession", "eventcal → go-redis", false},
	{"the probed page decided (generation, variant, expiry)", "github.com/eventcal/eventcal/cache.(*Cache).PageProbed", "eventcal", false},
	{"rendered page lookup without a probe (one more MGET)", "github.com/eventcal/eventcal/cache.(*Cache).Page", "eventcal → go-redis", false},
	{"the layout's compressed frame (found, or rendered once)", "github.com/eventcal/eventcal/handlers.(*Handler).frame", "eventcal", false},
	{"gzip: the frame with the token and the stored content", "github.com/eventcal/eventcal/precompressed.(*Frame).AppendGzip", "eventcal", false},
	{"miss: cache: the 42 day keys and the upcoming list (one MGET + decode)", "github.com/eventcal/eventcal/cache.(*Cache).lists", "eventcal", false},
	{"miss: month view model (cells, chips, URLs)", "github.com/eventcal/eventcal/views.NewCalendarView", "eventcal", false},
	{"miss: HTML rendering and compression, once per fill", "github.com/eventcal/eventcal/precompressed.(*Encoder).Encode", "eventcal", false},
	{"gzip of a response by the compress middleware (level 1)", "github.com/valyala/fasthttp.nonblockingWriteGzip", "klauspost/compress", false},
	{"garbage collector (background marking)", "runtime.gcBgMarkWorker", "Go runtime", false},
}

// uncachedParts are the parts of the dashboard's cost with the cache off
// (every request reads Postgres, renders and compresses), as cachedParts.
var uncachedParts = []profPart{
	{"the whole request in fasthttp (the rest: Go runtime, GC, idle polling)", "github.com/valyala/fasthttp.(*Server).serveConn", "all", false},
	{"session read (one script)", "github.com/eventcal/eventcal/accounts.(*Service).loadSession", "eventcal → go-redis", false},
	{"Postgres: both queries in one batch, rows read and decoded", "github.com/eventcal/eventcal/db.(*Queries).UpcomingAndRange", "pgx (decode: eventcal)", false},
	{"of which: the rows decoded", "github.com/eventcal/eventcal/db.(*rangeDecoder).decode", "eventcal", true},
	{"the month's events bucketed by day", "github.com/eventcal/eventcal/events.bucketByDay", "eventcal", true},
	{"the days' events as the calendar shows them (read-only calendars, what cells show)", "github.com/eventcal/eventcal/handlers.(*Handler).calendarSpecOf", "eventcal", true},
	{"month view model (cells, chips, URLs)", "github.com/eventcal/eventcal/views.NewCalendarView", "eventcal", true},
	{"upcoming list model", "github.com/eventcal/eventcal/handlers.(*Handler).upcomingOf", "eventcal", true},
	{"HTML rendering of the content (templ, and the month grid)", "github.com/eventcal/eventcal/handlers.renderPart", "eventcal, templ", true},
	{"of which: the month grid", "github.com/eventcal/eventcal/views.appendMonthGrid", "eventcal", false},
	{"of which: the upcoming list's items", "github.com/eventcal/eventcal/views.appendListed", "eventcal", false},
	{"gzip of the content, once for the response (level 1)", "github.com/eventcal/eventcal/precompressed.(*Encoder).EncodeOnce", "klauspost/compress", false},
	{"the layout's compressed frame around it, with the token", "github.com/eventcal/eventcal/precompressed.(*Frame).AppendGzip", "eventcal", false},
	{"system calls (sockets: client, Postgres, Redis)", "internal/runtime/syscall/linux.Syscall6", "kernel", false},
	{"garbage collector (background marking)", "runtime.gcBgMarkWorker", "Go runtime", false},
}

// profileBreakdown is a table of parts' cumulative shares, read from
// `go tool pprof -top -cum`, and the share of the parts that are
// eventcal's own code (0 when none is marked).
func profileBreakdown(top string, parts []profPart) (string, float64) {
	cum := map[string]string{}
	for _, line := range strings.Split(top, "\n") {
		f := strings.Fields(line)
		if len(f) >= 6 && strings.HasSuffix(f[4], "%") {
			cum[strings.Join(f[5:], " ")] = f[4]
		}
	}
	var b strings.Builder
	b.WriteString("share of CPU samples (cumulative)   part   [whose code]\n")
	var own float64
	var owned bool
	for _, p := range parts {
		v, ok := cum[p.fn]
		if !ok {
			v = "–"
		}
		mark := ""
		if p.own {
			owned, mark = true, " *"
			if x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64); err == nil {
				own += x / 100
			}
		}
		fmt.Fprintf(&b, "%34s   %s   [%s]%s\n", v, p.name, p.whose, mark)
	}
	if owned {
		fmt.Fprintf(&b, "%33.2f%%   eventcal's own code in all (the parts marked *)\n", own*100)
	}
	return b.String(), own
}
