package live_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/live"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// hub runs a hub (an instance) on the package's Redis prefix.
func hub(t *testing.T, max int) *live.Hub {
	t.Helper()
	h := live.New(env.Redis, live.Config{Prefix: env.Prefix, MaxStreams: max}, slog.New(slog.NewTextHandler(io.Discard, nil)), nil)
	ctx, cancel := context.WithCancel(context.Background())
	go h.Run(ctx)
	t.Cleanup(cancel)
	return h
}

// serve runs a stream of user uid on h and returns what it writes and a
// channel closed when it ends.
func serve(t *testing.T, h *live.Hub, uid int64) (*testsupport.LogBuffer, *live.Stream, chan struct{}) {
	t.Helper()
	st, err := h.Open(uid)
	if err != nil {
		t.Fatal(err)
	}
	out := &testsupport.LogBuffer{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Serve(bufio.NewWriter(out), nil, st, time.Hour)
	}()
	return out, st, done
}

// waitFor polls until out holds want (a second at most).
func waitFor(out *testsupport.LogBuffer, want string) bool {
	for deadline := time.Now().Add(time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if strings.Contains(out.String(), want) {
			return true
		}
	}
	return false
}

func TestChangeOnOneInstanceReachesStreamOnAnother(t *testing.T) {
	a, b := hub(t, 100), hub(t, 100)
	ann, _, _ := serve(t, b, 1)
	bob, _, _ := serve(t, b, 2)
	if !waitFor(ann, ": connected") {
		t.Fatal("stream did not start")
	}
	time.Sleep(100 * time.Millisecond) // the subscription is made in the background
	a.Changed(live.WithOrigin(context.Background(), "page-1"), 1)
	if !waitFor(ann, "event: changed\ndata: {\"origin\":\"page-1\"}\n\n") {
		t.Fatalf("ann's stream on B got %q", ann.String())
	}
	time.Sleep(100 * time.Millisecond)
	if strings.Contains(bob.String(), "event:") {
		t.Fatalf("bob's stream got ann's change: %q", bob.String())
	}
}

func TestBoundsAndShutdown(t *testing.T) {
	h := hub(t, live.DefaultMaxPerUser+1)
	var first chan struct{}
	for i := 0; i < live.DefaultMaxPerUser; i++ {
		_, _, done := serve(t, h, 7)
		if i == 0 {
			first = done
		}
	}
	_, _, _ = serve(t, h, 7) // the eleventh closes the oldest
	select {
	case <-first:
	case <-time.After(time.Second):
		t.Fatal("the oldest stream was not closed")
	}
	_, _, other := serve(t, h, 8)
	if _, err := h.Open(9); err != live.ErrFull {
		t.Fatalf("past the instance's maximum: %v", err)
	}
	start := time.Now()
	h.Shutdown()
	select {
	case <-other:
	case <-time.After(time.Second):
		t.Fatal("Shutdown left a stream open")
	}
	if _, err := h.Open(8); err != live.ErrFull || time.Since(start) > time.Second {
		t.Fatalf("after Shutdown: %v", err)
	}
}
