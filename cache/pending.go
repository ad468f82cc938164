package cache

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// maxPending bounds how many failed generation bumps are remembered.
const maxPending = 1 << 16

// pending remembers the generation keys whose bump failed because Redis
// could not be reached during a write (or a login's DropUser). Values cached
// before such a write may still be in Redis when it answers again (a
// restart with persistence, a partition that heals) and would be served
// stale. Until the bump goes through, this instance reads no cached value
// of that user and writes none, and every cache read first retries the
// bumps (one attempt at a time). An entry older than the TTL is dropped:
// every value cached before its write has expired by then.
type pending struct {
	mu   sync.Mutex
	keys map[string]time.Time // gen key → when its bump failed
	n    atomic.Int64         // len(keys), for the lock-free fast path
	busy atomic.Bool          // a retry is in flight
}

// remember records a failed bump of genKey.
func (c *Cache) remember(genKey string) {
	p := &c.pend
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.keys == nil {
		p.keys = map[string]time.Time{}
	}
	if _, ok := p.keys[genKey]; !ok && len(p.keys) >= maxPending {
		c.log.Warn("cache: too many failed invalidations to remember; values may be stale until they expire", "ttl", c.cfg.TTL)
		return
	}
	p.keys[genKey] = time.Now()
	p.n.Store(int64(len(p.keys)))
}

// settle retries the failed bumps, if any, and reports whether genKey's
// values may be used (it has no failed bump left).
func (c *Cache) settle(ctx context.Context, genKey string) bool {
	p := &c.pend
	if p.n.Load() == 0 {
		return true
	}
	if p.busy.CompareAndSwap(false, true) {
		c.retryPending(ctx)
		p.busy.Store(false)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	_, stale := p.keys[genKey]
	return !stale
}

// retryPending bumps the epoch of every remembered generation in one
// pipeline and forgets those bumped (unless they failed again meanwhile).
func (c *Cache) retryPending(ctx context.Context) {
	p := &c.pend
	start := time.Now()
	p.mu.Lock()
	keys := make([]string, 0, len(p.keys))
	for k, at := range p.keys {
		if start.Sub(at) > c.cfg.TTL {
			delete(p.keys, k)
			continue
		}
		keys = append(keys, k)
	}
	p.n.Store(int64(len(p.keys)))
	p.mu.Unlock()
	if len(keys) == 0 {
		return
	}
	tctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), c.cfg.Timeout)
	defer cancel()
	pipe := c.rdb.Pipeline()
	for _, k := range keys {
		pipe.IncrBy(tctx, k, 1<<epochShift)
		pipe.PExpire(tctx, k, c.genTTL())
	}
	if _, err := pipe.Exec(tctx); err != nil {
		c.redisErr(ctx, "retry invalidation", err)
		return
	}
	p.mu.Lock()
	for _, k := range keys {
		if at, ok := p.keys[k]; ok && !at.After(start) {
			delete(p.keys, k)
		}
	}
	p.n.Store(int64(len(p.keys)))
	p.mu.Unlock()
	c.log.InfoContext(ctx, "cache: Redis answers again; invalidations that failed meanwhile are applied", "users", len(keys))
}
