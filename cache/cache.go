// Package cache is eventcal's per-user read-through cache in Redis, and the
// one package that owns every Redis key name (keys.go).
//
// Generations. gen_<uid> holds the user's generation (missing = 0). Every
// value carries the generation read in the same MGET before its load, and is
// written back by a script that writes only if gen_<uid> still holds that
// generation — so a fill whose load raced a committed write is dropped. A
// write (EventChanged) bumps the generation first, then deletes the keys it
// affects: a fill either ran before the bump (and its key is deleted
// afterwards) or after it (and is dropped). Search pages cannot be deleted
// one by one, so a search value is current only while its generation equals
// gen_<uid>; the other families stay current across other dates' writes.
// DropUser bumps the high half of the generation (the epoch, gen>>32),
// which every family compares: it drops everything of the user.
//
// Concurrent misses on one key share one load (singleflight). A Redis error
// is a miss plus a rate-limited warning, never an error for the caller.
package cache

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"runtime/debug"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"
	"golang.org/x/sync/singleflight"
)

// Defaults for the zero Config fields.
const (
	DefaultTTL     = 300 * time.Second
	DefaultTimeout = 100 * time.Millisecond
)

const (
	// loadTimeout bounds a shared load, which runs detached from its
	// callers' cancellation.
	loadTimeout = 30 * time.Second
	// warnEvery is the minimum interval between two Redis warnings.
	warnEvery = 10 * time.Second
	// genSlack is added to 2*TTL for the generation key's expiry.
	genSlack = 60 * time.Second
	// epochShift splits a generation: DropUser adds 1<<epochShift.
	epochShift = 32
)

// fillScript writes values only if the user's generation is still the one
// read before loading, and refreshes the generation key's expiry.
// KEYS: gen_<uid>, then the value keys. ARGV: expected generation, gen
// expiry (ms), then per value: payload, expiry (ms).
const fillScript = `
if (redis.call('GET', KEYS[1]) or '0') ~= ARGV[1] then return 0 end
for i = 2, #KEYS do
  redis.call('SET', KEYS[i], ARGV[2*i-1], 'PX', ARGV[2*i])
end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`

// Config is the cache's configuration (see config.Config).
type Config struct {
	TTL     time.Duration // CACHE_TTL, default 300s; each SET gets TTL minus up to ~10% random jitter
	Prefix  string        // namespace, e.g. "eventcal:"; every key is Prefix + family key
	Enabled bool          // false: every call goes straight to load, Redis is never used
	Timeout time.Duration // per Redis round trip, default 100ms
}

// Cache is the read-through cache. It is safe for concurrent use.
type Cache struct {
	rdb  redis.UniversalClient
	cfg  Config
	log  *slog.Logger
	m    *metrics
	sf   singleflight.Group
	fill *redis.Script

	lastWarn   atomic.Int64 // unix nanoseconds of the last Redis warning
	suppressed atomic.Int64 // Redis errors not warned about since then
	pend       pending      // generation bumps that failed (see pending)
}

// New returns a cache on rdb. log may be nil (no logging), reg may be nil (a
// private registry). A nil rdb disables the cache.
func New(rdb redis.UniversalClient, cfg Config, log *slog.Logger, reg prometheus.Registerer) *Cache {
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if rdb == nil {
		cfg.Enabled = false
	}
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	c := &Cache{rdb: rdb, cfg: cfg, log: log, m: newMetrics(reg), fill: redis.NewScript(fillScript)}
	if o, ok := rdb.(interface{ Options() *redis.Options }); ok && cfg.Enabled && !o.Options().ContextTimeoutEnabled {
		log.Warn("cache: the Redis client has ContextTimeoutEnabled=false, so the cache timeout of " +
			cfg.Timeout.String() + " does not bound socket reads; enable it on the cache's client")
	}
	return c
}

// Enabled reports whether the cache uses Redis at all.
func (c *Cache) Enabled() bool { return c.cfg.Enabled }

// ttl is the expiry of one SET: TTL minus up to 10% jitter, at least 1ms.
func (c *Cache) ttl() time.Duration {
	d := c.cfg.TTL
	if j := int64(d / 10); j > 0 {
		d -= time.Duration(rand.Int64N(j + 1))
	}
	return max(d, time.Millisecond) // PX takes milliseconds
}

// genTTL outlives every value written under a generation, so a generation
// number never comes back while a value carrying it may still exist.
func (c *Cache) genTTL() time.Duration { return 2*c.cfg.TTL + genSlack }

func (c *Cache) debug(ctx context.Context) bool { return c.log.Enabled(ctx, slog.LevelDebug) }

// hitMiss counts and logs one lookup: "Cache hit for <what><what2> for user <uid>".
func (c *Cache) hitMiss(ctx context.Context, f family, hit bool, uid int64, what, what2 string) {
	if hit {
		c.m.hit(f)
	} else {
		c.m.miss(f)
	}
	if c.debug(ctx) {
		word := "Cache miss for "
		if hit {
			word = "Cache hit for "
		}
		c.log.DebugContext(ctx, word+what+what2+" for user "+strconv.FormatInt(uid, 10))
	}
}

