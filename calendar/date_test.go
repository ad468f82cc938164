package calendar

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	good := []struct {
		in   string
		want Date
	}{
		{"2025-06-09", Date{2025, time.June, 9}},
		{"0001-01-01", Date{1, time.January, 1}},
		{"9999-12-31", Date{9999, time.December, 31}},
		{"2028-02-29", Date{2028, time.February, 29}},
		{"2000-02-29", Date{2000, time.February, 29}},
	}
	for _, tc := range good {
		got, err := ParseDate(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
		if got.String() != tc.in {
			t.Errorf("String() = %q, want %q", got.String(), tc.in)
		}
	}
	bad := []string{
		"", "2025", "2025-2-30", "2025-02-30", "2025-02-29", "1900-02-29",
		"2025-13-01", "2025-00-10", "2025-01-00", "2025-01-32", "0000-01-01",
		"10000-01-01", "2025-06-09x", " 2025-06-09", "2025-06-09 ", "2025/06/09",
		"2025-06-9", "+025-06-09", "-025-06-09", "2025-0a-09", "2025-06-09T10:00",
		"２０２５-06-09",
	}
	for _, in := range bad {
		if d, err := ParseDate(in); err == nil {
			t.Errorf("ParseDate(%q) = %v, want error", in, d)
		} else if !errors.Is(err, ErrInvalidDate) {
			t.Errorf("ParseDate(%q) error %v does not wrap ErrInvalidDate", in, err)
		}
	}
}

