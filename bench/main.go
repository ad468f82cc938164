// Command bench measures eventcal's pages under load and sets them beside
// the physical bound of the same work: a bare Fiber handler serving the
// same bytes from one Redis GET, and one running the month view's range
// query. `make bench` runs it; it prints one markdown table and writes it,
// with the machine and the commit, to bench/results.md.
//
//	bench [flags]          the whole measurement (see -h), then Lighthouse
//	                       on a simulated phone (bench/lighthouse)
//	bench bound [flags]    one bound server (started by the measurement)
//
// It uses DATABASE_URL / REDIS_URL when set, scripts/services.sh otherwise;
// it owns the database eventcal_bench (dropped and recreated each run) and
// the Redis key prefix eventcal_bench: (only its own keys are deleted,
// never a whole database).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	var err error
	if len(os.Args) > 1 && os.Args[1] == "bound" {
		err = runBound(ctx, os.Args[2:])
	} else {
		err = run(ctx, os.Args[1:])
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// options are the measurement's knobs.
type options struct {
	rounds      int
	duration    time.Duration
	warmup      time.Duration
	conns       int
	userEvents  int
	otherUsers  int
	otherEvents int
	smallEvents int
	dbName      string
	prefix      string
	out         string
	profile     bool
	keep        bool
	loads       bool // the wrk loads (the large seed, bounds, pages, profile, writes)
	lighthouse  bool // Lighthouse on a simulated phone
	lhRuns      int  // Lighthouse runs per page
}

func parseOptions(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.IntVar(&o.rounds, "rounds", 5, "wrk rounds per page (the median is reported)")
	fs.DurationVar(&o.duration, "duration", 3*time.Second, "length of one wrk round")
	fs.DurationVar(&o.warmup, "warmup", time.Second, "unreported wrk run before a page's rounds")
	fs.IntVar(&o.conns, "connections", 32, "wrk connections")
	fs.IntVar(&o.userEvents, "events", 500, "events of the measured user, over the year around today")
	fs.IntVar(&o.otherUsers, "other-users", 1000, "other users")
	fs.IntVar(&o.otherEvents, "other-events", 100000, "events of the other users (the large run)")
	fs.IntVar(&o.smallEvents, "small-events", 1000, "events of the other users in the small run (scaling check)")
	fs.StringVar(&o.dbName, "db", "eventcal_bench", "database to drop, create and seed")
	fs.StringVar(&o.prefix, "prefix", "eventcal_bench:", "Redis key prefix")
	fs.StringVar(&o.out, "out", "bench/results.md", "where to write the results")
	fs.BoolVar(&o.profile, "profile", true, "take CPU profiles of the dashboard under load, cache on and off")
	fs.BoolVar(&o.keep, "keep", false, "keep the database and Redis keys afterwards")
	fs.BoolVar(&o.loads, "loads", true, "run the wrk loads (false: Lighthouse only, on the small run's data)")
	fs.BoolVar(&o.lighthouse, "lighthouse", true, "score the pages with Lighthouse (npm ci in bench/lighthouse, Debian's Chromium)")
	fs.IntVar(&o.lhRuns, "lighthouse-runs", 3, "Lighthouse runs per page (the median is reported)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	switch {
	case o.rounds < 1 || o.duration < time.Second || o.conns < 1:
		return o, errors.New("-rounds ≥ 1, -duration ≥ 1s and -connections ≥ 1")
	case o.userEvents < 1 || o.otherUsers < 1 || o.smallEvents < o.otherUsers || o.otherEvents < o.smallEvents:
		return o, errors.New("need -events ≥ 1, -other-users ≥ 1 and -other-users ≤ -small-events ≤ -other-events")
	case o.prefix == "" || o.prefix == "eventcal:":
		return o, errors.New("-prefix must be a prefix of the benchmark's own")
	case o.lhRuns < 1:
		return o, errors.New("-lighthouse-runs ≥ 1")
	case !o.loads && !o.lighthouse:
		return o, errors.New("-loads=false and -lighthouse=false leave nothing to measure")
	}
	return o, nil
}

// run is the whole measurement.
func run(ctx context.Context, args []string) error {
	o, err := parseOptions(args)
	if err != nil {
		return err
	}
	started := time.Now()
	logf("eventcal bench: %d×%s rounds, %d connections, GOMAXPROCS of this process %d", o.rounds, o.duration, o.conns, runtime.GOMAXPROCS(0))

	root, err := repoRoot()
	if err != nil {
		return err
	}
	wrkPath := ""
	if o.loads {
		if wrkPath, err = ensureWrk(ctx); err != nil {
			return err
		}
	}
	svc, err := findServices(ctx, root)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "eventcal-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)

	b := &bench{o: o, root: root, work: work, wrk: wrkPath, svc: svc, cpus: pinning(runtime.NumCPU())}
	defer b.cleanup()
	if err := b.prepare(ctx); err != nil {
		return err
	}
	res := &results{date: time.Now(), machine: machine(), commit: commit(ctx, root), o: o, cpus: b.cpus, totalUsers: o.otherUsers + 2, loadBefore: loadAvg(), seedTime: b.seedTime}
	if o.loads {
		if res, err = b.measure(ctx); err != nil {
			return err
		}
	}
	if o.lighthouse {
		if res.lighthouse, err = b.lighthouse(ctx); err != nil {
			return err
		}
		res.loadAfter = loadAvg()
	}
	res.Elapsed = time.Since(started)
	md := res.markdown()
	fmt.Println()
	fmt.Println(md)
	if err := os.WriteFile(o.out, []byte(md), 0o644); err != nil {
		return err
	}
	logf("wrote %s (%s in all)", o.out, res.Elapsed.Round(time.Second))
	return nil
}

// logf prints a progress line to stderr.
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}
