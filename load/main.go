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
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	mrand "math/rand/v2"
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
		return nil, fmt.Errorf("registering users: %w", regErr)
	}

	rep := &report{}
	var ops, writes, errs, stale atomic.Int64
	lat := make([][]time.Duration, o.Conns)
	runCtx, cancel := context.WithTimeout(ctx, o.Dur)
	defer cancel()
	start := time.Now()
	for i := range o.Conns {
		c := &client{
			base: base,
			http: &http.Client{
				Jar:       jars[i%o.Users],
				Timeout:   o.Timeout,
				Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1},
				CheckRedirect: func(*http.Request, []*http.Request) error {
					return http.ErrUseLastResponse
				},
			},
			csrf: tokens[i%o.Users],
			rng:  mrand.New(mrand.NewPCG(uint64(i), uint64(time.Now().UnixNano()))),
			tag:  "c" + strconv.Itoa(i),
		}
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

// ---------------------------------------------------------------- a client

// errStale marks a read that did not reflect the client's own write.
var errStale = errors.New("stale read")

var (
	metaCSRF  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)
	eventLink = regexp.MustCompile(`href="/events/(\d+)"`)
	savedPath = regexp.MustCompile(`^/events/(\d+)$`)
)

// event is what a client believes one of its events is.
type event struct {
	id    int64
	title string
	day   string
}

// client is one connection of one user.
type client struct {
	base string
	http *http.Client
	csrf string
	rng  *mrand.Rand
	tag  string
	seq  int
	mine []event
}

// register creates a user through the registration form and returns its
// cookie jar and CSRF token.
func register(ctx context.Context, base string, timeout time.Duration) (http.CookieJar, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	if _, _, err := c.get(ctx, "/register", false); err != nil {
		return nil, "", err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "load_" + hex.EncodeToString(b)
	pass := "Quartz lantern " + hex.EncodeToString(b[:3]) + " drifts over harbor!"
	status, hdr, _, err := c.post(ctx, "/register", url.Values{
		"username": {name}, "password": {pass}, "password_confirm": {pass}, "timezone": {"UTC"},
	})
	if err != nil {
		return nil, "", err
	}
	if status != http.StatusSeeOther {
		return nil, "", fmt.Errorf("register %s: status %d (%s)", name, status, hdr.Get("Location"))
	}
	if _, _, err := c.get(ctx, "/events/new", false); err != nil { // the token rotated at sign-in
		return nil, "", err
	}
	return jar, c.csrf, nil
}

func (c *client) get(ctx context.Context, path string, htmx bool) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	status, _, body, err := c.do(req)
	return status, body, err
}

func (c *client) post(ctx context.Context, path string, form url.Values) (int, http.Header, string, error) {
	form.Set("_csrf", c.csrf)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) do(req *http.Request) (int, http.Header, string, error) {
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, "", err
	}
	body := string(b)
	if m := metaCSRF.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return res.StatusCode, res.Header, body, nil
}

// day picks a date within the next two years (spread out, so a month
// cell rarely overflows into "+N more").
func (c *client) day() string {
	return time.Now().UTC().AddDate(0, 0, 1+c.rng.IntN(730)).Format("2006-01-02")
}

func (c *client) form(title, day string) url.Values {
	h := 6 + c.rng.IntN(14)
	return url.Values{
		"title":       {title},
		"description": {"load test " + c.tag},
		"start":       {fmt.Sprintf("%sT%02d:00", day, h)},
		"end":         {fmt.Sprintf("%sT%02d:45", day, h)},
	}
}

// step does one operation; wrote reports whether it was a write.
func (c *client) step(ctx context.Context) (wrote bool, err error) {
	c.seq++
	switch r := c.rng.IntN(100); {
	case r < 35 || len(c.mine) == 0:
		return true, c.create(ctx)
	case r < 50:
		return true, c.update(ctx)
	case r < 60:
		return true, c.remove(ctx)
	}
	return false, c.read(ctx)
}

func (c *client) create(ctx context.Context) error {
	ev := event{title: fmt.Sprintf("L %s %d", c.tag, c.seq), day: c.day()}
	status, hdr, _, err := c.post(ctx, "/events", c.form(ev.title, ev.day))
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	m := savedPath.FindStringSubmatch(hdr.Get("Location"))
	if status != http.StatusSeeOther || m == nil {
		return fmt.Errorf("create: status %d", status)
	}
	ev.id, _ = strconv.ParseInt(m[1], 10, 64)
	c.mine = append(c.mine, ev)
	return c.verify(ctx, ev, "")
}

