package cache

import (
	"context"
	"encoding/binary"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Rendered pages (key page_<uid>_<hash of the request>) are a layer
// above the other families: a page is built from many of them, so it is
// current only while its generation equals gen_<uid> (as a search page),
// and only until the time it was stored with (when its content would
// change by the clock alone, e.g. an upcoming event ending). Its fill is
// the same generation-checked script: a page rendered from data read before
// a write is never stored after it.

// PageKey names a rendered page of a user. Request (the request as sent:
// path, query and variant) names its key, so that the session read can
// look it up in the same round trip (Probe) before any handler runs;
// Variant (everything else its bytes depend on: the view, the user's zone
// and display settings, today's date, the build) is stored with the page
// and must match on a hit.
type PageKey struct {
	Request, Variant string
}

// PageLookup is what Page found, and what StorePage needs to store a page
// rendered after it.
type PageLookup struct {
	Value []byte // the stored page, on a hit
	Hit   bool

	uid, gen int64
	key      string
	variant  string
	genOK    bool // Redis answered: the generation is known
}

// Covers names the cached lookups a rendered page stands for: on a page
// hit each counts as a hit of its own family and, at debug level, is
// logged as one.
type Covers struct {
	Dates, Upcoming, Events, Searches int
	// Names are the lookups in the cache log's words ("events on
	// 2025-06-01", "upcoming events", "event 5", "search \"q\"").
	Names func() []string
}

// Page reads user uid's rendered page k and the user's generation in one
// round trip; it is a hit when the page was stored under the current
// generation, for the same variant, and now is before its expiry.
func (c *Cache) Page(ctx context.Context, uid int64, k PageKey, now time.Time, covers Covers) PageLookup {
	if !c.cfg.Enabled {
		return PageLookup{uid: uid}
	}
	key := c.keyPage(uid, k.Request)
	gen, vals, ok := c.mget(ctx, c.keyGen(uid), key)
	var page any
	if ok {
		page = vals[0]
	}
	return c.pageFound(ctx, uid, k, key, now, covers, gen, page, ok)
}

// PageProbe lets the session read fetch a user's generation and rendered
// page in its own script, so that a signed-in page hit costs one round
// trip: in database DB, the keys GenPrefix+<uid> and
// PagePrefix+<uid>+"_"+Hash. The sessions must then live on the cache's
// server (the caller decides; scripts may SELECT another database).
type PageProbe struct {
	DB                          int
	GenPrefix, PagePrefix, Hash string
}

// Probe returns the probe of a page request, or false when the cache is
// off, its client names no database, or a failed invalidation is pending
// (Page then retries it before reading).
func (c *Cache) Probe(request string) (PageProbe, bool) {
	o, ok := c.rdb.(interface{ Options() *redis.Options })
	if !c.cfg.Enabled || !ok || c.pend.n.Load() != 0 {
		return PageProbe{}, false
	}
	return PageProbe{DB: o.Options().DB, GenPrefix: c.cfg.Prefix + keyGen, PagePrefix: c.cfg.Prefix + keyPage,
		Hash: shortHash(request)}, true
}

// PageProbed is Page from the values a probe of k.Request read: gen_<uid>
// and the page (nil when missing), as the script returned them.
func (c *Cache) PageProbed(ctx context.Context, uid int64, k PageKey, now time.Time, covers Covers, gen, page any) PageLookup {
	if !c.cfg.Enabled || c.pend.n.Load() != 0 {
		return c.Page(ctx, uid, k, now, covers)
	}
	g, err := parseGen(gen)
	if err != nil {
		c.redisErr(ctx, "read", err)
	}
	return c.pageFound(ctx, uid, k, c.keyPage(uid, k.Request), now, covers, g, page, err == nil)
}

// pageFound decides, counts and logs a page lookup whose values were read
// (ok: Redis answered).
func (c *Cache) pageFound(ctx context.Context, uid int64, k PageKey, key string, now time.Time, covers Covers, gen int64, page any, ok bool) PageLookup {
	l := PageLookup{uid: uid, key: key, variant: k.Variant, gen: gen, genOK: ok}
	if ok {
		if p, cur := current(page, gen, true); cur {
			r := reader{s: p}
			until := r.uvarint()
			variant := r.str()
			if !r.bad && variant == k.Variant && (until == 0 || now.UnixMilli() < int64(until)) {
				l.Value, l.Hit = []byte(p[r.i:]), true
			}
		}
	}
	debug := c.debug(ctx)
	what := ""
	if debug {
		what = "page " + strconv.Quote(k.Request)
	}
	c.hitMiss(ctx, famPage, l.Hit, uid, what, "")
	if l.Hit {
		for f, n := range [...]int{famDate: covers.Dates, famUpcoming: covers.Upcoming, famEvent: covers.Events, famSearch: covers.Searches} {
			if n > 0 {
				c.m.hits[f].Add(float64(n))
				c.m.nHit[f].Add(uint64(n))
			}
		}
		if debug && covers.Names != nil {
			for _, w := range covers.Names() {
				c.log.DebugContext(ctx, "Cache hit for "+w+" for user "+strconv.FormatInt(uid, 10))
			}
		}
	}
	return l
}

// StorePage stores val as the page l looked up, unless the user's generation
// moved since the lookup (a write committed while it was rendered). until
// (zero: none) is when the page stops being current by the clock alone.
func (c *Cache) StorePage(ctx context.Context, l PageLookup, until time.Time, val []byte) {
	if !l.genOK || l.Hit || l.key == "" {
		return
	}
	var u uint64
	if !until.IsZero() {
		u = uint64(max(until.UnixMilli(), 1))
	}
	b := appendHeader(make([]byte, 0, len(val)+len(l.variant)+32), l.gen)
	b = binary.AppendUvarint(b, u)
	b = binary.AppendUvarint(b, uint64(len(l.variant)))
	b = append(b, l.variant...)
	c.store(ctx, l.uid, l.gen, entry{l.key, append(b, val...)})
}
