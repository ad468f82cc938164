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
//
// Version 2: the series columns (rrule, tzid, until_at, exdates, series_id,
// recurrence_id) and the event family's override list (Record).
// Version 3: the event's calendar.
// Version 4: a Record's reminders.
const codecVersion byte = 4

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
	b = binary.AppendVarint(b, e.CalendarID)
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
	b = appendTime(b, e.UpdatedAt)
	b = appendString(b, e.Rrule)
	b = appendString(b, e.Tzid)
	b = appendOptTime(b, e.UntilAt)
	b = binary.AppendUvarint(b, uint64(len(e.Exdates)))
	for _, t := range e.Exdates {
		b = appendTime(b, t)
	}
	if e.SeriesID == nil {
		b = append(b, 0)
	} else {
		b = append(b, 1)
		b = binary.AppendVarint(b, *e.SeriesID)
	}
	return appendOptTime(b, e.RecurrenceID)
}

// appendRecord encodes an event read by id: the event, then uvarint count
// and each override's recurrence id and id, then uvarint count and each
// reminder.
func appendRecord(b []byte, r *Record) []byte {
	b = appendEvent(b, &r.Event)
	b = binary.AppendUvarint(b, uint64(len(r.Overrides)))
	for _, o := range r.Overrides {
		b = appendTime(b, o.RecurrenceID)
		b = binary.AppendVarint(b, o.ID)
	}
	b = binary.AppendUvarint(b, uint64(len(r.Reminders)))
	for _, m := range r.Reminders {
		b = binary.AppendVarint(b, int64(m))
	}
	return b
}

// appendOptTime encodes a nullable time: 0, or 1 and the time.
func appendOptTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, 0)
	}
	return appendTime(append(b, 1), *t)
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

// decodeRecord decodes what appendRecord wrote.
func decodeRecord(s string) (Record, error) {
	r := reader{s: s}
	var rec Record
	r.event(&rec.Event)
	n := r.uvarint()
	if r.bad || n > uint64(len(s)-r.i) {
		return Record{}, errCorrupt
	}
	if n > 0 {
		rec.Overrides = make([]Override, n)
		for i := range rec.Overrides {
			rec.Overrides[i].RecurrenceID = r.time()
			rec.Overrides[i].ID = r.varint()
		}
	}
	n = r.uvarint()
	if r.bad || n > uint64(len(s)-r.i) {
		return Record{}, errCorrupt
	}
	if n > 0 {
		rec.Reminders = make([]int32, n)
		for i := range rec.Reminders {
			rec.Reminders[i] = int32(r.varint())
		}
	}
	if r.bad || r.i != len(s) {
		return Record{}, errCorrupt
	}
	return rec, nil
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
	e.CalendarID = r.varint()
	e.Title = r.str()
	e.Description = r.str()
	e.Location = r.str()
	e.StartsAt = r.time()
	e.EndsAt = r.time()
	e.AllDay = r.byte() == 1
	e.Color = r.str()
	e.CreatedAt = r.time()
	e.UpdatedAt = r.time()
	e.Rrule = r.str()
	e.Tzid = r.str()
	e.UntilAt = r.optTime()
	if n := r.uvarint(); n > 0 {
		if r.bad || n > uint64(len(r.s)-r.i) {
			r.bad = true
			return
		}
		e.Exdates = make([]time.Time, n)
		for i := range e.Exdates {
			e.Exdates[i] = r.time()
		}
	}
	switch r.byte() {
	case 0:
	case 1:
		id := r.varint()
		e.SeriesID = &id
	default:
		r.bad = true
	}
	e.RecurrenceID = r.optTime()
}

// optTime decodes what appendOptTime wrote.
func (r *reader) optTime() *time.Time {
	switch r.byte() {
	case 0:
		return nil
	case 1:
		t := r.time()
		return &t
	}
	r.bad = true
	return nil
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
