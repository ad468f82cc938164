package db

import (
	"encoding/binary"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
)

// rangeFields are ListEventsInRange's field descriptions in the formats
// pgx asks m for (text columns as text, the others binary), or every
// column binary.
func rangeFields(m *pgtype.Map, allBinary bool) []pgconn.FieldDescription {
	fields := make([]pgconn.FieldDescription, len(rangeColumnOIDs))
	for k, oid := range rangeColumnOIDs {
		fields[k] = pgconn.FieldDescription{DataTypeOID: oid, Format: m.FormatCodeForOID(oid)}
		if allBinary {
			fields[k].Format = pgtype.BinaryFormatCode
		}
	}
	return fields
}

// encodeRangeRow is r's columns as the server sends them in fields'
// formats. An empty array is sent without dimensions (pgx encodes one of
// length 0).
func encodeRangeRow(t testing.TB, m *pgtype.Map, fields []pgconn.FieldDescription, r ListEventsInRangeRow) [][]byte {
	t.Helper()
	raw := make([][]byte, len(fields))
	for k, dst := range rangeRowDest(&r) {
		v, err := m.Encode(fields[k].DataTypeOID, fields[k].Format, reflect.ValueOf(dst).Elem().Interface(), []byte{}) // "" is not NULL
		if err != nil {
			t.Fatalf("encode column %d: %v", k, err)
		}
		if ts, ok := dst.(*[]time.Time); ok && *ts != nil && len(*ts) == 0 && fields[k].Format == pgtype.BinaryFormatCode {
			raw[k] = emptyTimestamptzArray()
			continue
		}
		raw[k] = v
	}
	return raw
}

// emptyTimestamptzArray is '{}'::timestamptz[] as Postgres sends it in
// binary: no dimensions, no NULLs, the element type.
func emptyTimestamptzArray() []byte {
	return binary.BigEndian.AppendUint32(make([]byte, 8), pgtype.TimestamptzOID)
}

// binaryMicros is a binary timestamptz of us microseconds after 2000.
func binaryMicros(us int64) []byte {
	return binary.BigEndian.AppendUint64(nil, uint64(us))
}

// rangeDecodeCase is a row of TestRangeDecoderMatchesPgx.
type rangeDecodeCase struct {
	name   string
	edit   func(r *ListEventsInRangeRow) // the values, before encoding
	raw    func(raw [][]byte)            // wire bytes no value encodes to
	decode bool                          // the decoder takes it
}