func (c *client) update(ctx context.Context) error {
	k := c.rng.IntN(len(c.mine))
	old := c.mine[k]
	ev := event{id: old.id, title: fmt.Sprintf("L %s %d renamed", c.tag, c.seq), day: old.day}
	if c.rng.IntN(2) == 0 {
		ev.day = c.day() // moved too
	}
	status, _, _, err := c.post(ctx, "/events/"+strconv.FormatInt(ev.id, 10), c.form(ev.title, ev.day))
	if err != nil {
		return fmt.Errorf("update %d: %w", ev.id, err)
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("update %d: status %d", ev.id, status)
	}
	c.mine[k] = ev
	return c.verify(ctx, ev, old.day)
}

func (c *client) remove(ctx context.Context) error {
	k := c.rng.IntN(len(c.mine))
	ev := c.mine[k]
	c.mine = slices.Delete(c.mine, k, k+1)
	status, _, _, err := c.post(ctx, "/events/"+strconv.FormatInt(ev.id, 10)+"/delete", url.Values{})
	if err != nil {
		return fmt.Errorf("delete %d: %w", ev.id, err)
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("delete %d: status %d", ev.id, status)
	}
	id := strconv.FormatInt(ev.id, 10)
	if status, _, err := c.get(ctx, "/events/"+id, true); err != nil {
		return err
	} else if status != http.StatusNotFound {
		return fmt.Errorf("%w: deleted event %s answers %d", errStale, id, status)
	}
	for _, path := range []string{"/events?date=" + ev.day, "/calendar?view=month&date=" + ev.day} {
		status, body, err := c.get(ctx, path, true)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", path, status)
		}
		if slices.Contains(ids(body), ev.id) {
			return fmt.Errorf("%w: %s still shows deleted event %s", errStale, path, id)
		}
	}
	return nil
}

// verify reads the details, the day list and the month of ev right after
// writing it (and the day it left, when it moved).
func (c *client) verify(ctx context.Context, ev event, oldDay string) error {
	id := strconv.FormatInt(ev.id, 10)
	check := func(path string, want bool) error {
		status, body, err := c.get(ctx, path, true)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", path, status)
		}
		shown := slices.Contains(ids(body), ev.id)
		switch {
		case want && strings.HasPrefix(path, "/calendar") && !shown && monthCellOverflows(body, ev.day):
			return nil // the month cell shows "+N more"; the day list is checked
		case want && (!shown || !strings.Contains(body, ev.title)):
			return fmt.Errorf("%w: %s does not show event %s %q", errStale, path, id, ev.title)
		case !want && shown:
			return fmt.Errorf("%w: %s still shows event %s on its old day", errStale, path, id)
		}
		return nil
	}
	if status, body, err := c.get(ctx, "/events/"+id, true); err != nil {
		return err
	} else if status != http.StatusOK || !strings.Contains(body, ev.title) {
		return fmt.Errorf("%w: details of %s do not show %q (status %d)", errStale, id, ev.title, status)
	}
	if err := check("/events?date="+ev.day, true); err != nil {
		return err
	}
	if err := check("/calendar?view=month&date="+ev.day, true); err != nil {
		return err
	}
	if oldDay != "" && oldDay != ev.day {
		return check("/events?date="+oldDay, false)
	}
	return nil
}

// read loads one view.
func (c *client) read(ctx context.Context) error {
	paths := []string{"/", "/upcoming", "/search?q=" + url.QueryEscape("L "+c.tag), "/calendar?view=week&date=" + c.day(), "/events?date=" + c.day()}
	if len(c.mine) > 0 {
		ev := c.mine[c.rng.IntN(len(c.mine))]
		paths = append(paths, "/events/"+strconv.FormatInt(ev.id, 10), "/calendar?view=month&date="+ev.day)
	}
	path := paths[c.rng.IntN(len(paths))]
	status, _, err := c.get(ctx, path, c.rng.IntN(2) == 0)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, status)
	}
	return nil
}

// ids lists the event ids a page links to.
func ids(body string) []int64 {
	var out []int64
	for _, m := range eventLink.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// monthCellOverflows reports whether the month grid's cell for day shows
// "+N more" (its events are then on the day list only).
func monthCellOverflows(body, day string) bool {
	for _, cell := range strings.Split(body, "<td")[1:] {
		if strings.Contains(cell, "date="+day+`"`) {
			return strings.Contains(cell, " more<")
		}
	}
	return false
}
