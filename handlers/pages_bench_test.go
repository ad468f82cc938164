package handlers

import (
	"context"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/valyala/fasthttp"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/db"
)

// benchNow is the benchmarks' clock.
var benchNow = time.Date(2025, time.June, 10, 12, 0, 0, 0, time.UTC)

// BenchmarkCachedPages serves signed-in pages with every cache lookup a
// hit, through the whole middleware chain (sessions, CSRF, compression)
// without the network: what a cached page costs in CPU and Redis round
// trips. Profile with -cpuprofile.
func BenchmarkCachedPages(b *testing.B) {
	app, cookie := benchApp(b)
	pages := []struct{ name, path, hx string }{
		{"dashboard", "/", ""},
		{"month", "/calendar?view=month&date=2025-06-10", "true"},
		{"week", "/calendar?view=week&date=2025-06-10", "true"},
		{"day", "/calendar?view=day&date=2025-06-10", "true"},
	}
	handler := app.Handler()
	for _, p := range pages {
		b.Run(p.name, func(b *testing.B) {
			servePage(b, handler, p.path, "Cookie", cookie, "Accept-Encoding", "gzip", "HX-Request", p.hx)
		})
	}
}

// servePage serves GET path through handler without the network, once
// untimed (which fills the cache when it is on) and then b.N times, with
// headers (name, value pairs; an empty value is left out). It reports
// allocations, the process's CPU per request (cpu-µs/op) and the body's
// size as sent, and returns the last body.
func servePage(b *testing.B, handler fasthttp.RequestHandler, path string, headers ...string) []byte {
	b.Helper()
	var req fasthttp.Request
	req.SetRequestURI(path)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] != "" {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	var rc fasthttp.RequestCtx
	serve := func() {
		rc.Response.Reset()
		rc.Init(&req, &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 4000}, nil)
		handler(&rc)
		if code := rc.Response.StatusCode(); code != 200 {
			b.Fatalf("%s: status %d", path, code)
		}
	}
	serve()
	b.ReportAllocs()
	cpu := processCPU()
	for b.Loop() {
		serve()
	}
	b.ReportMetric(float64(processCPU()-cpu)/float64(b.N)/1e3, "cpu-µs/op")
	body := rc.Response.Body()
	b.ReportMetric(float64(len(body)), "bytes")
	return body
}

// BenchmarkUncachedPages serves the dashboard and the month fragment with
// the cache off (every request runs its queries, as a cache miss does) to
// a user with 500 events over the year around benchNow, as `make bench`
// measures them: cpu-µs/op is the process's CPU time per request.
func BenchmarkUncachedPages(b *testing.B) {
	app, cookie := benchAppFor(b, false, func(ctx context.Context, uid int64) {
		r := rand.New(rand.NewPCG(3, 4))
		rows := make([]db.CreateEventsParams, 500)
		for i := range rows {
			start := benchNow.AddDate(0, 0, r.IntN(365)-182).Truncate(time.Hour).Add(time.Duration(r.IntN(12)-4) * time.Hour)
			rows[i] = db.CreateEventsParams{UserID: uid, Title: "Team meeting " + strconv.Itoa(i), Location: "Room 1",
				Description: "Agenda", Color: "blue", StartsAt: start, EndsAt: start.Add(time.Hour), AllDay: i%10 == 0}
		}
		if _, err := env.Store.CreateEvents(ctx, rows); err != nil {
			b.Fatal(err)
		}
	})
	handler := app.Handler()
	for _, p := range []struct{ name, path, hx string }{
		{"dashboard", "/", ""},
		{"month", "/calendar?view=month&date=2025-06-10", "true"},
	} {
		b.Run(p.name, func(b *testing.B) {
			servePage(b, handler, p.path, "Cookie", cookie, "Accept-Encoding", "gzip", "HX-Request", p.hx)
		})
	}
}

// benchApp builds the application on the test database with a user who
// has 60 events around benchNow, signs in through the login form, and
// returns the app and the session's Cookie header.
func benchApp(b *testing.B) (*fiber.App, string) {
	b.Helper()
	return benchAppFor(b, true, func(ctx context.Context, uid int64) {
		r := rand.New(rand.NewPCG(1, 2))
		rows := make([]db.CreateEventsParams, 60)
		for i := range rows {
			start := benchNow.AddDate(0, 0, r.IntN(60)-30).Truncate(time.Hour).Add(time.Duration(r.IntN(10)) * time.Hour)
			rows[i] = db.CreateEventsParams{UserID: uid, Title: "Team meeting " + strconv.Itoa(i), Location: "Room 1",
				Description: "Agenda", Color: "blue", StartsAt: start, EndsAt: start.Add(time.Hour), AllDay: i%10 == 0}
		}
		if _, err := env.Store.CreateEvents(ctx, rows); err != nil {
			b.Fatal(err)
		}
	})
}

// benchAppFor builds the application on the test database (the cache on
// or off) with a new user in Europe/Berlin whose events seed stores, signs
// in through the login form, and returns the app and the session's Cookie
// header.
func benchAppFor(b *testing.B, cacheOn bool, seed func(ctx context.Context, uid int64)) (*fiber.App, string) {
	b.Helper()
	manifest, err := assets.Load()
	if err != nil {
		b.Fatal(err)
	}
	cfg := env.Config
	cfg.RedisPrefix = env.Prefix + "bench" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":"
	cfg.LogLevel = slog.LevelInfo
	cfg.CacheEnabled = cacheOn
	quiet := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	app, _ := New(Deps{
		Config: cfg, Store: env.Store, Redis: env.Redis, SessRedis: env.SessRedis,
		Log: quiet, CacheLog: quiet, Assets: manifest, BcryptCost: bcrypt.MinCost,
		Now: func() time.Time { return benchNow },
	})
	name := "bench" + strconv.FormatInt(time.Now().UnixNano(), 36)
	hash, _ := bcrypt.GenerateFromPassword([]byte("correct horse battery"), bcrypt.MinCost)
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: name, PasswordHash: string(hash), Timezone: "Europe/Berlin"})
	if err != nil {
		b.Fatal(err)
	}
	seed(ctx, u.ID)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	b.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	base := "http://" + ln.Addr().String()
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Get(base + "/login")
	if err != nil {
		b.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := metaCSRF.FindStringSubmatch(string(page))
	if m == nil {
		b.Fatal("no CSRF token on /login")
	}
	res, err = hc.PostForm(base+"/login", url.Values{"username": {name}, "password": {"correct horse battery"}, "_csrf": {m[1]}})
	if err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		b.Fatalf("login: %d", res.StatusCode)
	}
	// The token rotated at sign-in: the next page sets the new one.
	if res, err = hc.Get(base + "/"); err != nil {
		b.Fatal(err)
	}
	res.Body.Close()
	u2, _ := url.Parse(base)
	var parts []string
	for _, c := range jar.Cookies(u2) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return app, strings.Join(parts, "; ")
}
