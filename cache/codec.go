package cache

import (
	"encoding/binary"
	"time"

	"github.com/eventcal/eventcal/db"
)

// A cached value is: codecVersion, uvarint generation, payload. Event
// payloads use the binary append-encoding below; search pages use JSON.
// Bump codecVersion whenever the layout (or db.Event) changes: values of
// another version are misses.
const codecVersion byte = 1

// Time zone markers of an encoded time.
const (
	zoneUTC   byte = 0
	zoneLocal byte = 1
	zoneFixed byte = 2 // name and offset follow
)

// codecError is a constant error type, so the sentinel is not a variable.
type codecError string

func (e codecError) Error() string { return string(e) }

const errCorrupt = codecError("cache: corrupt value")

func appendHeader(b []byte, gen int64) []byte {
	b = append(b, codecVersion)
	return binary.AppendUvarint(b, uint64(gen))
}

// splitHeader returns a value's generation and payload.
func splitHeader(s string) (gen int64, payload string, ok bool) {
	if len(s) == 0 || s[0] != codecVersion {
		return 0, "", false
	}
	r := reader{s: s, i: 1}
	g := r.uvarint()
	if r.bad {
		return 0, "", false
	}
	return int64(g), s[r.i:], true
}

// appendEvents encodes a list: uvarint count, then each event.
func appendEvents(b []byte, evs []db.Event) []byte {
	b = binary.AppendUvarint(b, uint64(len(evs)))
	for i := range evs {
		b = appendEvent(b, &evs[i])
	}
	return b
}

func appendEvent(b []byte, e *db.Event) []byte {
	b = binary.AppendVarint(b, e.ID)
	b = binary.AppendVarint(b, e.UserID)
	b = appendString(b, e.Title)
	b = appendString(b, e.Description)
	b = appendString(b, e.Location)
	b = appendTime(b, e.StartsAt)
	b = appendTime(b, e.EndsAt)
	if e.AllDay {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = appendString(b, e.Color)
	b = appendTime(b, e.CreatedAt)
	return appendTime(b, e.UpdatedAt)
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendTime keeps the instant to the nanosecond and the zone as UTC, Local
// (what pgx returns) or a fixed zone with its name and offset.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	switch loc := t.Location(); loc {
	case time.UTC:
		return append(b, zoneUTC)
	case time.Local:
		return append(b, zoneLocal)
	default:
		name, off := t.Zone()
		b = append(b, zoneFixed)
		b = binary.AppendVarint(b, int64(off))
		return appendString(b, name)
	}
}

// decodeEvents decodes a list. Strings share the memory of s (no copies).
func decodeEvents(s string) ([]db.Event, error) {
	r := reader{s: s}
	n := r.uvarint()
	if r.bad || n > uint64(len(s)) {
		return nil, errCorrupt
	}
	evs := make([]db.Event, n)
	for i := range evs {
		r.event(&evs[i])
	}
	if r.bad || r.i != len(s) {
		return nil, errCorrupt
	}
	return evs, nil
}

func decodeEvent(s string) (db.Event, error) {
	r := reader{s: s}
	var e db.Event
	r.event(&e)
	if r.bad || r.i != len(s) {
		return db.Event{}, errCorrupt
	}
	return e, nil
}

// reader decodes from a string; after the first error every read returns
// zero values and bad stays set.
type reader struct {
	s   string
	i   int
	bad bool
}

func (r *reader) event(e *db.Event) {
	e.ID = r.varint()
	e.UserID = r.varint()
	e.Title = r.str()
	e.Description = r.str()
	e.Location = r.str()
	e.StartsAt = r.time()
	e.EndsAt = r.time()
	e.AllDay = r.byte() == 1
	e.Color = r.str()
	e.CreatedAt = r.time()
	e.UpdatedAt = r.time()
}

func (r *reader) uvarint() uint64 {
	if r.bad {
		return 0
	}
	var x uint64
	var shift uint
	for n := 0; n < binary.MaxVarintLen64; n++ {
		if r.i >= len(r.s) {
			break
		}
		c := r.s[r.i]
		r.i++
		if c < 0x80 {
			return x | uint64(c)<<shift
		}
		x |= uint64(c&0x7f) << shift
		shift += 7
	}
	r.bad = true
	return 0
}

func (r *reader) varint() int64 {
	ux := r.uvarint()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}

func (r *reader) byte() byte {
	if r.bad || r.i >= len(r.s) {
		r.bad = true
		return 0
	}
	c := r.s[r.i]
	r.i++
	return c
}

func (r *reader) str() string {
	n := r.uvarint()
	if r.bad || n > uint64(len(r.s)-r.i) {
		r.bad = true
		return ""
	}
	s := r.s[r.i : r.i+int(n)]
	r.i += int(n)
	return s
}

func (r *reader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	zone := r.byte()
	if r.bad || nsec >= 1e9 {
		r.bad = true
		return time.Time{}
	}
	t := time.Unix(sec, int64(nsec))
	switch zone {
	case zoneUTC:
		return t.UTC()
	case zoneLocal:
		return t
	case zoneFixed:
		off := r.varint()
		name := r.str()
		if r.bad {
			return time.Time{}
		}
		return t.In(time.FixedZone(name, int(off)))
	}
	r.bad = true
	return time.Time{}
}
