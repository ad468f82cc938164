package cache

import (
	"context"
	"testing"

	"github.com/eventcal/eventcal/db"
)

// BenchmarkDaysMonthHits assembles a month from its 42 day keys with every
// key a hit, against the test Redis: one MGET of the generation and the 42
// keys, then 42 decodes. It is the cache's share of a cached month view.
func BenchmarkDaysMonthHits(b *testing.B) {
	c := New(env.Redis, Config{TTL: testTTL, Prefix: env.Prefix + "bench_days:", Enabled: true}, nil, nil)
	dates := days("2025-05-26", 42)
	fill := func(_ context.Context, missing []string) (map[string][]db.Event, error) {
		m := make(map[string][]db.Event, len(missing))
		for i, d := range missing {
			for k := range i % 3 { // 0, 1 or 2 events a day
				m[d] = append(m[d], event(int64(i*3+k+1), 1, "Weekly planning meeting", d))
			}
		}
		return m, nil
	}
	ctx := context.Background()
	if _, err := c.Days(ctx, 1, dates, fill); err != nil {
		b.Fatal(err)
	}
	miss := func(context.Context, []string) (map[string][]db.Event, error) {
		b.Fatal("a miss: every day key should be cached")
		return nil, nil
	}
	b.ReportAllocs()
	for b.Loop() {
		got, err := c.Days(ctx, 1, dates, miss)
		if err != nil || len(got) != len(dates) {
			b.Fatalf("%d days, %v", len(got), err)
		}
	}
}
