package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"os"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/handlers"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// TestLoadSmoke runs the load briefly against an in-process server: users
// register through the form, and there is no error and no stale read.
func TestLoadSmoke(t *testing.T) {
	manifest, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	app, _ := handlers.New(handlers.Deps{
		Config: env.Config, Store: env.Store, Redis: env.Redis, SessRedis: env.SessRedis,
		Log: slog.New(slog.DiscardHandler), Assets: manifest, BcryptCost: bcrypt.MinCost,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	defer func() { _ = app.ShutdownWithTimeout(5 * time.Second) }()

	var out bytes.Buffer
	rep, err := run(context.Background(), options{Base: "http://" + ln.Addr().String(), Conns: 8, Users: 2, Dur: 3 * time.Second, Timeout: 10 * time.Second}, &out)
	if err != nil {
		t.Fatal(err)
	}
	t.Log(out.String())
	if rep.Errors != 0 || rep.Stale != 0 || rep.Writes == 0 {
		t.Fatalf("errors %d, stale %d, writes %d:\n%s", rep.Errors, rep.Stale, rep.Writes, &out)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, h := range []string{"localhost", "127.0.0.1", "127.3.4.5", "::1"} {
		if err := loopbackOnly(context.Background(), h); err != nil {
			t.Errorf("%s refused: %v", h, err)
		}
	}
	for _, h := range []string{"10.0.0.1", "192.168.1.1", "8.8.8.8", "::ffff:10.0.0.1"} {
		if err := loopbackOnly(context.Background(), h); err == nil {
			t.Errorf("%s accepted", h)
		}
	}
}
