package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
)

// Family names, as used in metrics labels, Counts and Stats.
const (
	FamilyUpcoming = "upcoming"
	FamilyDate     = "date"
	FamilyEvent    = "event"
	FamilySearch   = "search"
	FamilyGen      = "gen" // the per-user generation counters (Stats and DropAll only)
)

// family indexes the per-family counters.
type family int

const (
	famUpcoming family = iota
	famDate
	famEvent
	famSearch
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
	}
	return FamilyGen
}

// Key family prefixes (after Config.Prefix). "event_" does not match
// "events_date_", so a SCAN per family never counts another family's keys.
const (
	keyUpcoming = "upcoming_events_"
	keyDate     = "events_date_"
	keyEvent    = "event_"
	keySearch   = "search_"
	keyGen      = "gen_"
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
	case FamilyGen:
		return keyGen
	}
	return ""
}

// familyNames lists every key family, counted ones first.
func familyNames() [5]string {
	return [5]string{FamilyUpcoming, FamilyDate, FamilyEvent, FamilySearch, FamilyGen}
}

func (c *Cache) keyUpcoming(uid int64) string {
	return c.cfg.Prefix + keyUpcoming + strconv.FormatInt(uid, 10)
}

func (c *Cache) keyDate(uid int64, date string) string {
	return c.cfg.Prefix + keyDate + strconv.FormatInt(uid, 10) + "_" + date
}

func (c *Cache) keyEvent(eventID int64) string {
	return c.cfg.Prefix + keyEvent + strconv.FormatInt(eventID, 10)
}

func (c *Cache) keyGen(uid int64) string {
	return c.cfg.Prefix + keyGen + strconv.FormatInt(uid, 10)
}

// keySearch names one result page of a normalised query.
func (c *Cache) keySearch(uid int64, normalized string, page int) string {
	return c.cfg.Prefix + keySearch + strconv.FormatInt(uid, 10) + "_" + searchHash(normalized, page)
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
