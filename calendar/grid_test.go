package calendar

import (
	"slices"
	"testing"
	"time"
)

func TestMonthGrid(t *testing.T) {
	for _, tc := range []struct {
		name      string
		day       string
		weekStart time.Weekday
		from      string
	}{
		// December 2025 starts on a Monday.
		{"dec 2025 monday start, 1st is week start", "2025-12-17", time.Monday, "2025-12-01"},
		{"dec 2025 sunday start", "2025-12-17", time.Sunday, "2025-11-30"},
		{"dec 2025 saturday start", "2025-12-31", time.Saturday, "2025-11-29"},
		// January 2026 starts on a Thursday: the grid begins in 2025.
		{"jan 2026 monday start", "2026-01-01", time.Monday, "2025-12-29"},
		{"jan 2026 sunday start", "2026-01-31", time.Sunday, "2025-12-28"},
		// February 2028 (leap) starts on a Tuesday.
		{"feb 2028 monday start", "2028-02-29", time.Monday, "2028-01-31"},
		{"feb 2028 sunday start", "2028-02-10", time.Sunday, "2028-01-30"},
		// February 2026 starts on a Sunday.
		{"feb 2026 sunday start, 1st is week start", "2026-02-14", time.Sunday, "2026-02-01"},
		{"feb 2026 monday start", "2026-02-28", time.Monday, "2026-01-26"},
		// June 2025 starts on a Sunday.
		{"jun 2025 monday start", "2025-06-09", time.Monday, "2025-05-26"},
		{"jun 2025 sunday start", "2025-06-09", time.Sunday, "2025-06-01"},
		// September 2025 starts on a Monday.
		{"sep 2025 monday start", "2025-09-30", time.Monday, "2025-09-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDate(t, tc.day)
			r := MonthGrid(d, tc.weekStart)
			if r.From.String() != tc.from {
				t.Errorf("From = %v, want %s", r.From, tc.from)
			}
			if r.Len() != 42 || r.From.DaysUntil(r.To) != 42 {
				t.Errorf("len = %d, want 42", r.Len())
			}
			if r.From.Weekday() != tc.weekStart {
				t.Errorf("From weekday = %v, want %v", r.From.Weekday(), tc.weekStart)
			}
			first := d.FirstOfMonth()
			last := Date{d.Y, d.M, DaysInMonth(d.Y, d.M)}
			if !r.Contains(first) || !r.Contains(last) {
				t.Errorf("grid %v..%v misses the month", r.From, r.To)
			}
			if r.From.AddDays(7).Compare(first) <= 0 {
				t.Errorf("grid starts more than a week before the 1st")
			}
			days := r.Days()
			if len(days) != 42 || days[0] != r.From || days[41] != r.Last() {
				t.Errorf("Days() = %d days, %v..%v", len(days), days[0], days[len(days)-1])
			}
		})
	}
}

func TestWeekRange(t *testing.T) {
	for _, tc := range []struct {
		day       string
		weekStart time.Weekday
		from, to  string
	}{
		{"2025-06-09", time.Monday, "2025-06-09", "2025-06-16"},
		{"2025-06-15", time.Monday, "2025-06-09", "2025-06-16"},
		{"2025-06-15", time.Sunday, "2025-06-15", "2025-06-22"},
		{"2025-06-14", time.Sunday, "2025-06-08", "2025-06-15"},
		{"2025-06-14", time.Saturday, "2025-06-14", "2025-06-21"},
		{"2026-01-01", time.Monday, "2025-12-29", "2026-01-05"},
		{"2025-03-30", time.Monday, "2025-03-24", "2025-03-31"},
	} {
		r := WeekRange(mustDate(t, tc.day), tc.weekStart)
		if r.From.String() != tc.from || r.To.String() != tc.to {
			t.Errorf("WeekRange(%s, %v) = %v..%v, want %s..%s", tc.day, tc.weekStart, r.From, r.To, tc.from, tc.to)
		}
		if r.Len() != 7 {
			t.Errorf("WeekRange(%s) len %d", tc.day, r.Len())
		}
	}
}

