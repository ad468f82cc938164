package cache

import (
	"context"
	"slices"
	"strconv"
	"strings"
)

// EventChanged invalidates after a committed create, update or delete: in
// one pipeline it bumps gen_<uid> (dropping the user's searches and any fill
// whose load raced this write), then deletes upcoming_events_<uid>,
// events_date_<uid>_<d> for each date (the caller passes the union of the
// dates the event covered before and covers after) and event_<eventID>
// (0 = none). Other dates' values stay current. It runs even if ctx is
// cancelled and never fails the caller: a Redis error is retried once, then
// counted and warned about.
func (c *Cache) EventChanged(ctx context.Context, uid, eventID int64, dates []string) {
	c.EventsChanged(ctx, uid, []int64{eventID}, dates)
}

// EventsChanged is EventChanged for a write that touches several events at
// known dates, such as one occurrence of a series: its master (whose
// exceptions changed) and its override row.
func (c *Cache) EventsChanged(ctx context.Context, uid int64, eventIDs []int64, dates []string) {
	if !c.cfg.Enabled {
		return
	}
	dates = slices.Clone(unique(dates))
	slices.Sort(dates)
	keys := make([]string, 0, len(dates)+1+len(eventIDs))
	keys = append(keys, c.keyUpcoming(uid))
	for _, d := range dates {
		keys = append(keys, c.keyDate(uid, d))
	}
	for _, id := range eventIDs {
		if id != 0 {
			keys = append(keys, c.keyEvent(id))
		}
	}
	if !c.invalidate(ctx, uid, 1, keys) {
		return
	}
	if c.debug(ctx) {
		var b strings.Builder
		b.WriteString("Cache invalidated for user ")
		b.WriteString(strconv.FormatInt(uid, 10))
		b.WriteString(": upcoming")
		if ids := idList(eventIDs); ids != "" {
			if strings.Contains(ids, ",") {
				b.WriteString(", events")
			} else {
				b.WriteString(", event")
			}
			b.WriteString(ids)
		}
		switch len(dates) {
		case 0:
		case 1:
			b.WriteString(", 1 date (" + dates[0] + ")")
		default:
			b.WriteString(", " + strconv.Itoa(len(dates)) + " dates (" + dates[0] + " … " + dates[len(dates)-1] + ")")
		}
		b.WriteString(", searches")
		c.log.DebugContext(ctx, b.String())
	}
}

// DropUser drops the user's cached lists (login, logout, admin actions): it
// bumps the epoch of gen_<uid>, which makes every value of the user a miss
// (upcoming, dates, events, searches), and deletes upcoming_events_<uid>.
func (c *Cache) DropUser(ctx context.Context, uid int64) {
	if !c.cfg.Enabled {
		return
	}
	if c.invalidate(ctx, uid, 1<<epochShift, []string{c.keyUpcoming(uid)}) && c.debug(ctx) {
		c.log.DebugContext(ctx, "Cache invalidated for user "+strconv.FormatInt(uid, 10)+": lists (login/logout)")
	}
}

// invalidate adds by to gen_<uid> (refreshing its expiry), then deletes keys,
// in one pipeline, detached from ctx's cancellation, trying twice. The bump
// comes first: a fill running between the two is dropped by the bump, one
// running before it is deleted. A bump that fails is remembered and retried
// (see pending).
func (c *Cache) invalidate(ctx context.Context, uid, by int64, keys []string) bool {
	ctx = context.WithoutCancel(ctx)
	gen := c.keyGen(uid)
	var err error
	for range 2 {
		tctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
		pipe := c.rdb.Pipeline()
		pipe.IncrBy(tctx, gen, by)
		pipe.PExpire(tctx, gen, c.genTTL())
		pipe.Del(tctx, keys...)
		_, err = pipe.Exec(tctx)
		cancel()
		if err == nil {
			return true
		}
	}
	c.redisErr(ctx, "invalidate", err)
	c.remember(gen)
	return false
}

// DropAll deletes every cached value under Prefix (upcoming, date, event,
// search and feed keys) and returns how many. It scans the keyspace: an explicit
// admin operation, never a request path. Generation keys are bumped (first)
// rather than deleted, so fills in flight are dropped and a generation
// number never comes round again.
func (c *Cache) DropAll(ctx context.Context) (int, error) {
	if c.rdb == nil {
		return 0, nil
	}
	n := 0
	names := familyNames()
	slices.Reverse(names[:]) // gen first
	for _, name := range names {
		err := c.scan(ctx, familyKeyPrefix(name), func(keys []string) error {
			tctx, cancel := context.WithTimeout(ctx, scanTimeout(c.cfg.Timeout))
			defer cancel()
			if name != FamilyGen {
				d, err := c.rdb.Unlink(tctx, keys...).Result()
				n += int(d)
				return err
			}
			pipe := c.rdb.Pipeline()
			for _, k := range keys {
				pipe.Incr(tctx, k)
				pipe.PExpire(tctx, k, c.genTTL())
			}
			_, err := pipe.Exec(tctx)
			return err
		})
		if err != nil {
			return n, err
		}
	}
	if c.debug(ctx) {
		c.log.DebugContext(ctx, "Cache dropped: "+strconv.Itoa(n)+" keys")
	}
	return n, nil
}