// mget reads gen_<uid> and keys in one round trip. ok is false when Redis
// failed: the values are then unknown and nothing may be written back.
func (c *Cache) mget(ctx context.Context, genKey string, keys ...string) (gen int64, vals []any, ok bool) {
	if !c.settle(ctx, genKey) {
		return 0, nil, false // a write of this user may not be invalidated yet
	}
	tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	all, err := c.rdb.MGet(tctx, append([]string{genKey}, keys...)...).Result()
	if err == nil && len(all) != len(keys)+1 {
		err = fmt.Errorf("cache: MGET returned %d values for %d keys", len(all), len(keys)+1)
	}
	if err == nil {
		gen, err = parseGen(all[0])
	}
	if err != nil {
		c.redisErr(ctx, "read", err)
		return 0, nil, false
	}
	return gen, all[1:], true
}

// parseGen reads a generation; a missing key is generation 0.
func parseGen(v any) (int64, error) {
	switch v := v.(type) {
	case nil:
		return 0, nil
	case string:
		return strconv.ParseInt(v, 10, 64)
	}
	return 0, fmt.Errorf("cache: unexpected generation %T", v)
}

// current returns the payload of a cached value that is current under
// generation gen: same epoch, and for search values (strict) the same
// generation.
func current(v any, gen int64, strict bool) (string, bool) {
	s, ok := v.(string)
	if !ok {
		return "", false
	}
	g, payload, ok := splitHeader(s)
	if !ok {
		return "", false
	}
	if strict {
		return payload, g == gen
	}
	return payload, g>>epochShift == gen>>epochShift
}

// entry is one value to write back.
type entry struct {
	key string
	val []byte
}

// store writes entries (with jittered TTLs) in one round trip if gen_<uid>
// still holds gen, and refreshes gen_<uid>'s expiry.
func (c *Cache) store(ctx context.Context, uid, gen int64, entries ...entry) {
	tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	keys := make([]string, 1, 1+len(entries))
	keys[0] = c.keyGen(uid)
	args := make([]any, 2, 2+2*len(entries))
	args[0] = strconv.FormatInt(gen, 10)
	args[1] = c.genTTL().Milliseconds()
	for _, e := range entries {
		keys = append(keys, e.key)
		args = append(args, e.val, c.ttl().Milliseconds())
	}
	if err := c.fill.Run(tctx, c.rdb, keys, args...).Err(); err != nil {
		c.redisErr(ctx, "fill", err)
	}
}

// redisErr counts a Redis failure and warns at most once per warnEvery.
// A caller that gave up (ctx done) is not Redis's failure.
func (c *Cache) redisErr(ctx context.Context, op string, err error) {
	if ctx.Err() != nil {
		return
	}
	c.m.errors.Inc()
	now := time.Now().UnixNano()
	last := c.lastWarn.Load()
	if now-last < int64(warnEvery) || !c.lastWarn.CompareAndSwap(last, now) {
		c.suppressed.Add(1)
		return
	}
	c.log.WarnContext(ctx, "cache: Redis error, reading from Postgres",
		"op", op, "err", err, "suppressed", c.suppressed.Swap(0))
}

// flightKey names a shared load: the cache key and the generation it was
// read under ("?" when unknown), so a load started before a write is never
// shared with a reader that already saw the write's new generation.
func flightKey(key string, gen int64, genOK bool) string {
	if !genOK {
		return key + "@?"
	}
	return key + "@" + strconv.FormatInt(gen, 10)
}

// flight runs fn once for concurrent callers of the same key. fn gets a
// context detached from the callers' cancellation (bounded by loadTimeout);
// a caller whose ctx ends stops waiting without disturbing the others.
func flight[V any](ctx context.Context, c *Cache, key string, fn func(context.Context) (V, error)) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err // no detached load for a caller that already left
	}
	ch := c.sf.DoChan(key, func() (v any, err error) {
		lctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), loadTimeout)
		defer cancel()
		defer func() {
			if p := recover(); p != nil {
				err = &panicError{value: p, stack: debug.Stack()}
			}
		}()
		return fn(lctx)
	})
	select {
	case r := <-ch:
		if pe, ok := r.Err.(*panicError); ok {
			panic(pe) // in the caller's goroutine, where the recover middleware is
		}
		if r.Err != nil {
			return zero, r.Err
		}
		if v, ok := r.Val.(V); ok {
			return v, nil
		}
		if r.Val == nil {
			return zero, nil
		}
		// Another caller shared the key with a different result type.
		return fn(ctx)
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

// panicError carries a panic of a shared load to every waiting caller.
type panicError struct {
	value any
	stack []byte
}

func (p *panicError) Error() string {
	return fmt.Sprintf("cache: load panicked: %v\n\n%s", p.value, p.stack)
}