// rangeDecodeCases are a single event's row and the cases that change it.
func rangeDecodeCases(berlin *time.Location) (ListEventsInRangeRow, []rangeDecodeCase) {
	at := time.Date(2025, 6, 2, 9, 0, 0, 123456000, time.UTC)
	seven, rid := int64(7), at.AddDate(0, 0, 3)
	base := ListEventsInRangeRow{Event: Event{ID: 1 << 40, UserID: 2, Title: "Single", Description: "d", Location: "l",
		StartsAt: at, EndsAt: at.Add(time.Hour), Color: "blue", CreatedAt: at, UpdatedAt: at, Exdates: []time.Time{}, CalendarID: 3},
		CalendarColor: "green"}
	return base, []rangeDecodeCase{
		{name: "single", decode: true},
		{name: "empty strings", edit: func(r *ListEventsInRangeRow) {
			r.Event.Description, r.Event.Location, r.Event.Color, r.CalendarColor = "", "", "", ""
		}, decode: true},
		{name: "only the title", edit: func(r *ListEventsInRangeRow) {
			*r = ListEventsInRangeRow{Event: Event{Title: "t", StartsAt: at, EndsAt: at, CreatedAt: at, UpdatedAt: at, Exdates: []time.Time{}}}
		}, decode: true},
		{name: "no strings", raw: func(raw [][]byte) {
			for _, c := range []int{2, 3, 4, 8, 11, 12, 19} { // the text columns
				raw[c] = []byte{}
			}
		}, decode: true},
		{name: "non-ASCII", edit: func(r *ListEventsInRangeRow) {
			r.Event.Title, r.Event.Location, r.CalendarColor = "Café ☕ 日本語 🎉", "Ω", "ä"
		}, decode: true},
		{name: "long description", edit: func(r *ListEventsInRangeRow) { r.Event.Description = strings.Repeat("ß", 5000) }, decode: true},
		{name: "all day, negative ids", edit: func(r *ListEventsInRangeRow) { r.Event.AllDay, r.Event.ID, r.Event.CalendarID = true, -1, -1<<63 }, decode: true},
		{name: "bool byte 2", raw: func(raw [][]byte) { raw[7] = []byte{2} }, decode: true},
		{name: "override", edit: func(r *ListEventsInRangeRow) { r.Event.SeriesID, r.Event.RecurrenceID = &seven, &rid }, decode: true},
		{name: "master without exdates or overrides", edit: func(r *ListEventsInRangeRow) {
			r.Event.Rrule, r.Event.Tzid, r.Event.UntilAt, r.Overridden = "FREQ=DAILY", "Europe/Berlin", &rid, []time.Time{}
		}, decode: true},
		{name: "master with exdates", edit: func(r *ListEventsInRangeRow) { r.Event.Rrule, r.Event.Exdates = "FREQ=DAILY", []time.Time{at, rid} }},
		{name: "master with overrides", edit: func(r *ListEventsInRangeRow) { r.Event.Rrule, r.Overridden = "FREQ=DAILY", []time.Time{rid} }},
		{name: "NULL exdates", raw: func(raw [][]byte) { raw[14] = nil }, decode: true},
		{name: "1969", edit: func(r *ListEventsInRangeRow) {
			r.Event.StartsAt = time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC)
		}, decode: true},
		{name: "1999", edit: func(r *ListEventsInRangeRow) { r.Event.StartsAt = time.Date(1999, 12, 31, 23, 59, 59, 1000, time.UTC) }, decode: true},
		{name: "year 1", edit: func(r *ListEventsInRangeRow) { r.Event.StartsAt = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC) }, decode: true},
		{name: "year 9999", edit: func(r *ListEventsInRangeRow) {
			r.Event.EndsAt = time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC)
		}, decode: true},
		{name: "year 10000", edit: func(r *ListEventsInRangeRow) { r.Event.EndsAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
		{name: "year 0", edit: func(r *ListEventsInRangeRow) { r.Event.StartsAt = time.Date(0, 12, 31, 0, 0, 0, 0, time.UTC) }},
		{name: "zoned until", edit: func(r *ListEventsInRangeRow) { u := at.In(berlin); r.Event.UntilAt = &u }, decode: true},
		{name: "infinity", raw: func(raw [][]byte) { raw[6] = binaryMicros(1<<63 - 1) }},
		{name: "-infinity until", raw: func(raw [][]byte) { raw[13] = binaryMicros(-1 << 63) }},
		{name: "NULL title", raw: func(raw [][]byte) { raw[2] = nil }},
		{name: "NULL calendar colour", raw: func(raw [][]byte) { raw[19] = nil }},
		{name: "NULL starts_at", raw: func(raw [][]byte) { raw[5] = nil }},
		{name: "NULL id", raw: func(raw [][]byte) { raw[0] = nil }},
		{name: "short int8", raw: func(raw [][]byte) { raw[17] = raw[17][:4] }},
		{name: "long bool", raw: func(raw [][]byte) { raw[7] = []byte{1, 0} }},
		{name: "empty array and more", raw: func(raw [][]byte) { raw[18] = append(emptyTimestamptzArray(), 0) }},
		{name: "one dimension of length 0", raw: func(raw [][]byte) {
			// ndim 1, no NULLs, timestamptz (0x4a0); length 0, lower bound 1
			raw[14] = append(binary.BigEndian.AppendUint32(binary.BigEndian.AppendUint32(make([]byte, 0, 20), 1), 0), 0, 0, 4, 0xa0, 0, 0, 0, 0, 0, 0, 0, 1)
		}},
	}
}

// TestRangeDecoderMatchesPgx decodes rows of every kind of value the
// columns take, hand-made wire bytes included, with rangeDecoder and with
// pgx's own scan of each column (what rows.Scan runs), for the default
// type map and for timestamptz codecs that return UTC or a zone, with the
// text columns in text and in binary format: a row the decoder takes must
// be the row pgx scans (reflect.DeepEqual: the times' Location, nil
// against empty slices), a row it leaves to pgx must be one the test
// expects it to leave.
func TestRangeDecoderMatchesPgx(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	base, cases := rangeDecodeCases(berlin)
	maps := map[string]func() *pgtype.Map{
		"default": pgtype.NewMap,
		"UTC":     func() *pgtype.Map { return timestamptzIn(time.UTC) },
		"Berlin":  func() *pgtype.Map { return timestamptzIn(berlin) },
	}
	for mapName, newMap := range maps {
		for _, allBinary := range []bool{false, true} {
			m := newMap()
			fields := rangeFields(m, allBinary)
			d := planRangeDecoder(fields, m)
			if !d.on {
				t.Fatalf("%s map (all binary %v): decoder off", mapName, allBinary)
			}
			for _, c := range cases {
				r := base
				if c.edit != nil {
					c.edit(&r)
				}
				raw := encodeRangeRow(t, m, fields, r)
				if c.raw != nil {
					c.raw(raw)
				}
				checkRangeDecode(t, mapName+"/"+c.name, d, m, fields, raw, c.decode)
			}
		}
	}
}

