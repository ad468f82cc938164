package cache

import (
	"context"
	"strings"
	"testing"
	"time"
)

var pageNow = time.Date(2025, time.June, 10, 12, 0, 0, 0, time.UTC)

// TestPageHitAfterStore: a stored page is a hit for its own identity only,
// and stops being one at its expiry.
func TestPageHitAfterStore(t *testing.T) {
	c := newCache(t)
	ctx := context.Background()
	l := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{})
	if l.Hit {
		t.Fatal("a page never stored is a hit")
	}
	c.StorePage(ctx, l, pageNow.Add(time.Hour), []byte("<p>June</p>"))
	if l := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{}); !l.Hit || string(l.Value) != "<p>June</p>" {
		t.Fatalf("stored page: hit %v, value %q", l.Hit, l.Value)
	}
	for _, miss := range []struct {
		uid int64
		id  string
		at  time.Time
	}{{2, "month", pageNow}, {1, "week", pageNow}, {1, "month", pageNow.Add(time.Hour)}} {
		if l := c.Page(ctx, miss.uid, PageKey{Request: miss.id}, miss.at, Covers{}); l.Hit {
			t.Errorf("user %d, page %q at %s: a hit", miss.uid, miss.id, miss.at)
		}
	}
}

// TestPageRenderedBeforeWriteNeverStoredAfter is the slow-fill race: a
// page looked up (and so rendered from data read) before a write commits
// is stored after the write's invalidation. The write must win: the next
// lookup is a miss, never the old page.
func TestPageRenderedBeforeWriteNeverStoredAfter(t *testing.T) {
	c := newCache(t)
	ctx := context.Background()
	for name, write := range map[string]func(){
		"an event write":  func() { c.EventChanged(ctx, 1, 5, []string{"2025-06-12"}) },
		"a sign-in":       func() { c.DropUser(ctx, 1) },
		"another's share": func() { c.EventsChanged(ctx, 1, nil, nil) },
	} {
		slow := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{}) // a miss: rendering starts
		write()
		c.StorePage(ctx, slow, time.Time{}, []byte("<p>before the write</p>"))
		if raw, _ := env.Redis.Get(ctx, c.keyPage(1, "month")).Result(); strings.Contains(raw, "before the write") {
			t.Fatalf("%s: the page rendered before it was stored after it", name)
		}
		if l := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{}); l.Hit {
			t.Fatalf("%s: the page rendered before it is served after it: %q", name, l.Value)
		}
		// A page rendered after the write is stored and served.
		fresh := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{})
		c.StorePage(ctx, fresh, time.Time{}, []byte("<p>after</p>"))
		if l := c.Page(ctx, 1, PageKey{Request: "month"}, pageNow, Covers{}); !l.Hit || string(l.Value) != "<p>after</p>" {
			t.Fatalf("%s: a page rendered after it: hit %v, %q", name, l.Hit, l.Value)
		}
		write() // the next round starts from a miss
	}
}

// TestPageHitCountsWhatItCovers: a page hit counts as a hit of every
// lookup the page stands for, in its own family.
func TestPageHitCountsWhatItCovers(t *testing.T) {
	c := newCache(t)
	ctx := context.Background()
	covers := Covers{Dates: 2, Upcoming: 1}
	c.StorePage(ctx, c.Page(ctx, 1, PageKey{Request: "dashboard"}, pageNow, covers), time.Time{}, []byte("x"))
	c.Page(ctx, 1, PageKey{Request: "dashboard"}, pageNow, covers)
	n := c.Counts()
	if n[FamilyPage] != [2]uint64{1, 1} || n[FamilyDate][0] != 2 || n[FamilyUpcoming][0] != 1 {
		t.Fatalf("counts after a miss and a hit: %v", n)
	}
}

// TestPageVariantMustMatch: a page stored for one variant of a request
// (another zone, week start, day…) is not served for another.
func TestPageVariantMustMatch(t *testing.T) {
	c := newCache(t)
	ctx := context.Background()
	utc := PageKey{Request: "/?x", Variant: "UTC|1"}
	c.StorePage(ctx, c.Page(ctx, 1, utc, pageNow, Covers{}), time.Time{}, []byte("<p>UTC</p>"))
	if l := c.Page(ctx, 1, PageKey{Request: "/?x", Variant: "Europe/Paris|1"}, pageNow, Covers{}); l.Hit {
		t.Fatalf("another variant is served the page: %q", l.Value)
	}
	if l := c.Page(ctx, 1, utc, pageNow, Covers{}); !l.Hit || string(l.Value) != "<p>UTC</p>" {
		t.Fatalf("its own variant: hit %v, %q", l.Hit, l.Value)
	}
}

// TestPageProbed: the keys a probe names are the page's and the
// generation's, and the values read through them decide as Page does.
func TestPageProbed(t *testing.T) {
	c := newCache(t)
	ctx := context.Background()
	k := PageKey{Request: "/calendar?view=month", Variant: "v"}
	probe, ok := c.Probe(k.Request)
	if !ok || probe.DB != env.Redis.Options().DB {
		t.Fatalf("probe %+v, %v", probe, ok)
	}
	genKey, pageKey := probe.GenPrefix+"1", probe.PagePrefix+"1_"+probe.Hash
	if genKey != c.keyGen(1) || pageKey != c.keyPage(1, k.Request) {
		t.Fatalf("probe keys %q %q, want %q %q", genKey, pageKey, c.keyGen(1), c.keyPage(1, k.Request))
	}
	probed := func() PageLookup {
		vals, err := env.Redis.MGet(ctx, genKey, pageKey).Result()
		if err != nil {
			t.Fatal(err)
		}
		return c.PageProbed(ctx, 1, k, pageNow, Covers{}, vals[0], vals[1])
	}
	c.StorePage(ctx, probed(), time.Time{}, []byte("<p>June</p>"))
	if l := probed(); !l.Hit || string(l.Value) != "<p>June</p>" {
		t.Fatalf("after a store: hit %v, %q", l.Hit, l.Value)
	}
	c.EventChanged(ctx, 1, 5, []string{"2025-06-12"})
	if l := probed(); l.Hit {
		t.Fatalf("after a write: a hit %q", l.Value)
	}
}
