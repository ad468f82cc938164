package cache

import (
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/eventcal/eventcal/db"
)

// Lists are the list families' values of one user: the upcoming list
// and the events of local dates (YYYY-MM-DD).
type Lists struct {
	Upcoming []db.Event
	Days     map[string][]db.Event
}

// ListsLoad loads what a read of the list families missed: the upcoming
// list when upcoming is true, and the events of the missing dates (in
// request order; a date it leaves out has no events), in a map of its own
// that holds no other date: the cache keeps it and fills it in.
type ListsLoad func(ctx context.Context, upcoming bool, missing []string) (Lists, error)

// Upcoming returns the user's upcoming list (key upcoming_events_<uid>).
// Returned slices may be shared with concurrent callers: do not modify them.
func (c *Cache) Upcoming(ctx context.Context, uid int64, load func(context.Context) ([]db.Event, error)) ([]db.Event, error) {
	got, err := c.lists(ctx, uid, true, nil, func(ctx context.Context, _ bool, _ []string) (Lists, error) {
		evs, err := load(ctx)
		return Lists{Upcoming: evs}, err
	})
	return got.Upcoming, err
}

// Days returns the events of each requested local date (YYYY-MM-DD, as the
// caller computed them in the user's zone); every requested date is in the
// result, a date without events maps to an empty slice. One MGET reads the
// generation and every date; the misses are loaded by ONE call of load with
// the missing dates (in request order; it returns a map of its own, as
// ListsLoad) and written back in one pipeline.
// Returned slices may be shared with concurrent callers: do not modify them.
func (c *Cache) Days(ctx context.Context, uid int64, dates []string, load func(ctx context.Context, missing []string) (map[string][]db.Event, error)) (map[string][]db.Event, error) {
	got, err := c.lists(ctx, uid, false, dates, func(ctx context.Context, _ bool, missing []string) (Lists, error) {
		m, err := load(ctx, missing)
		return Lists{Days: m}, err
	})
	return got.Days, err
}

// UpcomingAndDays is Upcoming and Days in one read (the dashboard's): one
// MGET for the generation, the list and every date, and ONE call of load
// for whatever of them missed, written back in one pipeline.
func (c *Cache) UpcomingAndDays(ctx context.Context, uid int64, dates []string, load ListsLoad) (Lists, error) {
	return c.lists(ctx, uid, true, dates, load)
}

// lists reads the upcoming list (when upcoming) and the events of dates.
func (c *Cache) lists(ctx context.Context, uid int64, upcoming bool, dates []string, load ListsLoad) (Lists, error) {
	dates = unique(dates)
	if !c.cfg.Enabled {
		got, err := load(ctx, upcoming, dates)
		if err != nil {
			return Lists{}, err
		}
		got.Days = complete(got.Days, dates)
		return got, nil
	}
	if !upcoming && len(dates) == 0 {
		return Lists{Days: map[string][]db.Event{}}, nil
	}
	out, needUp, missing, gen, ok := c.readLists(ctx, uid, upcoming, dates)
	if !needUp && len(missing) == 0 {
		return out, nil
	}
	got, err := flight(ctx, c, c.listsFlight(uid, needUp, missing, gen, ok), func(lctx context.Context) (Lists, error) {
		got, err := load(lctx, needUp, missing)
		if err != nil {
			return Lists{}, err
		}
		got.Days = complete(got.Days, missing)
		if ok {
			entries := make([]entry, 0, len(missing)+1)
			if needUp {
				entries = append(entries, entry{c.keyUpcoming(uid), appendEvents(appendHeader(nil, gen), got.Upcoming)})
			}
			for _, d := range missing {
				entries = append(entries, entry{c.keyDate(uid, d), appendEvents(appendHeader(nil, gen), got.Days[d])})
			}
			c.store(lctx, uid, gen, entries...)
		}
		return got, nil
	})
	if err != nil {
		return Lists{}, err
	}
	if needUp {
		out.Upcoming = got.Upcoming
	}
	for _, d := range missing {
		out.Days[d] = got.Days[d]
	}
	return out, nil
}

// readLists is one MGET of the generation, the upcoming list (when
// upcoming) and the dates: what it found current, whether the list and
// which dates missed, and the generation (ok: it was read).
func (c *Cache) readLists(ctx context.Context, uid int64, upcoming bool, dates []string) (out Lists, needUp bool, missing []string, gen int64, ok bool) {
	out = Lists{Days: make(map[string][]db.Event, len(dates))}
	keys := make([]string, 0, len(dates)+1)
	if upcoming {
		keys = append(keys, c.keyUpcoming(uid))
	}
	for _, d := range dates {
		keys = append(keys, c.keyDate(uid, d))
	}
	var vals []any
	gen, vals, ok = c.mget(ctx, c.keyGen(uid), keys...)
	valid := func(i int) ([]db.Event, bool) {
		if !ok {
			return nil, false
		}
		p, cur := current(vals[i], gen, false)
		if !cur {
			return nil, false
		}
		evs, err := decodeEvents(p)
		return evs, err == nil
	}
	first := 0 // dates' first value
	if upcoming {
		evs, hit := valid(0)
		out.Upcoming, needUp = evs, !hit
		c.hitMiss(ctx, famUpcoming, hit, uid, "upcoming events", "")
		first = 1
	}
	for i, d := range dates {
		evs, hit := valid(first + i)
		if hit {
			out.Days[d] = evs
		} else {
			missing = append(missing, d)
		}
		c.hitMiss(ctx, famDate, hit, uid, "events on ", d)
	}
	return out, needUp, missing, gen, ok
}

