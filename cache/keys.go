package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Every Redis key eventcal writes is named here, as Config.Prefix (the
// configured REDIS_PREFIX) followed by words joined with "_". Cache families
// are counted by Stats and dropped by DropAll; the other keys (sessions,
// throttles, import previews) are named here but never scanned or dropped
// by the cache.

// Family names, as used in metrics labels, Counts and Stats.
const (
	FamilyUpcoming = "upcoming"
	FamilyDate     = "date"
	FamilyEvent    = "event"
	FamilySearch   = "search"
	FamilyFeed     = "feed"
	FamilyCals     = "calendars"
	FamilyPage     = "page" // rendered pages (page.go)
	FamilyGen      = "gen"  // the per-user generation counters (Stats and DropAll only)
)

// family indexes the per-family counters.
type family int

const (
	famUpcoming family = iota
	famDate
	famEvent
	famSearch
	famFeed
	famCals
	famPage
	numFamilies // the counted families; gen is not counted
)

func (f family) String() string {
	switch f {
	case famUpcoming:
		return FamilyUpcoming
	case famDate:
		return FamilyDate
	case famEvent:
		return FamilyEvent
	case famSearch:
		return FamilySearch
	case famFeed:
		return FamilyFeed
	case famCals:
		return FamilyCals
	case famPage:
		return FamilyPage
	}
	return FamilyGen
}

// Cache family key prefixes (after Config.Prefix). No prefix starts
// another's ("event_" does not match "events_date_"), so a SCAN per family
// never counts another family's keys.
const (
	keyUpcoming = "upcoming_events_"
	keyDate     = "events_date_"
	keyEvent    = "event_"
	keySearch   = "search_"
	keyFeed     = "feed_"
	keyCals     = "calendars_"
	keyPage     = "page_"
	keyGen      = "gen_"
)

// Prefixes of the keys that are not cached values (after Config.Prefix).
// Sessions and their per-user index live in the sessions' database; the
// throttles and import previews in the cache's, outside every family.
const (
	keySession       = "session_"
	keyUserSessions  = "user_sessions_"
	keySessionEpoch  = "user_epoch_"
	keyLoginThrottle = "throttle_login_"
	keyRegThrottle   = "throttle_register_"
	keyFeedThrottle  = "throttle_feed_"
	keyImportPreview = "import_"
	keyImportPending = "import_pending_"
	keyImportLock    = "import_lock_"
)

// familyKeyPrefix returns the key prefix (after Config.Prefix) of a family name.
func familyKeyPrefix(name string) string {
	switch name {
	case FamilyUpcoming:
		return keyUpcoming
	case FamilyDate:
		return keyDate
	case FamilyEvent:
		return keyEvent
	case FamilySearch:
		return keySearch
	case FamilyFeed:
		return keyFeed
	case FamilyCals:
		return keyCals
	case FamilyPage:
		return keyPage
	case FamilyGen:
		return keyGen
	}
	return ""
}

// familyNames lists every key family, counted ones first.
func familyNames() [numFamilies + 1]string {
	var out [numFamilies + 1]string
	for f := range numFamilies {
		out[f] = f.String()
	}
	out[numFamilies] = FamilyGen
	return out
}

func (c *Cache) key(prefix string, id int64) string {
	return c.cfg.Prefix + prefix + strconv.FormatInt(id, 10)
}

func (c *Cache) keyUpcoming(uid int64) string { return c.key(keyUpcoming, uid) }

func (c *Cache) keyDate(uid int64, date string) string {
	return c.key(keyDate, uid) + "_" + date
}

func (c *Cache) keyEvent(eventID int64) string { return c.key(keyEvent, eventID) }

func (c *Cache) keyFeed(uid int64) string { return c.key(keyFeed, uid) }

func (c *Cache) keyCals(uid int64) string { return c.key(keyCals, uid) }

func (c *Cache) keyGen(uid int64) string { return c.key(keyGen, uid) }

// keyPage names one rendered page of a user by a hash of its request.
func (c *Cache) keyPage(uid int64, id string) string {
	return c.key(keyPage, uid) + "_" + shortHash(id)
}

// keySearch names one result page of a normalised query.
func (c *Cache) keySearch(uid int64, normalized string, page int) string {
	return c.key(keySearch, uid) + "_" + searchHash(normalized, page)
}

// SessionKey names a session (in the sessions' database).
func (c *Cache) SessionKey(id string) string { return c.cfg.Prefix + keySession + id }

// UserSessionsKey names the set of a user's session ids (in the sessions'
// database), so that they can be ended together.
func (c *Cache) UserSessionsKey(uid int64) string { return c.key(keyUserSessions, uid) }

// SessionEpochKey holds user uid's session epoch (in the sessions'
// database): an integer bumped whenever their sessions are ended; a session
// made under an older epoch is signed out.
func (c *Cache) SessionEpochKey(uid int64) string { return c.key(keySessionEpoch, uid) }

// SessionEpochKeyPrefix is SessionEpochKey without the user id: the session
// read script (accounts) appends the id it finds in the session's value,
// so that one round trip reads the session and its epoch.
func (c *Cache) SessionEpochKeyPrefix() string { return c.cfg.Prefix + keySessionEpoch }

// LoginThrottleUserKey counts failed sign-ins of an existing account.
func (c *Cache) LoginThrottleUserKey(uid int64) string {
	return c.key(keyLoginThrottle+"user_", uid)
}

// LoginThrottleNameKey counts failed sign-ins of a login name that matches
// no account, by a hash of the name trimmed and lower-cased.
func (c *Cache) LoginThrottleNameKey(login string) string {
	return c.cfg.Prefix + keyLoginThrottle + "name_" + shortHash(strings.ToLower(strings.TrimSpace(login)))
}

// LoginThrottleIPKey counts failed sign-ins from a client network.
func (c *Cache) LoginThrottleIPKey(network string) string {
	return c.cfg.Prefix + keyLoginThrottle + "ip_" + network
}

// RegisterThrottleIPKey counts registrations from a client network.
func (c *Cache) RegisterThrottleIPKey(network string) string {
	return c.cfg.Prefix + keyRegThrottle + "ip_" + network
}

// RegisterThrottleAllKey counts registrations from everywhere.
func (c *Cache) RegisterThrottleAllKey() string { return c.cfg.Prefix + keyRegThrottle + "all" }

// FeedThrottleTokenKey counts requests of one feed token, by its hash.
func (c *Cache) FeedThrottleTokenKey(token string) string {
	return c.cfg.Prefix + keyFeedThrottle + "token_" + shortHash(token)
}

// FeedThrottleIPKey counts feed requests from a client network.
func (c *Cache) FeedThrottleIPKey(network string) string {
	return c.cfg.Prefix + keyFeedThrottle + "ip_" + network
}

// ImportPreviewKey names a user's pending calendar import id.
func (c *Cache) ImportPreviewKey(uid int64, id string) string {
	return c.key(keyImportPreview, uid) + "_" + id
}

// ImportPendingKey names the set of a user's pending import ids, by
// when each was made.
func (c *Cache) ImportPendingKey(uid int64) string { return c.key(keyImportPending, uid) }

// ImportLockKey is held while one of a user's imports is read or stored.
func (c *Cache) ImportLockKey(uid int64) string { return c.key(keyImportLock, uid) }

// shortHash is the hex of the first 16 bytes of sha256(s).
func shortHash(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// searchHash is the hex of the first 16 bytes of
// sha256(normalised query + "\x00" + page).
func searchHash(normalized string, page int) string {
	h := sha256.New()
	h.Write([]byte(normalized))
	h.Write([]byte{0})
	h.Write(strconv.AppendInt(nil, int64(page), 10))
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0])[:16])
}

// Normalize is the search query as cached: trimmed, lower-cased, runs of
// whitespace collapsed to one space.
func Normalize(q string) string {
	return strings.ToLower(strings.Join(strings.Fields(q), " "))
}

// globEscape escapes the SCAN MATCH metacharacters of a literal prefix.
func globEscape(s string) string {
	if !strings.ContainsAny(s, `*?[]\^`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[', ']', '\\', '^':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