func TestDayRangeAndViewRange(t *testing.T) {
	d := mustDate(t, "2025-12-31")
	if r := DayRange(d); r.From != d || r.To.String() != "2026-01-01" || r.Len() != 1 {
		t.Errorf("DayRange = %+v", r)
	}
	for _, tc := range []struct {
		v        View
		from, to string
	}{
		{Month, "2025-12-01", "2026-01-12"},
		{Week, "2025-12-29", "2026-01-05"},
		{Day, "2025-12-31", "2026-01-01"},
		{View("bogus"), "2025-12-01", "2026-01-12"},
	} {
		r := ViewRange(tc.v, d, time.Monday)
		if r.From.String() != tc.from || r.To.String() != tc.to {
			t.Errorf("ViewRange(%q) = %v..%v, want %s..%s", tc.v, r.From, r.To, tc.from, tc.to)
		}
	}
}

func TestRangeHelpers(t *testing.T) {
	r := Range{mustDate(t, "2025-06-01"), mustDate(t, "2025-06-08")}
	if r.Contains(mustDate(t, "2025-05-31")) || !r.Contains(mustDate(t, "2025-06-01")) ||
		!r.Contains(mustDate(t, "2025-06-07")) || r.Contains(mustDate(t, "2025-06-08")) {
		t.Error("Contains is not half-open")
	}
	empty := Range{r.To, r.From}
	if empty.Len() != 0 || empty.Days() != nil {
		t.Errorf("inverted range: len %d days %v", empty.Len(), empty.Days())
	}
	for _, tc := range []struct {
		o        Range
		from, to string
		ok       bool
	}{
		{Range{mustDate(t, "2025-06-05"), mustDate(t, "2025-06-20")}, "2025-06-05", "2025-06-08", true},
		{Range{mustDate(t, "2025-05-01"), mustDate(t, "2025-06-02")}, "2025-06-01", "2025-06-02", true},
		{Range{mustDate(t, "2025-06-08"), mustDate(t, "2025-06-09")}, "", "", false},
		{Range{mustDate(t, "2025-05-01"), mustDate(t, "2025-07-01")}, "2025-06-01", "2025-06-08", true},
	} {
		got, ok := r.Intersect(tc.o)
		if ok != tc.ok || (ok && (got.From.String() != tc.from || got.To.String() != tc.to)) {
			t.Errorf("Intersect(%v..%v) = %v..%v %v", tc.o.From, tc.o.To, got.From, got.To, ok)
		}
	}
	want := []string{"2025-06-01", "2025-06-02", "2025-06-03", "2025-06-04", "2025-06-05", "2025-06-06", "2025-06-07"}
	if got := datesString(r.Days()); !slices.Equal(got, want) {
		t.Errorf("Days() = %v", got)
	}
}

func TestRangeBounds(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	for _, tc := range []struct {
		loc        *time.Location
		from, to   string
		start, end string
	}{
		{berlin, "2025-03-24", "2025-03-31", "2025-03-23T23:00:00Z", "2025-03-30T22:00:00Z"},
		{ny, "2025-11-01", "2025-11-03", "2025-11-01T04:00:00Z", "2025-11-03T05:00:00Z"},
		{time.UTC, "2025-06-01", "2025-06-02", "2025-06-01T00:00:00Z", "2025-06-02T00:00:00Z"},
	} {
		s, e := Range{mustDate(t, tc.from), mustDate(t, tc.to)}.Bounds(tc.loc)
		if s.Location() != time.UTC || e.Location() != time.UTC {
			t.Errorf("Bounds not in UTC: %v %v", s, e)
		}
		if s.Format(time.RFC3339) != tc.start || e.Format(time.RFC3339) != tc.end {
			t.Errorf("Bounds(%s..%s, %v) = %v..%v, want %s..%s", tc.from, tc.to, tc.loc, s, e, tc.start, tc.end)
		}
	}
}
