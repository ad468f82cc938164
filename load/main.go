// Command load drives a running eventcal with mixed reads and writes and
// checks that nothing fails and nothing read is stale.
//
//	go run ./load [-base URL] [-c 64] [-d 60s] [-users 16]
//
// It registers its own users through the real registration form (each user
// shared by c/users connections, each connection one TCP connection), then
// for -d every connection loops: create, rename or move, delete, or read a
// view (month, week, day, upcoming, search, details). After each write the
// same client at once reads the affected day list, month and details and
// checks that they show the write; anything else is a stale read. It
// reports throughput, latencies, errors and stale reads, and exits 1 unless
// both are 0.
//
// The target must be on this machine: BASE_URL (or -base) must name a
// loopback address; anything else is refused. The run stops by itself.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// maxDuration bounds a run whatever -d says.
const maxDuration = 10 * time.Minute

// options are the command line.
type options struct {
	Base    string
	Conns   int
	Users   int
	Dur     time.Duration
	Timeout time.Duration // per request
}

func main() {
	base := os.Getenv("BASE_URL")
	if base == "" {
		base = "http://localhost:8000"
	}
	var o options
	flag.StringVar(&o.Base, "base", base, "the eventcal to load (loopback only; default $BASE_URL)")
	flag.IntVar(&o.Conns, "c", 64, "concurrent connections")
	flag.IntVar(&o.Users, "users", 16, "users to register (the connections share them)")
	flag.DurationVar(&o.Dur, "d", 60*time.Second, "how long to run (at most 10m)")
	flag.DurationVar(&o.Timeout, "timeout", 10*time.Second, "per request")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rep, err := run(ctx, o, os.Stdout)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	if rep.Errors > 0 || rep.Stale > 0 {
		fmt.Fprintf(os.Stderr, "load: FAILED: %d errors, %d stale reads\n", rep.Errors, rep.Stale)
		os.Exit(1)
	}
}

// report is the outcome of a run.
type report struct {
	Ops       int64
	Writes    int64
	Errors    int64
	Stale     int64
	Latencies []time.Duration
	Elapsed   time.Duration
	Samples   []string // the first failures, for the log
}

// run validates the options, registers the users and loads the server.
func run(ctx context.Context, o options, out io.Writer) (*report, error) {
	u, err := url.Parse(strings.TrimRight(o.Base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("base %q is not an http(s) URL", o.Base)
	}
	if err := loopbackOnly(ctx, u.Hostname()); err != nil {
		return nil, err
	}
	if o.Conns < 1 || o.Users < 1 {
		return nil, errors.New("-c and -users must be at least 1")
	}
	o.Users = min(o.Users, o.Conns)
	o.Dur = min(max(o.Dur, time.Second), maxDuration)
	base := u.String()

	fmt.Fprintf(out, "load: %s, %d connections, %d users, %v\n", base, o.Conns, o.Users, o.Dur)
	jars, tokens, err := registerUsers(ctx, base, o)
	if err != nil {
		return nil, err
	}

	rep := &report{}
	var ops, writes, errs, stale atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	lat := make([][]time.Duration, o.Conns)
	runCtx, cancel := context.WithTimeout(ctx, o.Dur)
	defer cancel()
	start := time.Now()
	for i := range o.Conns {
		c := newClient(i, base, o.Timeout, jars[i%o.Users], tokens[i%o.Users])
		wg.Go(func() {
			defer c.http.CloseIdleConnections()
			for runCtx.Err() == nil {
				t0 := time.Now()
				wrote, err := c.step(runCtx)
				if runCtx.Err() != nil && err != nil {
					return // cut short by the deadline: not the server's failure
				}
				lat[i] = append(lat[i], time.Since(t0))
				ops.Add(1)
				if wrote {
					writes.Add(1)
				}
				if err != nil {
					if errors.Is(err, errStale) {
						stale.Add(1)
					} else {
						errs.Add(1)
					}
					mu.Lock()
					if len(rep.Samples) < 10 {
						rep.Samples = append(rep.Samples, err.Error())
					}
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	rep.Ops, rep.Writes, rep.Errors, rep.Stale = ops.Load(), writes.Load(), errs.Load(), stale.Load()
	for _, l := range lat {
		rep.Latencies = append(rep.Latencies, l...)
	}
	rep.print(out)
	return rep, nil
}

// registerUsers registers o.Users users, four at a time, and returns each
// one's cookie jar and CSRF token.
func registerUsers(ctx context.Context, base string, o options) ([]http.CookieJar, []string, error) {
	jars := make([]http.CookieJar, o.Users)
	tokens := make([]string, o.Users)
	var regErr error
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4) // registration hashes passwords: go easy
	for i := range jars {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			jar, tok, err := register(ctx, base, o.Timeout)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				regErr = errors.Join(regErr, err)
				return
			}
			jars[i], tokens[i] = jar, tok
		})
	}
	wg.Wait()
	if regErr != nil {
		return nil, nil, fmt.Errorf("registering users: %w", regErr)
	}
	return jars, tokens, nil
}

func (r *report) print(out io.Writer) {
	sort.Slice(r.Latencies, func(i, j int) bool { return r.Latencies[i] < r.Latencies[j] })
	pct := func(p float64) time.Duration {
		if len(r.Latencies) == 0 {
			return 0
		}
		return r.Latencies[min(len(r.Latencies)-1, int(p*float64(len(r.Latencies))))]
	}
	fmt.Fprintf(out, "load: %d operations (%d writes) in %v: %.0f ops/s; an operation (a write and its reads) p50 %v, p99 %v, max %v\n",
		r.Ops, r.Writes, r.Elapsed.Round(time.Millisecond), float64(r.Ops)/r.Elapsed.Seconds(),
		pct(0.5).Round(time.Microsecond), pct(0.99).Round(time.Microsecond), pct(1).Round(time.Microsecond))
	fmt.Fprintf(out, "load: errors %d, stale reads %d\n", r.Errors, r.Stale)
	for _, s := range r.Samples {
		fmt.Fprintln(out, "load:   ", s)
	}
}

// loopbackOnly refuses a host that is not (or does not resolve only to) a
// loopback address.
func loopbackOnly(ctx context.Context, host string) error {
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsLoopback() {
			return nil
		}
		return fmt.Errorf("%s is not a loopback address: load only targets this machine", host)
	}
	ips, err := net.DefaultResolver.LookupIPAddr(ctx, host)
	if err != nil {
		return err
	}
	for _, ip := range ips {
		if !ip.IP.IsLoopback() {
			return fmt.Errorf("%s resolves to %s, not loopback: load only targets this machine", host, ip.IP)
		}
	}
	return nil
}
