package cache

import (
	"context"
	"encoding/binary"
	"strconv"
	"strings"
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

// Page reads user uid's rendered page named id and the user's generation in
// one round trip; it is a hit when the page was stored under the current
// generation and now is before its expiry. covers (may be nil) names the
// cached lookups the page stands for, in the cache log's words ("events on
// 2025-06-01", "upcoming events", "event 5", "search \"q\""): on a hit each
// counts, and is logged, as a hit of its own family.
func (c *Cache) Page(ctx context.Context, uid int64, id string, now time.Time, covers func() []string) PageLookup {
	l := PageLookup{uid: uid}
	if !c.cfg.Enabled {
		return l
	}
	l.key = c.keyPage(uid, id)
	gen, vals, ok := c.mget(ctx, c.keyGen(uid), l.key)
	l.gen, l.genOK = gen, ok
	if ok {
		if p, cur := current(vals[0], gen, true); cur {
			until, n := binary.Uvarint([]byte(p[:min(len(p), binary.MaxVarintLen64)]))
			if n > 0 && (until == 0 || now.UnixMilli() < int64(until)) {
				l.Value, l.Hit = []byte(p[n:]), true
			}
		}
	}
	what := ""
	if c.debug(ctx) {
		what = "page " + strconv.Quote(id)
	}
	c.hitMiss(ctx, famPage, l.Hit, uid, what, "")
	if l.Hit && covers != nil {
		for _, w := range covers() {
			c.hitMiss(ctx, coveredFamily(w), true, uid, w, "")
		}
	}
	return l
}

// coveredFamily is the family of a lookup named in the cache log's words.
func coveredFamily(what string) family {
	switch {
	case strings.HasPrefix(what, "events on "):
		return famDate
	case strings.HasPrefix(what, "upcoming"):
		return famUpcoming
	case strings.HasPrefix(what, "search "):
		return famSearch
	case strings.HasPrefix(what, "calendars"):
		return famCals
	}
	return famEvent
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
