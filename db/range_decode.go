package db

import (
	"encoding/binary"
	"time"
	"unsafe"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// rangeColumnOIDs are the types of ListEventsInRange's columns, in the
// order it scans them.
var rangeColumnOIDs = [...]uint32{
	pgtype.Int8OID,             // id
	pgtype.Int8OID,             // user_id
	pgtype.TextOID,             // title
	pgtype.TextOID,             // description
	pgtype.TextOID,             // location
	pgtype.TimestamptzOID,      // starts_at
	pgtype.TimestamptzOID,      // ends_at
	pgtype.BoolOID,             // all_day
	pgtype.TextOID,             // color
	pgtype.TimestamptzOID,      // created_at
	pgtype.TimestamptzOID,      // updated_at
	pgtype.TextOID,             // rrule
	pgtype.TextOID,             // tzid
	pgtype.TimestamptzOID,      // until_at (NULL when endless)
	pgtype.TimestamptzArrayOID, // exdates
	pgtype.Int8OID,             // series_id (NULL but for overrides)
	pgtype.TimestamptzOID,      // recurrence_id (NULL but for overrides)
	pgtype.Int8OID,             // calendar_id
	pgtype.TimestamptzArrayOID, // overridden (NULL but for series masters)
	pgtype.TextOID,             // calendar_color
}

// Timestamps decoded by hand: years 1 to 9999, in microseconds from
// 2000-01-01 UTC (Postgres' epoch, unixY2K seconds after Unix's). Others
// (infinity too) are left to pgx, which also returns its errors for them.
const (
	unixY2K        = 946684800
	minRangeMicros = (-62135596800 - unixY2K) * 1_000_000 // 0001-01-01
	endRangeMicros = (253402300800 - unixY2K) * 1_000_000 // 10000-01-01
)

// rangeDecoder decodes the rows of ListEventsInRange from their wire bytes
// into the values pgx scans from them, planned once per query from the
// field descriptions and the connection's type map: binary int8, bool and
// timestamptz, text in either format (both are the UTF-8 bytes), and
// timestamptz[] when NULL or empty. It takes a row only when every column
// is one of those with a value it handles; the caller scans the others.
type rangeDecoder struct {
	on  bool           // the columns are as planned: decode rows
	loc *time.Location // the timestamptz codec's ScanLocation (nil: time.Local)
}

// newRangeDecoder plans the decoding of rows, which has read its first row.
// A decoder that is not on takes no row.
func newRangeDecoder(rows pgx.Rows, on bool) *rangeDecoder {
	if !on || rows.Conn() == nil {
		return &rangeDecoder{}
	}
	return planRangeDecoder(rows.FieldDescriptions(), rows.Conn().TypeMap())
}

// planRangeDecoder is on when fields are ListEventsInRange's columns and m
// decodes each with the codec whose scan rangeDecoder reproduces, in a
// format it reads.
func planRangeDecoder(fields []pgconn.FieldDescription, m *pgtype.Map) *rangeDecoder {
	d := &rangeDecoder{}
	if len(fields) != len(rangeColumnOIDs) {
		return d
	}
	for k, f := range fields {
		oid := rangeColumnOIDs[k]
		t, ok := m.TypeForOID(oid)
		if f.DataTypeOID != oid || !ok {
			return d
		}
		binaryFormat := f.Format == pgtype.BinaryFormatCode
		switch oid {
		case pgtype.TextOID:
			_, ok = t.Codec.(pgtype.TextCodec)
			ok = ok && (binaryFormat || f.Format == pgtype.TextFormatCode)
		case pgtype.Int8OID:
			_, ok = t.Codec.(pgtype.Int8Codec)
		case pgtype.BoolOID:
			_, ok = t.Codec.(pgtype.BoolCodec)
		case pgtype.TimestamptzOID:
			var c *pgtype.TimestamptzCodec
			c, ok = t.Codec.(*pgtype.TimestamptzCodec)
			if ok {
				d.loc = c.ScanLocation
			}
		case pgtype.TimestamptzArrayOID:
			_, ok = t.Codec.(*pgtype.ArrayCodec)
		}
		if !ok || (oid != pgtype.TextOID && !binaryFormat) {
			return d
		}
	}
	d.on = true
	return d
}

// decode fills r (zero) from raw, reporting whether it took the row; r is
// to be zeroed again and scanned by pgx when it did not.
func (d *rangeDecoder) decode(raw [][]byte, r *ListEventsInRangeRow) bool {
	return d.on && len(raw) == len(rangeColumnOIDs) &&
		emptyTimes(raw[14], &r.Event.Exdates) && emptyTimes(raw[18], &r.Overridden) &&
		d.decodeScalars(raw, r) && d.decodeTexts(raw, r)
}

// decodeScalars decodes the integer, boolean and time columns.
func (d *rangeDecoder) decodeScalars(raw [][]byte, r *ListEventsInRangeRow) bool {
	e := &r.Event
	return int8Value(raw[0], &e.ID) && int8Value(raw[1], &e.UserID) &&
		d.timestamptz(raw[5], &e.StartsAt) && d.timestamptz(raw[6], &e.EndsAt) &&
		boolValue(raw[7], &e.AllDay) &&
		d.timestamptz(raw[9], &e.CreatedAt) && d.timestamptz(raw[10], &e.UpdatedAt) &&
		d.timestamptzOrNil(raw[13], &e.UntilAt) &&
		int8OrNil(raw[15], &e.SeriesID) && d.timestamptzOrNil(raw[16], &e.RecurrenceID) &&
		int8Value(raw[17], &e.CalendarID)
}

// decodeTexts decodes the text columns into one byte array allocated for
// this row, which the row's strings are slices of: one allocation instead
// of one per column. The array is written only before the strings are
// made and belongs to no other row, so the strings stay as they are for
// as long as fn keeps them. A NULL is left to pgx (which cannot scan it
// into a string).
func (d *rangeDecoder) decodeTexts(raw [][]byte, r *ListEventsInRangeRow) bool {
	raw = raw[:len(rangeColumnOIDs)]
	title, desc, location, color, rrule, tzid, calColor := raw[2], raw[3], raw[4], raw[8], raw[11], raw[12], raw[19]
	if title == nil || desc == nil || location == nil || color == nil || rrule == nil || tzid == nil || calColor == nil {
		return false
	}
	n := len(title) + len(desc) + len(location) + len(color) + len(rrule) + len(tzid) + len(calColor)
	if n == 0 {
		return true // all "" already
	}
	buf := make([]byte, 0, n)
	buf = append(append(append(append(append(append(append(buf, title...), desc...), location...), color...), rrule...), tzid...), calColor...)
	s := unsafe.String(unsafe.SliceData(buf), n)
	e := &r.Event
	off := 0
	cut := func(l int) string {
		off += l
		return s[off-l : off]
	}
	e.Title, e.Description, e.Location, e.Color = cut(len(title)), cut(len(desc)), cut(len(location)), cut(len(color))
	e.Rrule, e.Tzid, r.CalendarColor = cut(len(rrule)), cut(len(tzid)), cut(len(calColor))
	return true
}

// int8Value decodes a binary int8 that is not NULL.
func int8Value(src []byte, dst *int64) bool {
	if len(src) != 8 {
		return false
	}
	*dst = int64(binary.BigEndian.Uint64(src))
	return true
}

// int8OrNil decodes a binary int8 or NULL (nil).
func int8OrNil(src []byte, dst **int64) bool {
	if src == nil {
		return true
	}
	v := new(int64)
	*dst = v
	return int8Value(src, v)
}

// boolValue decodes a binary bool that is not NULL as pgx does (true is 1).
func boolValue(src []byte, dst *bool) bool {
	if len(src) != 1 {
		return false
	}
	*dst = src[0] == 1
	return true
}

// timestamptz decodes a binary timestamptz that is not NULL into the time
// pgx returns: time.Unix's (in time.Local), in the codec's ScanLocation
// when it has one.
func (d *rangeDecoder) timestamptz(src []byte, dst *time.Time) bool {
	if len(src) != 8 {
		return false
	}
	us := int64(binary.BigEndian.Uint64(src))
	if us < minRangeMicros || us >= endRangeMicros {
		return false
	}
	t := time.Unix(unixY2K+us/1_000_000, us%1_000_000*1_000)
	if d.loc != nil {
		t = t.In(d.loc)
	}
	*dst = t
	return true
}

// timestamptzOrNil decodes a binary timestamptz or NULL (nil).
func (d *rangeDecoder) timestamptzOrNil(src []byte, dst **time.Time) bool {
	if src == nil {
		return true
	}
	v := new(time.Time)
	*dst = v
	return d.timestamptz(src, v)
}

// emptyTimes decodes a binary timestamptz[] that is NULL (nil) or has no
// dimensions (an empty slice, not nil, as pgx returns it); other arrays
// are left to pgx.
func emptyTimes(src []byte, dst *[]time.Time) bool {
	if src == nil {
		return true
	}
	// ndim, has-nulls flag, element type; no dimensions follow.
	if len(src) != 12 || binary.BigEndian.Uint32(src) != 0 {
		return false
	}
	*dst = []time.Time{}
	return true
}
