package cache

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

func codecSamples() []db.Event {
	paris := time.FixedZone("CEST", 2*3600)
	return []db.Event{
		event(1, 2, "Standup", "2025-06-01"),
		{}, // zero value: zero times, empty strings
		{
			ID: -5, UserID: 1 << 62, CalendarID: 77, Title: strings.Repeat("long ", 1000), Description: "line\nbreak\x00nul",
			Location: "Zürich 🏔", StartsAt: time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC),
			EndsAt: time.Date(2300, 1, 1, 0, 0, 0, 1, paris), AllDay: true, Color: "",
			CreatedAt: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Unix(0, 0),
		},
		seriesSample(),
	}
}

// seriesSample is a series' master, or (with SeriesID) an override, with
// every series column set.
func seriesSample() db.Event {
	e := event(9, 2, "Weekly", "2025-06-03")
	until := time.Date(2026, 3, 31, 8, 30, 0, 0, time.UTC)
	rid := time.Unix(1748939400, 0)
	sid := int64(-3)
	e.Rrule, e.Tzid, e.UntilAt = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20260331T083000Z", "Europe/Berlin", &until
	e.Exdates = []time.Time{time.Unix(1749544200, 0), time.Unix(1750149000, 0).UTC()}
	e.SeriesID, e.RecurrenceID = &sid, &rid
	return e
}

// sameEvent compares field by field; times by instant, offset and zone name.
func sameEvent(t *testing.T, got, want db.Event) {
	t.Helper()
	gv, wv := reflect.ValueOf(got), reflect.ValueOf(want)
	for i := range gv.NumField() {
		g, w := gv.Field(i).Interface(), wv.Field(i).Interface()
		name := gv.Type().Field(i).Name
		switch gt := g.(type) {
		case time.Time:
			sameTime(t, name, gt, w.(time.Time))
			continue
		case *time.Time:
			wt := w.(*time.Time)
			if (gt == nil) != (wt == nil) {
				t.Fatalf("%s: got %v, want %v", name, gt, wt)
			}
			if gt != nil {
				sameTime(t, name, *gt, *wt)
			}
			continue
		case []time.Time:
			wt := w.([]time.Time)
			if len(gt) != len(wt) {
				t.Fatalf("%s: got %v, want %v", name, gt, wt)
			}
			for j := range gt {
				sameTime(t, name, gt[j], wt[j])
			}
			continue
		case *int64:
			wi := w.(*int64)
			if (gt == nil) != (wi == nil) || gt != nil && *gt != *wi {
				t.Fatalf("%s: got %v, want %v", name, gt, wi)
			}
			continue
		}
		if g != w {
			t.Fatalf("%s: got %v, want %v", gv.Type().Field(i).Name, g, w)
		}
	}
}

func sameTime(t *testing.T, name string, gt, wt time.Time) {
	t.Helper()
	gn, go_ := gt.Zone()
	wn, wo := wt.Zone()
	if !gt.Equal(wt) || gn != wn || go_ != wo || gt.Location().String() != wt.Location().String() {
		t.Fatalf("%s: got %v, want %v", name, gt, wt)
	}
}

func TestCodecRoundTrip(t *testing.T) {
	evs := codecSamples()
	b := appendEvents(appendHeader(nil, 7<<32|3), evs)
	gen, payload, ok := splitHeader(string(b))
	if !ok || gen != 7<<32|3 {
		t.Fatalf("header = %d, %v", gen, ok)
	}
	got, err := decodeEvents(payload)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(evs) {
		t.Fatalf("%d events, want %d", len(got), len(evs))
	}
	for i := range evs {
		sameEvent(t, got[i], evs[i])
	}
	// pgx-style Local and UTC times come back identical (DeepEqual).
	if !reflect.DeepEqual(got[0], evs[0]) || !reflect.DeepEqual(got[1], evs[1]) {
		t.Fatalf("not identical:\n%#v\n%#v", got[:2], evs[:2])
	}

	one, err := decodeEvent(string(appendEvent(nil, &evs[2])))
	if err != nil {
		t.Fatal(err)
	}
	sameEvent(t, one, evs[2])

	empty, err := decodeEvents(string(appendEvents(nil, nil)))
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty = %v, %v", empty, err)
	}

	// A master's record with its overrides.
	rec := Record{Event: seriesSample(), Overrides: []Override{{time.Unix(1749544200, 0).UTC(), 12}, {time.Unix(1750149000, 0), -1}},
		Reminders: []int32{0, 10, 40320}}
	gotRec, err := decodeRecord(string(appendRecord(nil, &rec)))
	if err != nil {
		t.Fatal(err)
	}
	sameEvent(t, gotRec.Event, rec.Event)
	if !reflect.DeepEqual(gotRec.Reminders, rec.Reminders) {
		t.Fatalf("reminders = %v, want %v", gotRec.Reminders, rec.Reminders)
	}
	if len(gotRec.Overrides) != 2 || gotRec.Overrides[1].ID != -1 {
		t.Fatalf("overrides = %v", gotRec.Overrides)
	}
	for i, o := range rec.Overrides {
		sameTime(t, "override", gotRec.Overrides[i].RecurrenceID, o.RecurrenceID)
		if id, ok := gotRec.OverrideOf(o.RecurrenceID); !ok || id != o.ID {
			t.Fatalf("OverrideOf(%v) = %d, %v", o.RecurrenceID, id, ok)
		}
	}
	if _, ok := gotRec.OverrideOf(time.Unix(1, 0)); ok {
		t.Fatal("OverrideOf found an id that is no override")
	}
	plain, err := decodeRecord(string(appendRecord(nil, &Record{Event: codecSamples()[0]})))
	if err != nil || plain.Overrides != nil || plain.Reminders != nil || !reflect.DeepEqual(plain.Event, codecSamples()[0]) {
		t.Fatalf("plain record = %+v, %v", plain, err)
	}
}