func TestMakeDateAndValid(t *testing.T) {
	if got := MakeDate(2025, time.October, 32); got != (Date{2025, time.November, 1}) {
		t.Errorf("MakeDate normalize = %v", got)
	}
	if got := MakeDate(2025, 13, 1); got != (Date{2026, time.January, 1}) {
		t.Errorf("MakeDate month overflow = %v", got)
	}
	for _, tc := range []struct {
		d    Date
		want bool
	}{
		{Date{2025, 2, 28}, true},
		{Date{2025, 2, 29}, false},
		{Date{2028, 2, 29}, true},
		{Date{}, false},
		{Date{0, 1, 1}, false},
		{Date{10000, 1, 1}, false},
		{Date{2025, 0, 1}, false},
		{Date{2025, 4, 31}, false},
	} {
		if got := tc.d.Valid(); got != tc.want {
			t.Errorf("%v.Valid() = %v, want %v", tc.d, got, tc.want)
		}
	}
	if !(Date{}).IsZero() || (Date{2025, 1, 1}).IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestDaysInMonth(t *testing.T) {
	for _, tc := range []struct {
		y    int
		m    time.Month
		want int
	}{
		{2025, time.January, 31}, {2025, time.February, 28}, {2028, time.February, 29},
		{1900, time.February, 28}, {2000, time.February, 29}, {2025, time.April, 30},
		{2025, time.December, 31},
	} {
		if got := DaysInMonth(tc.y, tc.m); got != tc.want {
			t.Errorf("DaysInMonth(%d, %v) = %d, want %d", tc.y, tc.m, got, tc.want)
		}
	}
}

func TestAddDays(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-06-09", 0, "2025-06-09"},
		{"2025-06-09", 1, "2025-06-10"},
		{"2025-06-30", 1, "2025-07-01"},
		{"2025-12-31", 1, "2026-01-01"},
		{"2026-01-01", -1, "2025-12-31"},
		{"2028-02-28", 1, "2028-02-29"},
		{"2025-02-28", 1, "2025-03-01"},
		{"2025-01-01", 365, "2026-01-01"},
		{"2028-01-01", 366, "2029-01-01"},
		{"2025-03-30", -7, "2025-03-23"},
	} {
		if got := mustDate(t, tc.from).AddDays(tc.n).String(); got != tc.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestAddMonths(t *testing.T) {
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2025-01-31", 1, "2025-02-28"},
		{"2028-01-31", 1, "2028-02-29"},
		{"2025-03-31", -1, "2025-02-28"},
		{"2025-03-31", 1, "2025-04-30"},
		{"2025-05-31", 1, "2025-06-30"},
		{"2025-12-15", 1, "2026-01-15"},
		{"2026-01-15", -1, "2025-12-15"},
		{"2025-12-31", 2, "2026-02-28"},
		{"2025-06-09", 12, "2026-06-09"},
		{"2025-06-09", -18, "2023-12-09"},
		{"2028-02-29", 12, "2029-02-28"},
		{"2028-02-29", 48, "2032-02-29"},
		{"2025-06-09", 0, "2025-06-09"},
		{"2025-01-31", -13, "2023-12-31"},
	} {
		if got := mustDate(t, tc.from).AddMonths(tc.n).String(); got != tc.want {
			t.Errorf("%s.AddMonths(%d) = %s, want %s", tc.from, tc.n, got, tc.want)
		}
	}
}

func TestWeekday(t *testing.T) {
	for _, tc := range []struct {
		d    string
		want time.Weekday
	}{
		{"2025-06-09", time.Monday},
		{"2025-06-01", time.Sunday},
		{"2026-01-01", time.Thursday},
		{"2028-02-29", time.Tuesday},
		{"0001-01-01", time.Monday},
	} {
		if got := mustDate(t, tc.d).Weekday(); got != tc.want {
			t.Errorf("%s.Weekday() = %v, want %v", tc.d, got, tc.want)
		}
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2025-06-09", "2025-06-09", 0},
		{"2025-06-09", "2025-06-10", -1},
		{"2025-06-10", "2025-06-09", 1},
		{"2025-05-31", "2025-06-01", -1},
		{"2026-01-01", "2025-12-31", 1},
		{"2024-12-31", "2025-01-01", -1},
	} {
		a, b := mustDate(t, tc.a), mustDate(t, tc.b)
		if got := a.Compare(b); got != tc.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
		if a.Before(b) != (tc.want < 0) || a.After(b) != (tc.want > 0) || a.Equal(b) != (tc.want == 0) {
			t.Errorf("Before/After/Equal disagree with Compare for %s, %s", tc.a, tc.b)
		}
	}
	ds := []Date{mustDate(t, "2026-01-01"), mustDate(t, "2025-12-31"), mustDate(t, "2025-01-02")}
	slices.SortFunc(ds, Date.Compare)
	if got := datesString(ds); !slices.Equal(got, []string{"2025-01-02", "2025-12-31", "2026-01-01"}) {
		t.Errorf("sorted = %v", got)
	}
}

func TestDaysUntil(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2025-06-09", "2025-06-09", 0},
		{"2025-06-09", "2025-06-16", 7},
		{"2025-06-16", "2025-06-09", -7},
		{"2025-01-01", "2026-01-01", 365},
		{"2028-01-01", "2029-01-01", 366},
		{"2025-03-29", "2025-03-31", 2},
		{"1969-12-31", "1970-01-02", 2},
		{"0001-01-01", "9999-12-31", 3652058},
	} {
		if got := mustDate(t, tc.a).DaysUntil(mustDate(t, tc.b)); got != tc.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestDateOfAndToday(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	tokyo := loadLoc(t, "Asia/Tokyo")
	instant := time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		loc  *time.Location
		want string
	}{
		{time.UTC, "2025-12-31"},
		{nil, "2025-12-31"},
		{berlin, "2026-01-01"},
		{ny, "2025-12-31"},
		{tokyo, "2026-01-01"},
	} {
		if got := DateOf(instant, tc.loc).String(); got != tc.want {
			t.Errorf("DateOf(%v, %v) = %s, want %s", instant, tc.loc, got, tc.want)
		}
		if got := Today(instant, tc.loc).String(); got != tc.want {
			t.Errorf("Today(%v, %v) = %s, want %s", instant, tc.loc, got, tc.want)
		}
	}
}

func TestDateStringMatchesSprintf(t *testing.T) {
	for _, d := range []Date{{2025, time.June, 9}, {1, time.January, 1}, {9999, time.December, 31}, {0, 0, 0},
		{10000, time.January, 1}, {-1, time.March, 5}, {2025, 13, 1}, {2025, time.May, 100}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D); got != want {
			t.Errorf("%#v: %q, want %q", d, got, want)
		}
	}
}

// TestDayNumberMatchesTimeDate holds the day count to time.Date's, for
// every day over centuries around the epoch, before year 1, and for months
// and days out of range (normalized the same way).
func TestDayNumberMatchesTimeDate(t *testing.T) {
	want := func(y int, m time.Month, d int) int64 {
		return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	for day := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() < 2500; day = day.AddDate(0, 0, 1) {
		y, m, d := day.Date()
		if got := (Date{y, m, d}).dayNumber(); got != want(y, m, d) {
			t.Fatalf("%v: %d, want %d", day, got, want(y, m, d))
		}
	}
	for _, c := range []Date{{-401, 2, 29}, {0, 3, 1}, {1, 1, 1}, {9999, 12, 31}, {2025, 13, 1}, {2025, 0, 1}, {2025, -14, 40},
		{2024, 2, 30}, {2025, 6, 0}, {2025, 6, -45}, {2025, 25, 400}, {-5, -30, -1000}} {
		if got := c.dayNumber(); got != want(c.Y, c.M, c.D) {
			t.Errorf("%+v: %d, want %d", c, got, want(c.Y, c.M, c.D))
		}
	}
}
