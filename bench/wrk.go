package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// writeMixLua is the write mix: each connection alternates a plain form
// POST /events (with the session cookie and the CSRF token as header and
// field) and a GET of the created event's details (the Location of the 303).
// Events go to 2090 so that they touch none of the measured pages.
// Arguments: CSRF token, Cookie header.
const writeMixLua = `
local token, cookie
local pending = {}
local n = 0
function init(args)
  token = args[1]
  cookie = args[2]
end
function request()
  local id = table.remove(pending)
  if id then
    return wrk.format("GET", "/events/" .. id, {["Cookie"] = cookie, ["Accept-Encoding"] = "gzip"})
  end
  n = n + 1
  local day = string.format("2090-%02d-%02d", n % 12 + 1, n % 28 + 1)
  local body = "title=Bench+write+" .. n .. "&description=&location=&start=" .. day ..
    "T09%3A00&end=" .. day .. "T10%3A00&_csrf=" .. token
  return wrk.format("POST", "/events", {
    ["Cookie"] = cookie,
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-CSRF-Token"] = token,
    ["Accept-Encoding"] = "gzip",
  }, body)
end
function response(status, headers, body)
  if status == 303 then
    local loc = headers["Location"] or headers["location"]
    local id = loc and string.match(loc, "^/events/(%d+)$")
    if id then table.insert(pending, id) end
  end
end
`

// wrkRun is one wrk run's figures.
type wrkRun struct {
	RPS      float64
	P50, P99 time.Duration
	Requests int64
	Read     float64 // bytes read
	Bad      int64   // non-2xx/3xx responses plus socket errors
	Errors   string  // wrk's lines counting them
	// CPU is the server process's CPU time per request (0 when unknown):
	// unlike req/s, other work on a shared machine barely changes it.
	CPU time.Duration
}

// load is what wrk sends.
type load struct {
	url     string
	headers []string // "Name: value"
	script  string   // Lua file, or ""
	args    []string // script arguments
	pid     int      // the server's process, for its CPU time (0: none)
	log     string   // the server's log, quoted when a run has errors
}

// runWrk runs wrk once (pinned to the wrk cores) and parses its report.
func (b *bench) runWrk(ctx context.Context, l load, d time.Duration) (wrkRun, error) {
	args := []string{"-t", strconv.Itoa(b.cpus.wrkThreads), "-c", strconv.Itoa(b.o.conns),
		"-d", strconv.Itoa(int(d.Round(time.Second)/time.Second)) + "s", "--latency", "--timeout", "5s"}
	for _, h := range l.headers {
		args = append(args, "-H", h)
	}
	if l.script != "" {
		args = append(args, "-s", l.script)
	}
	args = append(args, l.url)
	if len(l.args) > 0 {
		args = append(append(args, "--"), l.args...)
	}
	exe, argv := pinned(b.cpus.wrk, b.wrk, args...)
	cpu0 := processCPU(l.pid)
	out, err := exec.CommandContext(ctx, exe, argv...).CombinedOutput()
	cpu1 := processCPU(l.pid)
	if err != nil {
		return wrkRun{}, fmt.Errorf("wrk %s: %w\n%s", l.url, err, out)
	}
	r, err := parseWrk(string(out))
	if err == nil && cpu0 > 0 && cpu1 > cpu0 && r.Requests > 0 {
		r.CPU = (cpu1 - cpu0) / time.Duration(r.Requests)
	}
	return r, err
}

// processCPU is the CPU time pid's threads have used, summed from
// /proc/<pid>/task/*/schedstat (nanoseconds; the process's own schedstat
// counts only its first thread), 0 when unknown.
func processCPU(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	dir := "/proc/" + strconv.Itoa(pid) + "/task"
	tasks, err := os.ReadDir(dir)
	if err != nil {
		return 0
	}
	var total time.Duration
	for _, t := range tasks {
		b, err := os.ReadFile(dir + "/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread just ended
		}
		if f := strings.Fields(string(b)); len(f) > 0 {
			ns, _ := strconv.ParseInt(f[0], 10, 64)
			total += time.Duration(ns)
		}
	}
	return total
}

// writeScript stores the write mix's Lua script in dir.
func writeScript(dir string) (string, error) {
	p := dir + "/writemix.lua"
	return p, os.WriteFile(p, []byte(writeMixLua), 0o644)
}

// medianRun is the median of each figure over rounds (requests, bytes and
// errors are summed).
func medianRun(runs []wrkRun) wrkRun {
	var m wrkRun
	rps := make([]float64, len(runs))
	p50 := make([]time.Duration, len(runs))
	p99 := make([]time.Duration, len(runs))
	cpu := make([]time.Duration, len(runs))
	for i, r := range runs {
		rps[i], p50[i], p99[i], cpu[i] = r.RPS, r.P50, r.P99, r.CPU
		m.Requests += r.Requests
		m.Read += r.Read
		m.Bad += r.Bad
	}
	slices.Sort(rps)
	slices.Sort(p50)
	slices.Sort(p99)
	slices.Sort(cpu)
	h := len(runs) / 2
	m.RPS, m.P50, m.P99, m.CPU = rps[h], p50[h], p99[h], cpu[h]
	return m
}

var (
	reRPS     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	reP50     = regexp.MustCompile(`(?m)^\s+50%\s+([0-9.]+)(us|ms|s)\s*$`)
	reP99     = regexp.MustCompile(`(?m)^\s+99%\s+([0-9.]+)(us|ms|s)\s*$`)
	reReqs    = regexp.MustCompile(`(\d+) requests in [0-9.]+\w+, ([0-9.]+)([KMG]?B) read`)
	reNon2xx  = regexp.MustCompile(`Non-2xx or 3xx responses:\s+(\d+)`)
	reSockErr = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// parseWrk reads wrk --latency output.
func parseWrk(out string) (wrkRun, error) {
	var r wrkRun
	m := reRPS.FindStringSubmatch(out)
	p50 := reP50.FindStringSubmatch(out)
	p99 := reP99.FindStringSubmatch(out)
	n := reReqs.FindStringSubmatch(out)
	if m == nil || p50 == nil || p99 == nil || n == nil {
		return r, fmt.Errorf("unexpected wrk output:\n%s", out)
	}
	r.RPS, _ = strconv.ParseFloat(m[1], 64)
	r.P50, r.P99 = wrkDuration(p50[1], p50[2]), wrkDuration(p99[1], p99[2])
	r.Requests, _ = strconv.ParseInt(n[1], 10, 64)
	r.Read, _ = strconv.ParseFloat(n[2], 64)
	r.Read *= map[string]float64{"B": 1, "KB": 1 << 10, "MB": 1 << 20, "GB": 1 << 30}[n[3]]
	if m := reNon2xx.FindStringSubmatch(out); m != nil {
		v, _ := strconv.ParseInt(m[1], 10, 64)
		r.Bad += v
		r.Errors += m[0] + "; "
	}
	if m := reSockErr.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			v, _ := strconv.ParseInt(s, 10, 64)
			r.Bad += v
		}
		r.Errors += m[0]
	}
	return r, nil
}

func wrkDuration(v, unit string) time.Duration {
	f, _ := strconv.ParseFloat(v, 64)
	switch unit {
	case "us":
		return time.Duration(f * float64(time.Microsecond))
	case "ms":
		return time.Duration(f * float64(time.Millisecond))
	}
	return time.Duration(f * float64(time.Second))
}
