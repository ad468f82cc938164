package cache

import (
	"context"
	"errors"
	"net"
	"sync/atomic"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

// flakyConn fails every read and write while down is set, as a Redis that
// cannot be reached.
type flakyConn struct {
	net.Conn
	down *atomic.Bool
}

var errDown = errors.New("redis unreachable (test)")

func (f flakyConn) Read(b []byte) (int, error) {
	if f.down.Load() {
		return 0, errDown
	}
	return f.Conn.Read(b)
}

func (f flakyConn) Write(b []byte) (int, error) {
	if f.down.Load() {
		return 0, errDown
	}
	return f.Conn.Write(b)
}

// TestFailedInvalidationIsRetried: a write whose invalidation cannot reach
// Redis must not leave the values cached before it current once Redis
// answers again — neither for this instance nor for another one.
func TestFailedInvalidationIsRetried(t *testing.T) {
	ctx := context.Background()
	var down atomic.Bool
	opt := *env.Redis.Options()
	opt.MaxRetries = -1
	opt.Dialer = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if down.Load() {
			return nil, errDown
		}
		c, err := (&net.Dialer{}).DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return flakyConn{Conn: c, down: &down}, nil
	}
	flaky := redis.NewClient(&opt)
	defer flaky.Close()
	c := newCache(t)
	c.rdb = flaky
	other := newCache(t) // another instance, same namespace, always reaching Redis
	other.cfg.Prefix = c.cfg.Prefix

	before := &counted{value: []db.Event{event(1, 7, "Before", "2025-06-01")}}
	if _, err := c.Upcoming(ctx, 7, before.load); err != nil {
		t.Fatal(err)
	}
	if got, _ := other.Upcoming(ctx, 7, before.load); got[0].Title != "Before" || before.calls() != 1 {
		t.Fatalf("the value was not cached: %v, %d loads", got, before.calls())
	}

	down.Store(true)
	c.EventChanged(ctx, 7, 1, []string{"2025-06-01"}) // the write committed; Redis is unreachable
	if c.pend.n.Load() != 1 {
		t.Fatalf("the failed invalidation is not remembered")
	}
	after := &counted{value: []db.Event{event(1, 7, "After", "2025-06-01")}}
	if got, _ := c.Upcoming(ctx, 7, after.load); got[0].Title != "After" {
		t.Fatalf("while Redis is unreachable: %v", got)
	}

	down.Store(false)
	if got, _ := c.Upcoming(ctx, 7, after.load); got[0].Title != "After" {
		t.Fatalf("this instance serves the value cached before the write: %v", got)
	}
	if c.pend.n.Load() != 0 {
		t.Fatalf("the invalidation was not retried")
	}
	if got, _ := other.Upcoming(ctx, 7, after.load); got[0].Title != "After" {
		t.Fatalf("another instance serves the value cached before the write: %v", got)
	}
}
