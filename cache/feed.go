package cache

import (
	"context"
	"encoding/json"
)

// Feed returns the user's whole-calendar export (key feed_<uid>): the
// subscription feed and the .ics download. Like a search page it depends on
// every event of the user, so a value is current only while its generation
// equals gen_<uid>: any write (which bumps the generation) makes the next
// read a miss. A []byte or string value is stored as is, anything else as
// JSON. Returned values may be shared with concurrent callers: do not
// modify them. Lookups are counted and logged like the other families'
// ("Cache hit for feed for user 1").
func Feed[T any](ctx context.Context, c *Cache, uid int64, load func(context.Context) (T, error)) (T, error) {
	if !c.cfg.Enabled {
		return load(ctx)
	}
	note := func(hit bool) { c.hitMiss(ctx, famFeed, hit, uid, "feed", "") }
	return generational(ctx, c, uid, c.keyFeed(uid), "feed", note, encodeFeed[T], decodeFeed[T], load)
}

func encodeFeed[T any](v T) ([]byte, error) {
	switch x := any(v).(type) {
	case []byte:
		return x, nil
	case string:
		return []byte(x), nil
	}
	return json.Marshal(v)
}

func decodeFeed[T any](p string) (T, error) {
	var v T
	switch x := any(&v).(type) {
	case *[]byte:
		*x = []byte(p)
		return v, nil
	case *string:
		*x = p
		return v, nil
	}
	return jsonDecode[T](p)
}

// Calendars returns the list of calendars user uid can read (key
// calendars_<uid>), current while its generation equals gen_<uid>: every
// calendar or share change bumps the generation of everyone it concerns.
func Calendars[T any](ctx context.Context, c *Cache, uid int64, load func(context.Context) (T, error)) (T, error) {
	if !c.cfg.Enabled {
		return load(ctx)
	}
	note := func(hit bool) { c.hitMiss(ctx, famCals, hit, uid, "calendars", "") }
	return generational(ctx, c, uid, c.keyCals(uid), "calendars", note, jsonEncode[T], jsonDecode[T], load)
}
