package main

import (
	"bufio"
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// serveEnv points run at the test database and a free loopback port.
func serveEnv(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	t.Setenv("DATABASE_URL", env.DatabaseURL)
	t.Setenv("REDIS_URL", env.Config.RedisURL)
	t.Setenv("REDIS_PREFIX", env.Prefix)
	t.Setenv("DEBUG", "true")
	t.Setenv("ADDR", addr)
	t.Setenv("LOG_FILE", os.DevNull)
	t.Setenv("SHUTDOWN_TIMEOUT", "10s")
	return addr
}

func waitReady(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second) // generous: -race on a busy machine
	for time.Now().Before(deadline) {
		if r, err := http.Get("http://" + addr + "/healthz"); err == nil {
			r.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatal("server did not start")
}

func TestInFlightRequestCompletesOnShutdown(t *testing.T) {
	addr := serveEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}) }()
	waitReady(t, addr)

	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Half a request is in flight when the signal arrives...
	if _, err := conn.Write([]byte("GET /readyz HTTP/1.1\r\nHost: localhost\r\n")); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // until read, a connection looks idle to fasthttp
	cancel()
	time.Sleep(200 * time.Millisecond)
	// ...and still gets its answer.
	if _, err := conn.Write([]byte("\r\n")); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("in-flight request lost: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("in-flight request answered %d", res.StatusCode)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("server did not stop")
	}
	// New connections are refused once it has stopped.
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Fatal("still accepting connections after shutdown")
	}
}

func TestBadConfigurationStopsStartup(t *testing.T) {
	serveEnv(t)
	t.Setenv("DATABASE_URL", "nonsense")
	err := run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.HasPrefix(err.Error(), "DATABASE_URL:") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("want one line naming DATABASE_URL, got %v", err)
	}
	serveEnv(t)
	t.Setenv("DEBUG", "false")
	t.Setenv("SECRET_KEY", "")
	err = run(context.Background(), []string{"serve"}, strings.NewReader(""), &bytes.Buffer{})
	if err == nil || !strings.HasPrefix(err.Error(), "SECRET_KEY:") {
		t.Fatalf("want an error naming SECRET_KEY, got %v", err)
	}
}

func TestMigrateAndCreateSuperuserAndSeed(t *testing.T) {
	serveEnv(t)
	var out bytes.Buffer
	if err := run(context.Background(), []string{"migrate"}, strings.NewReader(""), &out); err != nil {
		t.Fatal(err)
	}
	t.Setenv("EVENTCAL_PASSWORD", "a sturdy admin passphrase")
	out.Reset()
	if err := run(context.Background(), []string{"createsuperuser", "-username", "root_admin"}, strings.NewReader(""), &out); err != nil {
		t.Fatalf("createsuperuser: %v (%s)", err, out.String())
	}
	u, err := env.Store.GetUserByLogin(context.Background(), "root_admin")
	if err != nil || !u.IsAdmin {
		t.Fatalf("superuser not stored as admin: %+v %v", u, err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"seed", "-username", "demo_seed", "-events", "120"}, strings.NewReader(""), &out); err != nil {
		t.Fatalf("seed: %v", err)
	}
	d, err := env.Store.GetUserByLogin(context.Background(), "demo_seed")
	if err != nil {
		t.Fatal(err)
	}
	n, err := env.Store.CountUserEvents(context.Background(), d.ID)
	if err != nil || n != 120 {
		t.Fatalf("seeded %d events: %v", n, err)
	}
	if err := run(context.Background(), []string{"frobnicate"}, strings.NewReader(""), &out); err == nil {
		t.Fatal("unknown command accepted")
	}
}

// TestMetricsAddrListener: with METRICS_ADDR, serve runs a second listener
// for /metrics and /readyz, which leave the public one.
func TestMetricsAddrListener(t *testing.T) {
	addr := serveEnv(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	maddr := ln.Addr().String()
	ln.Close()
	t.Setenv("METRICS_ADDR", maddr)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve"}, strings.NewReader(""), &bytes.Buffer{}) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	waitReady(t, addr)
	status := func(url string) int {
		r, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		r.Body.Close()
		return r.StatusCode
	}
	for _, p := range []string{"/metrics", "/readyz"} {
		if s := status("http://" + addr + p); s != http.StatusNotFound {
			t.Errorf("public %s: %d", p, s)
		}
		if s := status("http://" + maddr + p); s != http.StatusOK {
			t.Errorf("METRICS_ADDR %s: %d", p, s)
		}
	}
}