func TestCodecRejectsCorruptValues(t *testing.T) {
	b := string(appendEvents(nil, codecSamples()[:1]))
	for n := range len(b) {
		if _, err := decodeEvents(b[:n]); err == nil {
			t.Fatalf("truncated at %d/%d: no error", n, len(b))
		}
	}
	rec := Record{Event: seriesSample(), Overrides: []Override{{time.Unix(1749544200, 0), 12}}, Reminders: []int32{5, 60}}
	rb := string(appendRecord(nil, &rec))
	for n := range len(rb) {
		if _, err := decodeRecord(rb[:n]); err == nil {
			t.Fatalf("record truncated at %d/%d: no error", n, len(rb))
		}
	}
	if _, err := decodeRecord(rb + "x"); err == nil {
		t.Fatal("record with a trailing byte: no error")
	}
	if _, err := decodeEvents(b + "x"); err == nil {
		t.Fatal("trailing byte: no error")
	}
	if _, err := decodeEvents("\xff\xff\xff\xff\x0f"); err == nil {
		t.Fatal("huge count: no error")
	}
	if _, _, ok := splitHeader("\x01\x00"); ok {
		t.Fatal("another codec version accepted")
	}
	if _, _, ok := splitHeader(""); ok {
		t.Fatal("empty value accepted")
	}
}

func FuzzDecodeEvents(f *testing.F) {
	f.Add(string(appendEvents(nil, codecSamples())))
	f.Fuzz(func(t *testing.T, s string) {
		evs, err := decodeEvents(s)
		if err != nil {
			return
		}
		if again, err := decodeEvents(string(appendEvents(nil, evs))); err != nil || len(again) != len(evs) {
			t.Fatalf("re-encode: %v", err)
		}
	})
}

// FuzzDecodeRecord: a record decodes without panicking, and one that
// decodes encodes to a value that decodes the same.
func FuzzDecodeRecord(f *testing.F) {
	f.Add(string(appendRecord(nil, &Record{Event: seriesSample(), Overrides: []Override{{time.Unix(1749544200, 0), 12}}, Reminders: []int32{10}})))
	f.Add(string(appendRecord(nil, &Record{Event: codecSamples()[0]})))
	f.Fuzz(func(t *testing.T, s string) {
		rec, err := decodeRecord(s)
		if err != nil {
			return
		}
		again, err := decodeRecord(string(appendRecord(nil, &rec)))
		if err != nil || len(again.Overrides) != len(rec.Overrides) || len(again.Exdates) != len(rec.Exdates) ||
			!slices.Equal(again.Reminders, rec.Reminders) {
			t.Fatalf("re-encode: %v", err)
		}
	})
}

// TestCodecCoversEveryEventField fails when db.Event gains a field: encode
// it in codec.go and bump codecVersion.
func TestCodecCoversEveryEventField(t *testing.T) {
	if n := reflect.TypeFor[db.Event]().NumField(); n != 18 {
		t.Fatalf("db.Event has %d fields, the codec encodes 18: update appendEvent/reader.event and bump codecVersion", n)
	}
}

func benchEvents() []db.Event {
	evs := make([]db.Event, 20)
	for i := range evs {
		evs[i] = event(int64(i+1), 1, "Weekly planning meeting", "2025-06-01")
	}
	return evs
}

func BenchmarkEncodeDecode(b *testing.B) {
	evs := benchEvents()
	b.Run("binary", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf = appendEvents(appendHeader(buf[:0], 1), evs)
			_, p, _ := splitHeader(string(buf))
			if _, err := decodeEvents(p); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
	b.Run("json", func(b *testing.B) {
		b.ReportAllocs()
		var buf []byte
		for b.Loop() {
			buf, _ = json.Marshal(evs)
			var out []db.Event
			if err := json.Unmarshal(buf, &out); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(buf)), "bytes")
	})
}
