package calendar

import (
	"testing"
	"time"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2025-06-09", "2028-02-29", "2025-02-29", "2025-2-30", "0001-01-01", "9999-12-31",
		"0000-00-00", "", "2025-06-09x", "-001-01-01", "2025-06-0\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if d != (Date{}) {
				t.Fatalf("ParseDate(%q) returned %v with error", s, d)
			}
			return
		}
		if !d.Valid() {
			t.Fatalf("ParseDate(%q) = invalid %v", s, d)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if d2, err := ParseDate(d.String()); err != nil || d2 != d {
			t.Fatalf("round trip %q: %v, %v", s, d2, err)
		}
		if got := d.AddDays(1).AddDays(-1); got != d {
			t.Fatalf("AddDays round trip %v -> %v", d, got)
		}
		if d.DaysUntil(d.AddDays(40)) != 40 {
			t.Fatalf("DaysUntil(%v + 40) wrong", d)
		}
		if g := MonthGrid(d, time.Monday); g.Len() != 42 || !g.Contains(d) {
			t.Fatalf("MonthGrid(%v) = %+v", d, g)
		}
	})
}

func FuzzParseLocal(f *testing.F) {
	for _, s := range []string{
		"2025-06-09T09:00", "2025-06-09T09:00:30", "2025-06-09T09:00:30.123", "2025-06-09",
		"2025-03-30T02:30", "2025-10-26T02:30", "2025-03-09T02:30", "2025-11-02T01:30",
		"2025-06-09 09:00", "2025-06-09T24:00", "2025-06-09T09:00Z", "", "9999-12-31T23:59",
		"0001-01-01T00:00",
	} {
		f.Add(s)
	}
	zones := []*time.Location{time.UTC, loadLoc(f, "Europe/Berlin"), loadLoc(f, "America/New_York"), loadLoc(f, "America/Havana")}
	f.Fuzz(func(t *testing.T, s string) {
		for _, loc := range zones {
			tm, err := ParseLocal(s, loc)
			if err != nil || tm.IsZero() { // the zero time formats as ""
				continue
			}
			if len(s) > 10 && loc == time.UTC {
				// No DST in UTC: the wall clock is preserved exactly.
				want := s[:10] + "T" + s[11:16]
				if got := FormatLocalInput(tm, loc); got != want {
					t.Fatalf("UTC round trip %q -> %q", s, got)
				}
			}
			// Formatting and re-parsing is stable (gaps resolve forward,
			// overlaps to the earlier instant, both idempotently).
			out := FormatLocalInput(tm, loc)
			tm2, err := ParseLocal(out, loc)
			if err != nil {
				t.Fatalf("ParseLocal(FormatLocalInput(%q)) = %q: %v", s, out, err)
			}
			lt := tm.In(loc) // truncate the wall clock (LMT offsets have seconds)
			if want := tm.Add(-time.Duration(lt.Second())*time.Second - time.Duration(lt.Nanosecond())); !tm2.Equal(want) {
				t.Fatalf("%s: %q -> %v -> %q -> %v", loc, s, tm, out, tm2)
			}
			if len(s) == 10 && !tm.Equal(DateOf(tm, loc).Start(loc)) {
				t.Fatalf("%s: date-only %q -> %v is not a day start", loc, s, tm)
			}
			// Wall clocks never resolve backwards (fixed-width, so compare as strings).
			in := s[:10] + "T00:00"
			if len(s) > 10 {
				in = s[:10] + "T" + s[11:16]
			}
			if out < in {
				t.Fatalf("%s: %q resolved backwards to %q", loc, s, out)
			}
		}
	})
}
