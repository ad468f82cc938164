package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Targets of issue 9 (DESIGN.md, Budgets).
const (
	targetDashRatio   = 0.5                   // cached dashboard vs the Redis GET bound
	targetP99         = 20 * time.Millisecond // cached pages at the measured connections
	targetFragmentGz  = 4096                  // month fragment, gzip bytes
	targetScaleFactor = 2.0                   // large vs small run latency
	targetMissQueries = 2
)

func fmtDur(d time.Duration) string {
	switch {
	case d >= 10*time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 1, 64) + " ms"
	case d >= time.Millisecond:
		return strconv.FormatFloat(float64(d)/1e6, 'f', 2, 64) + " ms"
	}
	return strconv.FormatFloat(float64(d)/1e3, 'f', 0, 64) + " µs"
}

func fmtInt(n int) string {
	s := strconv.Itoa(n)
	if n < 10000 {
		return s
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(" ")
		}
		b.WriteRune(c)
	}
	return b.String()
}

// markdown renders the report.
func (r *results) markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# eventcal performance (`make bench`)\n\n")
	w("- date: %s\n", r.date.Format("2006-01-02 15:04 MST"))
	w("- machine: %s\n", r.machine)
	w("- commit: %s\n", r.commit)
	if len(r.rows) > 0 {
		w("- load: wrk, %d connections, %d thread(s), %d × %s rounds after a %s warm-up, medians reported; every request carries the session cookie and `Accept-Encoding: gzip`, fragments `HX-Request: true`\n",
			r.o.conns, r.cpus.wrkThreads, r.o.rounds, r.o.duration, r.o.warmup)
		w("- pinning: %s\n", r.cpus.note)
	}
	w("- machine load (/proc/loadavg) before / after: %s / %s — the machine may be shared; rounds of all loads are interleaved so that other work lands on every figure alike\n", r.loadBefore, r.loadAfter)
	w("- data: the measured user has %d events over the year around today; %s other users hold %s events (seeded by `eventcal seed` and COPY in %s); for the large run %d more owners hold %d events each in calendars shared with a `%s` user, and a `%s` user holds the same events in one calendar of their own (see Calendars)\n",
		r.o.userEvents, fmtInt(r.totalUsers-2), fmtInt(r.o.otherEvents), r.seedTime.Round(100*time.Millisecond), sharedCalendars, sharedPerCalendar, shareeUser, oneCalendarUser)
	w("- servers: `DEBUG=true` (for `X-DB-Queries`) with `LOG_LEVEL=info`, so the cache's per-lookup debug lines are not written (at debug level they would dominate)\n\n")

	if len(r.rows) > 0 {
		w("| page | cache | req/s | × bound | p50 | p99 | server CPU/req | × bound by CPU | SQL cold / warm | Redis cmds/req | bytes raw | bytes gzip |\n")
		w("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n")
		for _, x := range r.bounds {
			w("| %s | — | %s | 1 | %s | %s | %s | 1 | %s | %s | — | %s |\n", x.page, fmtInt(int(x.run.RPS)), fmtDur(x.run.P50), fmtDur(x.run.P99), fmtDur(x.run.CPU),
				map[bool]string{true: "1 / 1", false: "0 / 0"}[strings.Contains(x.page, "pgx")],
				map[bool]string{true: "1", false: "0"}[strings.Contains(x.page, "Redis")],
				map[bool]string{true: "—", false: fmtInt(r.dashRedis)}[strings.Contains(x.page, "pgx")])
		}
		for _, x := range r.rows {
			sql, redis, raw, gz := "—", "—", "—", "—"
			if x.probed {
				sql = fmt.Sprintf("%d / %d", x.probe.sqlCold, x.probe.sqlWarm)
				redis = strconv.FormatFloat(x.probe.redisPerReq, 'f', 1, 64)
				raw, gz = fmtInt(x.probe.raw), fmtInt(x.probe.gzip)
			}
			w("| %s | %s | %s | %.2f × %s | %s | %s | %s | %.2f | %s | %s | %s | %s |\n", x.page, x.mode, fmtInt(int(x.run.RPS)), x.ratio, x.bound,
				fmtDur(x.run.P50), fmtDur(x.run.P99), fmtDur(x.run.CPU), x.cpu, sql, redis, raw, gz)
		}
		w("\nRatios: cached pages against the Redis-GET bound, uncached pages and the write mix against the pgx bound. ")
		w("Server CPU/req is the server process's CPU time (`/proc/<pid>/schedstat`) over a round divided by its requests: other work on a shared machine lowers req/s but barely changes it, so the ratio by CPU is what the page would reach on a core of its own (Redis and Postgres not counted, on either side). ")
		w("The bounds serve the dashboard's own gzip bytes (%s B), so they do no rendering and no compression: they are the physical floor of the work. ", fmtInt(r.dashRedis))
		w("SQL queries come from `X-DB-Queries` (cold: the first request after a fresh sign-in, which drops the user's cache; warm: the next). ")
		w("Redis commands per request: the `total_commands_processed` delta of `INFO stats` over 50 warm requests, least of three tries (sessions and cache together).\n")
		w("Write mix: %s.\n\n", r.writeNote)

		w("## Scaling: %s vs %s other events (cache off, Postgres every time)\n\n", fmtInt(r.o.smallEvents), fmtInt(r.o.otherEvents))
		w("| page | p50 at %s | p50 at %s | ratio | req/s at %s | req/s at %s |\n|---|--:|--:|--:|--:|--:|\n",
			fmtInt(r.o.smallEvents), fmtInt(r.o.otherEvents), fmtInt(r.o.smallEvents), fmtInt(r.o.otherEvents))
		for _, s := range r.scale {
			w("| %s | %s | %s | %.2f | %s | %s |\n", s.page, fmtDur(s.small.P50), fmtDur(s.large.P50), ratio(s.large.P50, s.small.P50),
				fmtInt(int(s.small.RPS)), fmtInt(int(s.large.RPS)))
		}

		w("\n## Calendars: %d shared calendars of %d (one also shared with %d users) vs one own calendar of %d events, and vs one own calendar of the same %s events\n\n",
			sharedCalendars, sharedPerCalendar, sharedAudience, r.o.userEvents, fmtInt(sharedCalendars*sharedPerCalendar))
		w("| page | p50, one of %d | p50, one of %s | p50, shared | CPU/req, one of %d | CPU/req, one of %s | CPU/req, shared | shared ÷ one of %d by CPU | shared ÷ one of %s by CPU |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|\n",
			r.o.userEvents, fmtInt(sharedCalendars*sharedPerCalendar), r.o.userEvents, fmtInt(sharedCalendars*sharedPerCalendar), r.o.userEvents, fmtInt(sharedCalendars*sharedPerCalendar))
		for _, s := range r.shared {
			w("| %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |\n", s.page, fmtDur(s.small.P50), fmtDur(s.same.P50), fmtDur(s.large.P50),
				fmtDur(s.small.CPU), fmtDur(s.same.CPU), fmtDur(s.large.CPU), ratio(s.large.CPU, s.small.CPU), ratio(s.large.CPU, s.same.CPU))
		}
		w("\nThe first ratio is what twenty times the events cost a month (a miss reads and buckets every event of its six weeks); the second is what the calendars and their sharing cost over the same events in one calendar.\n")
	}
	if r.lighthouse != nil {
		w("\n%s", r.lighthouse.markdown())
	}

	w("\n## Targets\n\n")
	for _, t := range r.targets() {
		w("- %s\n", t)
	}
	if r.profile != "" {
		w("\n## CPU profile of the cached dashboard under load (`PPROF_ADDR`, `go tool pprof -top`)\n\n```\n%s```\n", trimProfile(r.profile))
	}
	if r.profileOff != "" {
		w("\n## CPU profile of the dashboard with the cache off, under load\n\n```\n%s```\n", trimProfile(r.profileOff))
	}
	w("\nRun time: %s.\n", r.Elapsed.Round(time.Second))
	return b.String()
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// trimProfile drops pprof's header lines about files and build ids.
func trimProfile(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if strings.HasPrefix(line, "File:") || strings.HasPrefix(line, "Build ID:") || strings.HasPrefix(line, "Type:") || strings.HasPrefix(line, "Time:") {
			continue
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// targets checks the targets against the figures.
func (r *results) targets() []string {
	mark := func(ok bool) string {
		if ok {
			return "**met**"
		}
		return "**missed**"
	}
	var out []string
	var redisBound, pgxBound float64
	for _, x := range r.bounds {
		switch {
		case strings.Contains(x.page, "Redis"):
			redisBound = x.run.RPS
		case strings.Contains(x.page, "pgx"):
			pgxBound = x.run.RPS
		}
	}
	hitOK, missOK, p99OK := true, true, true
	var hitBad, missBad, p99Bad []string
	for _, x := range r.rows {
		if x.mode == "cache" && x.page == "dashboard `/`" {
			q := x.run.RPS / redisBound
			out = append(out, fmt.Sprintf("%s cached dashboard ≥ %.0f%% of the Redis-GET bound: %.0f%% by req/s (%s vs %s), %.0f%% by server CPU per request",
				mark(q >= targetDashRatio && x.cpu >= targetDashRatio), targetDashRatio*100, q*100, fmtInt(int(x.run.RPS)), fmtInt(int(redisBound)), x.cpu*100))
		}
		if x.mode != "cache" && x.page == "dashboard `/`" {
			q := x.run.RPS / pgxBound
			met := q >= targetDashRatio && x.cpu >= targetDashRatio
			line := fmt.Sprintf("%s cache-off dashboard ≥ %.0f%% of the pgx-query bound: %.0f%% by req/s (%s vs %s), %.0f%% by server CPU per request",
				mark(met), targetDashRatio*100, q*100, fmtInt(int(x.run.RPS)), fmtInt(int(pgxBound)), x.cpu*100)
			if !met && r.ownOff > 0 && r.ownOff < 1 {
				line += ownCodeNote(r.ownOff, x.cpu/(1-r.ownOff))
			}
			out = append(out, line)
		}
		if !x.probed {
			continue
		}
		if x.mode == "cache" && x.probe.sqlWarm != 0 {
			hitOK = false
			hitBad = append(hitBad, x.page)
		}
		if x.probe.sqlCold > targetMissQueries || x.probe.sqlWarm > targetMissQueries && x.mode != "cache" {
			missOK = false
			missBad = append(missBad, x.page+" ("+x.mode+")")
		}
		if x.mode == "cache" && x.run.P99 > targetP99 {
			p99OK = false
			p99Bad = append(p99Bad, x.page)
		}
		if x.mode == "cache" && x.page == "month fragment" {
			out = append(out, fmt.Sprintf("%s month fragment ≤ %d B gzip: %d B", mark(x.probe.gzip <= targetFragmentGz), targetFragmentGz, x.probe.gzip))
		}
	}
	if len(r.rows) > 0 {
		out = append(out, fmt.Sprintf("%s 0 SQL queries on a cache hit, every page%s", mark(hitOK), listed(hitBad)))
		out = append(out, fmt.Sprintf("%s ≤ %d SQL queries on a miss, every page%s", mark(missOK), targetMissQueries, listed(missBad)))
		out = append(out, fmt.Sprintf("%s p99 ≤ %s for cached pages at %d connections%s", mark(p99OK), fmtDur(targetP99), r.o.conns, listed(p99Bad)))
	}
	for _, s := range r.scale {
		q := ratio(s.large.P50, s.small.P50)
		out = append(out, fmt.Sprintf("%s %s latency at %s other events within %.0f× of %s: %.2f×", mark(q <= targetScaleFactor && q > 0), s.page,
			fmtInt(r.o.otherEvents), targetScaleFactor, fmtInt(r.o.smallEvents), q))
	}
	for _, s := range r.shared {
		q := ratio(s.large.CPU, s.small.CPU)
		out = append(out, fmt.Sprintf("%s %s from %d shared calendars within %.0f× of one calendar of %d events, by server CPU: %.2f×", mark(q <= targetScaleFactor && q > 0), s.page,
			sharedCalendars, targetScaleFactor, r.o.userEvents, q))
		q = ratio(s.large.CPU, s.same.CPU)
		out = append(out, fmt.Sprintf("%s %s from %d shared calendars within %.0f× of one calendar of the same %s events, by server CPU: %.2f×", mark(q <= targetScaleFactor && q > 0), s.page,
			sharedCalendars, targetScaleFactor, fmtInt(sharedCalendars*sharedPerCalendar), q))
	}
	if r.lighthouse != nil {
		out = append(out, r.lighthouse.targets()...)
	}
	return out
}

func listed(bad []string) string {
	if len(bad) == 0 {
		return ""
	}
	return " (not: " + strings.Join(bad, ", ") + ")"
}

// ownCodeNote says what a missed ratio would be with none of eventcal's own
// code (own, its share of the page's CPU profile): without is the ratio by
// CPU the rest of the page reaches on its own.
func ownCodeNote(own, without float64) string {
	note := fmt.Sprintf("; eventcal's own code is %.0f%% of its CPU profile, so with none of it the page would be at %.0f%% by CPU", own*100, without*100)
	if without < targetDashRatio {
		return note + ": what keeps it under the target is outside eventcal's code (the session script, both queries in pgx, gzip, system calls, GC)"
	}
	return note + ": eventcal's own code is what is left to cut"
}