// checkRangeDecode decodes raw with d and with m's scan plans.
func checkRangeDecode(t *testing.T, name string, d *rangeDecoder, m *pgtype.Map, fields []pgconn.FieldDescription, raw [][]byte, decode bool) {
	t.Helper()
	var want ListEventsInRangeRow
	var scanErr error
	for k, dst := range rangeRowDest(&want) {
		if err := m.Scan(fields[k].DataTypeOID, fields[k].Format, raw[k], dst); err != nil && scanErr == nil {
			scanErr = err
		}
	}
	var got ListEventsInRangeRow
	took := d.decode(raw, &got)
	switch {
	case took != decode:
		t.Errorf("%s: decoded %v, want %v (pgx: %v)", name, took, decode, scanErr)
	case took && scanErr != nil:
		t.Errorf("%s: decoded a row pgx does not scan: %v", name, scanErr)
	case took && !reflect.DeepEqual(got, want):
		t.Errorf("%s: decoded\n%#v\npgx scans\n%#v", name, got, want)
	}
}

// timestamptzIn is a type map whose timestamptz codec returns times in loc.
func timestamptzIn(loc *time.Location) *pgtype.Map {
	m := pgtype.NewMap()
	m.RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID, Codec: &pgtype.TimestamptzCodec{ScanLocation: loc}})
	return m
}

// TestRangeDecoderPlan leaves every row to pgx when a column is not of the
// type, format or codec the decoder reads.
func TestRangeDecoderPlan(t *testing.T) {
	for name, edit := range map[string]func(fields []pgconn.FieldDescription, m *pgtype.Map) []pgconn.FieldDescription{
		"as pgx asks": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription { return f },
		"int8 as text": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription {
			f[0].Format = pgtype.TextFormatCode
			return f
		},
		"timestamptz as text": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription {
			f[5].Format = pgtype.TextFormatCode
			return f
		},
		"array as text": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription {
			f[14].Format = pgtype.TextFormatCode
			return f
		},
		"varchar title": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription {
			f[2].DataTypeOID = pgtype.VarcharOID
			return f
		},
		"a column less": func(f []pgconn.FieldDescription, _ *pgtype.Map) []pgconn.FieldDescription { return f[:len(f)-1] },
		"another int8 codec": func(f []pgconn.FieldDescription, m *pgtype.Map) []pgconn.FieldDescription {
			m.RegisterType(&pgtype.Type{Name: "int8", OID: pgtype.Int8OID, Codec: pgtype.NumericCodec{}})
			return f
		},
	} {
		m := pgtype.NewMap()
		d := planRangeDecoder(edit(rangeFields(m, false), m), m)
		if d.on != (name == "as pgx asks") {
			t.Errorf("%s: decoder on %v", name, d.on)
		}
		var r ListEventsInRangeRow
		if !d.on && d.decode(make([][]byte, len(rangeColumnOIDs)), &r) {
			t.Errorf("%s: a decoder that is off took a row", name)
		}
	}
}

// BenchmarkRangeRowDecode decodes the wire bytes of a single event's row
// (text columns in text format, the rest binary, as the query returns
// them) with pgx's scan plans, planned once as rows.Scan keeps them
// ("pgx"), and with rangeDecoder ("decoder").
func BenchmarkRangeRowDecode(b *testing.B) {
	m := pgtype.NewMap()
	fields := rangeFields(m, false)
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	row := ListEventsInRangeRow{Event: Event{ID: 123456, UserID: 42, Title: "Event 17", Location: "Room 3",
		StartsAt: at, EndsAt: at.Add(time.Hour), Color: "green", CreatedAt: at, UpdatedAt: at, Exdates: []time.Time{}, CalendarID: 77},
		CalendarColor: "blue"}
	raw := encodeRangeRow(b, m, fields, row)
	b.Run("pgx", func(b *testing.B) {
		var r ListEventsInRangeRow
		dest := rangeRowDest(&r)
		plans := make([]pgtype.ScanPlan, len(dest))
		for k := range dest {
			plans[k] = m.PlanScan(fields[k].DataTypeOID, fields[k].Format, dest[k])
		}
		b.ReportAllocs()
		for b.Loop() {
			r = ListEventsInRangeRow{}
			for k, p := range plans {
				if err := p.Scan(raw[k], dest[k]); err != nil {
					b.Fatal(err)
				}
			}
		}
	})
	b.Run("decoder", func(b *testing.B) {
		d := planRangeDecoder(fields, m)
		var r ListEventsInRangeRow
		b.ReportAllocs()
		for b.Loop() {
			r = ListEventsInRangeRow{}
			if !d.decode(raw, &r) {
				b.Fatal("row not decoded")
			}
		}
	})
}