// listsFlight is the single-flight key of one load of the list families:
// concurrent requests missing the same keys at the same generation share it.
func (c *Cache) listsFlight(uid int64, upcoming bool, missing []string, gen int64, genOK bool) string {
	var key string
	if upcoming {
		key = c.keyUpcoming(uid)
	}
	if len(missing) > 0 {
		if key != "" {
			key += "+"
		}
		key += c.keyDate(uid, strings.Join(missing, ","))
	}
	return flightKey(key, gen, genOK)
}

// complete adds an empty slice to m, load's own map, for each of dates
// load left out, and returns it (a new map when m is nil).
func complete(m map[string][]db.Event, dates []string) map[string][]db.Event {
	if m == nil {
		m = make(map[string][]db.Event, len(dates))
	}
	for _, d := range dates {
		if m[d] == nil {
			m[d] = []db.Event{}
		}
	}
	return m
}

// unique drops repeated dates, keeping the first occurrence's order; the
// common case (no repeats) returns dates itself.
func unique(dates []string) []string {
	increasing := true // a range's days: no repeats
	for i := 1; i < len(dates) && increasing; i++ {
		increasing = dates[i-1] < dates[i]
	}
	if increasing {
		return dates
	}
	if len(dates) <= 64 {
		dup := false
		for i := 1; i < len(dates) && !dup; i++ {
			dup = slices.Contains(dates[:i], dates[i])
		}
		if !dup {
			return dates
		}
	}
	seen := make(map[string]struct{}, len(dates))
	out := make([]string, 0, len(dates))
	for _, d := range dates {
		if _, dup := seen[d]; !dup {
			seen[d] = struct{}{}
			out = append(out, d)
		}
	}
	return out
}

// Event returns one event read by id, with a master's overrides (key
// event_<eventID>, carrying the owner's generation). A cached event of
// another user is db.ErrNotFound; so is a loaded one. load's db.ErrNotFound
// is passed through and not cached.
func (c *Cache) Event(ctx context.Context, uid, eventID int64, load func(context.Context) (Record, error)) (Record, error) {
	if !c.cfg.Enabled {
		return load(ctx)
	}
	what := ""
	if c.debug(ctx) {
		what = "event " + strconv.FormatInt(eventID, 10)
	}
	key := c.keyEvent(eventID)
	gen, vals, ok := c.mget(ctx, c.keyGen(uid), key)
	if ok {
		if s, isStr := vals[0].(string); isStr {
			if g, p, valid := splitHeader(s); valid {
				if rec, err := decodeRecord(p); err == nil {
					if rec.UserID != uid {
						c.hitMiss(ctx, famEvent, true, uid, what, "")
						return Record{}, db.ErrNotFound
					}
					if g>>epochShift == gen>>epochShift {
						c.hitMiss(ctx, famEvent, true, uid, what, "")
						return rec, nil
					}
				}
			}
		}
	}
	c.hitMiss(ctx, famEvent, false, uid, what, "")
	fkey := flightKey(key+"/"+strconv.FormatInt(uid, 10), gen, ok)
	rec, err := flight(ctx, c, fkey, func(lctx context.Context) (Record, error) {
		rec, err := load(lctx)
		if err != nil {
			return Record{}, err
		}
		if rec.UserID != uid {
			return Record{}, db.ErrNotFound
		}
		if ok {
			c.store(lctx, uid, gen, entry{key, appendRecord(appendHeader(nil, gen), &rec)})
		}
		return rec, nil
	})
	if err == nil && rec.UserID != uid {
		return Record{}, db.ErrNotFound
	}
	return rec, err
}

// Search returns one result page of the user's query (key
// search_<uid>_<hash of Normalize(query) and page>), encoded as JSON.
// Returned values may be shared with concurrent callers: do not modify them.
func Search[T any](ctx context.Context, c *Cache, uid int64, query string, page int, load func(context.Context) (T, error)) (T, error) {
	if !c.cfg.Enabled {
		return load(ctx)
	}
	q := Normalize(query)
	what := ""
	if c.debug(ctx) {
		what = "search " + strconv.Quote(q)
	}
	note := func(hit bool) { c.hitMiss(ctx, famSearch, hit, uid, what, "") }
	return generational(ctx, c, uid, c.keySearch(uid, q, page), "search page", note, jsonEncode[T], jsonDecode[T], load)
}

// generational is the read-through of a value that depends on every event
// of the user (a search page, the feed): it is current only while its
// generation equals gen_<uid>, so any write makes the next read a miss.
// note records the hit or miss; enc and dec are the value's encoding.
func generational[T any](ctx context.Context, c *Cache, uid int64, key, name string, note func(hit bool),
	enc func(T) ([]byte, error), dec func(string) (T, error), load func(context.Context) (T, error)) (T, error) {
	gen, vals, ok := c.mget(ctx, c.keyGen(uid), key)
	if ok {
		if p, cur := current(vals[0], gen, true); cur {
			if v, err := dec(p); err == nil {
				note(true)
				return v, nil
			}
		}
	}
	note(false)
	return flight(ctx, c, flightKey(key, gen, ok), func(lctx context.Context) (T, error) {
		v, err := load(lctx)
		if err != nil {
			var zero T
			return zero, err
		}
		if ok {
			if b, err := enc(v); err == nil {
				c.store(lctx, uid, gen, entry{key, append(appendHeader(nil, gen), b...)})
			} else {
				c.log.WarnContext(lctx, "cache: "+name+" not cacheable", "err", err)
			}
		}
		return v, nil
	})
}

func jsonEncode[T any](v T) ([]byte, error) { return json.Marshal(v) }

func jsonDecode[T any](p string) (T, error) {
	var v T
	err := json.Unmarshal([]byte(p), &v)
	return v, err
}
