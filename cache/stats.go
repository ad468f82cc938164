package cache

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the Prometheus counters plus this instance's own tallies
// (for Counts, which should not depend on scraping).
type metrics struct {
	hits, misses [numFamilies]prometheus.Counter
	nHit, nMiss  [numFamilies]atomic.Uint64
	errors       prometheus.Counter
}

func newMetrics(reg prometheus.Registerer) *metrics {
	hits := register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventcal_cache_hits_total",
		Help: "Cache lookups served from Redis, by key family.",
	}, []string{"family"}))
	misses := register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "eventcal_cache_misses_total",
		Help: "Cache lookups loaded from Postgres, by key family.",
	}, []string{"family"}))
	errs := register(reg, prometheus.NewCounter(prometheus.CounterOpts{
		Name: "eventcal_cache_errors_total",
		Help: "Redis errors of the cache (each one served from Postgres or skipped).",
	}))
	m := &metrics{errors: errs}
	for f := range numFamilies {
		m.hits[f] = hits.WithLabelValues(f.String())
		m.misses[f] = misses.WithLabelValues(f.String())
	}
	return m
}

// register registers c, or returns the collector already registered under
// the same name (several caches may share one registry).
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	if err := reg.Register(c); err != nil {
		var are prometheus.AlreadyRegisteredError
		if errors.As(err, &are) {
			if existing, ok := are.ExistingCollector.(C); ok {
				return existing
			}
		}
		// Conflicting registration: count into the unregistered collector.
	}
	return c
}

func (m *metrics) hit(f family) {
	m.hits[f].Inc()
	m.nHit[f].Add(1)
}

func (m *metrics) miss(f family) {
	m.misses[f].Inc()
	m.nMiss[f].Add(1)
}

// Counts returns family → {hits, misses} counted by this Cache since New.
func (c *Cache) Counts() map[string][2]uint64 {
	out := make(map[string][2]uint64, numFamilies)
	for f := range numFamilies {
		out[f.String()] = [2]uint64{c.m.nHit[f].Load(), c.m.nMiss[f].Load()}
	}
	return out
}

// FamilyStats is one row of the admin page's cache table.
type FamilyStats struct {
	Family string
	Hits   uint64 // since start (0 for gen)
	Misses uint64
	Keys   int // keys currently in Redis
}

// Stats returns the counters and key counts of every family, gen last.
// It scans the keyspace: admin page only.
func (c *Cache) Stats(ctx context.Context) ([]FamilyStats, error) {
	keys, err := c.CountKeys(ctx)
	counts := c.Counts()
	var out []FamilyStats
	for _, name := range familyNames() {
		hm := counts[name]
		out = append(out, FamilyStats{Family: name, Hits: hm[0], Misses: hm[1], Keys: keys[name]})
	}
	return out, err
}

// CountKeys counts the keys of every family (SCAN MATCH Prefix+family*
// COUNT 1000). It scans the keyspace: admin page only, never a request path.
func (c *Cache) CountKeys(ctx context.Context) (map[string]int, error) {
	names := familyNames()
	out := make(map[string]int, len(names))
	if c.rdb == nil {
		return out, nil
	}
	for _, name := range names {
		n := 0
		err := c.scan(ctx, familyKeyPrefix(name), func(keys []string) error {
			n += len(keys)
			return nil
		})
		out[name] = n
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// scan calls fn with each batch of keys under Prefix+familyPrefix, with a
// timeout per round trip.
func (c *Cache) scan(ctx context.Context, familyPrefix string, fn func(keys []string) error) error {
	match := globEscape(c.cfg.Prefix+familyPrefix) + "*"
	var cursor uint64
	for {
		tctx, cancel := context.WithTimeout(ctx, scanTimeout(c.cfg.Timeout))
		keys, next, err := c.rdb.Scan(tctx, cursor, match, 1000).Result()
		cancel()
		if err != nil {
			return err
		}
		if len(keys) > 0 {
			if err := fn(keys); err != nil {
				return err
			}
		}
		if next == 0 {
			return nil
		}
		cursor = next
	}
}

// scanTimeout gives an admin SCAN (COUNT 1000) more time than a read.
func scanTimeout(t time.Duration) time.Duration { return max(t, time.Second) }
