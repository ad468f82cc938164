package calendar

import (
	"testing"
	"time"
)

func TestDayBoundsDST(t *testing.T) {
	const h = time.Hour
	for _, tc := range []struct {
		zone      string
		day       string
		length    time.Duration
		wantStart string // RFC 3339 in the zone
	}{
		{"Europe/Berlin", "2025-03-29", 24 * h, "2025-03-29T00:00:00+01:00"},
		{"Europe/Berlin", "2025-03-30", 23 * h, "2025-03-30T00:00:00+01:00"},
		{"Europe/Berlin", "2025-03-31", 24 * h, "2025-03-31T00:00:00+02:00"},
		{"Europe/Berlin", "2025-10-26", 25 * h, "2025-10-26T00:00:00+02:00"},
		{"Europe/Berlin", "2025-10-27", 24 * h, "2025-10-27T00:00:00+01:00"},
		{"America/New_York", "2025-03-09", 23 * h, "2025-03-09T00:00:00-05:00"},
		{"America/New_York", "2025-11-02", 25 * h, "2025-11-02T00:00:00-04:00"},
		{"America/New_York", "2025-06-09", 24 * h, "2025-06-09T00:00:00-04:00"},
		{"UTC", "2025-03-30", 24 * h, "2025-03-30T00:00:00Z"},
		// Midnight does not exist: the day starts at 01:00 after the gap.
		{"America/Sao_Paulo", "2018-11-04", 23 * h, "2018-11-04T01:00:00-02:00"},
		{"America/Sao_Paulo", "2018-11-03", 24 * h, "2018-11-03T00:00:00-03:00"},
		// Fall-back at midnight to 23:00: the previous day gets 25 hours.
		{"America/Sao_Paulo", "2019-02-16", 25 * h, "2019-02-16T00:00:00-02:00"},
		{"America/Sao_Paulo", "2019-02-17", 24 * h, "2019-02-17T00:00:00-03:00"},
		// Cuba: 00:00 standard -> 01:00 daylight; time.Date alone returns
		// 23:00 of the previous day here.
		{"America/Havana", "2025-03-09", 23 * h, "2025-03-09T01:00:00-04:00"},
		// Cuba: 01:00 daylight -> 00:00 standard, so midnight happens
		// twice; the day starts at the first.
		{"America/Havana", "2025-11-02", 25 * h, "2025-11-02T00:00:00-04:00"},
		{"America/Havana", "2025-11-03", 24 * h, "2025-11-03T00:00:00-05:00"},
		// Samoa skipped 2011-12-30 entirely.
		{"Pacific/Apia", "2011-12-29", 24 * h, "2011-12-29T00:00:00-10:00"},
		{"Pacific/Apia", "2011-12-30", 0, "2011-12-31T00:00:00+14:00"},
		{"Pacific/Apia", "2011-12-31", 24 * h, "2011-12-31T00:00:00+14:00"},
		// Lord Howe shifts by 30 minutes.
		{"Australia/Lord_Howe", "2025-04-06", 24*h + 30*time.Minute, "2025-04-06T00:00:00+11:00"},
	} {
		loc := loadLoc(t, tc.zone)
		d := mustDate(t, tc.day)
		start, end := DayBounds(d, loc)
		if got := start.Format(time.RFC3339); got != tc.wantStart {
			t.Errorf("%s %s: start = %s, want %s", tc.zone, tc.day, got, tc.wantStart)
		}
		if got := end.Sub(start); got != tc.length {
			t.Errorf("%s %s: day length = %v, want %v", tc.zone, tc.day, got, tc.length)
		}
		if !start.Equal(d.Start(loc)) || !end.Equal(d.AddDays(1).Start(loc)) {
			t.Errorf("%s %s: DayBounds disagrees with Start", tc.zone, tc.day)
		}
		if tc.length > 0 {
			if got := DateOf(start, loc); got != d {
				t.Errorf("%s %s: DateOf(start) = %v", tc.zone, tc.day, got)
			}
			if got := DateOf(end.Add(-time.Nanosecond), loc); got != d {
				t.Errorf("%s %s: DateOf(end-1ns) = %v", tc.zone, tc.day, got)
			}
			if got := DateOf(start.Add(-time.Nanosecond), loc); !got.Before(d) {
				t.Errorf("%s %s: DateOf(start-1ns) = %v, want an earlier day", tc.zone, tc.day, got)
			}
		}
	}
}

// Consecutive days must tile time without gaps or overlaps, across a whole
// year of DST changes in several zones.
func TestDayBoundsTile(t *testing.T) {
	for _, zone := range []string{"Europe/Berlin", "America/New_York", "America/Havana", "America/Sao_Paulo", "Australia/Lord_Howe", "Asia/Kolkata"} {
		loc := loadLoc(t, zone)
		d := mustDate(t, "2018-01-01")
		_, prevEnd := DayBounds(d.AddDays(-1), loc)
		for i := 0; i < 3*366; i++ {
			s, e := DayBounds(d, loc)
			if !s.Equal(prevEnd) {
				t.Fatalf("%s %v: start %v != previous end %v", zone, d, s, prevEnd)
			}
			if h := e.Sub(s); h < 22*time.Hour || h > 26*time.Hour {
				t.Fatalf("%s %v: odd day length %v", zone, d, h)
			}
			if DateOf(s, loc) != d || DateOf(e.Add(-time.Nanosecond), loc) != d {
				t.Fatalf("%s %v: bounds %v..%v not on the day", zone, d, s, e)
			}
			prevEnd = e
			d = d.AddDays(1)
		}
	}
}

func TestAt(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	for _, tc := range []struct {
		loc    *time.Location
		day    string
		hh, mm int
		want   string
	}{
		{berlin, "2025-06-09", 9, 0, "2025-06-09T09:00:00+02:00"},
		{berlin, "2025-03-30", 9, 0, "2025-03-30T09:00:00+02:00"},
		{berlin, "2025-03-30", 2, 30, "2025-03-30T03:30:00+02:00"}, // gap: forward
		{berlin, "2025-10-26", 2, 30, "2025-10-26T02:30:00+02:00"}, // overlap: earlier
		{ny, "2025-03-09", 2, 30, "2025-03-09T03:30:00-04:00"},
		{ny, "2025-11-02", 1, 30, "2025-11-02T01:30:00-04:00"},
		{nil, "2025-03-30", 2, 30, "2025-03-30T02:30:00Z"},
	} {
		if got := mustDate(t, tc.day).At(tc.hh, tc.mm, tc.loc).Format(time.RFC3339); got != tc.want {
			t.Errorf("%s.At(%d, %d, %v) = %s, want %s", tc.day, tc.hh, tc.mm, tc.loc, got, tc.want)
		}
	}
}
