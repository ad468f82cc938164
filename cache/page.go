package cache

import (
	"context"
	"encoding/binary"
	"strconv"
	"time"
)

// Rendered pages (key page_<uid>_<hash of the page's identity>) are a layer
// above the other families: a page is built from many of them, so it is
// current only while its generation equals gen_<uid> (as a search page),
// and only until the time it was stored with (when its content would
// change by the clock alone, e.g. an upcoming event ending). Its fill is
// the same generation-checked script: a page rendered from data read before
// a write is never stored after it.

// PageLookup is what Page found, and what StorePage needs to store a page
// rendered after it.
type PageLookup struct {
	Value []byte // the stored page, on a hit
	Hit   bool

	uid, gen int64
	key      string
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

// Page reads user uid's rendered page named id and the user's generation in
// one round trip; it is a hit when the page was stored under the current
// generation and now is before its expiry.
func (c *Cache) Page(ctx context.Context, uid int64, id string, now time.Time, covers Covers) PageLookup {
	l := PageLookup{uid: uid}
	if !c.cfg.Enabled {
		return l
	}
	l.key = c.keyPage(uid, id)
	gen, vals, ok := c.mget(ctx, c.keyGen(uid), l.key)
	l.gen, l.genOK = gen, ok
	if ok {
		if p, cur := current(vals[0], gen, true); cur {
			r := reader{s: p}
			until := r.uvarint()
			if !r.bad && (until == 0 || now.UnixMilli() < int64(until)) {
				l.Value, l.Hit = []byte(p[r.i:]), true
			}
		}
	}
	debug := c.debug(ctx)
	what := ""
	if debug {
		what = "page " + strconv.Quote(id)
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
	b := appendHeader(make([]byte, 0, len(val)+24), l.gen)
	b = binary.AppendUvarint(b, u)
	c.store(ctx, l.uid, l.gen, entry{l.key, append(b, val...)})
}
