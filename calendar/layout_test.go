package calendar

import (
	"testing"
	"time"
)

func TestLayoutDayDST(t *testing.T) {
	for _, tc := range []struct {
		zone string
		day  string
	}{
		{"Europe/Berlin", "2025-03-30"},
		{"Europe/Berlin", "2025-10-26"},
		{"America/New_York", "2025-03-09"},
		{"America/New_York", "2025-11-02"},
		{"America/Havana", "2025-03-09"},
		{"UTC", "2025-06-09"},
	} {
		loc := loadLoc(t, tc.zone)
		d := mustDate(t, tc.day)
		s := time.Date(d.Y, d.M, d.D, 9, 0, 0, 0, loc)
		got := LayoutDay([]Interval{{s, s.Add(time.Hour)}}, d, loc)
		want := []Placed{{Index: 0, Column: 0, Columns: 1, TopMin: 540, HeightMin: 60}}
		if !equalPlaced(got, want) {
			t.Errorf("%s %s: LayoutDay = %+v, want %+v", tc.zone, tc.day, got, want)
		}
	}
}

func TestLayoutDayClipping(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	day := mustDate(t, "2025-06-09")
	at9 := func(hh, mm int) time.Time { return at(berlin, 2025, 6, 9, hh, mm) }
	for _, tc := range []struct {
		name string
		iv   Interval
		want []Placed // Index 0 unless absent
	}{
		{"plain", Interval{at9(9, 0), at9(10, 30)}, []Placed{{0, 0, 1, 540, 90}}},
		{"from previous day", Interval{at(berlin, 2025, 6, 8, 22, 0), at9(1, 0)}, []Placed{{0, 0, 1, 0, 60}}},
		{"into next day", Interval{at9(23, 0), at(berlin, 2025, 6, 10, 2, 0)}, []Placed{{0, 0, 1, 1380, 60}}},
		{"whole day and more", Interval{at(berlin, 2025, 6, 8, 0, 0), at(berlin, 2025, 6, 11, 0, 0)}, []Placed{{0, 0, 1, 0, 1440}}},
		{"short gets min height", Interval{at9(9, 0), at9(9, 5)}, []Placed{{0, 0, 1, 540, 15}}},
		{"zero length", Interval{at9(9, 0), at9(9, 0)}, []Placed{{0, 0, 1, 540, 15}}},
		{"zero length at midnight", Interval{at9(0, 0), at9(0, 0)}, []Placed{{0, 0, 1, 0, 15}}},
		{"end before start", Interval{at9(9, 0), at9(8, 0)}, []Placed{{0, 0, 1, 540, 15}}},
		{"late short event", Interval{at9(23, 55), at(berlin, 2025, 6, 10, 0, 0)}, []Placed{{0, 0, 1, 1435, 15}}},
		{"partial minutes round outward", Interval{at9(9, 0).Add(30 * time.Second), at9(10, 0).Add(time.Second)}, []Placed{{0, 0, 1, 540, 61}}},
		{"ends at day start", Interval{at(berlin, 2025, 6, 8, 22, 0), at9(0, 0)}, nil},
		{"starts at next day", Interval{at(berlin, 2025, 6, 10, 0, 0), at(berlin, 2025, 6, 10, 1, 0)}, nil},
		{"zero length next day", Interval{at(berlin, 2025, 6, 10, 0, 0), at(berlin, 2025, 6, 10, 0, 0)}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := LayoutDay([]Interval{tc.iv}, day, berlin)
			if !equalPlaced(got, tc.want) {
				t.Errorf("LayoutDay = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestLayoutDayDSTWallClock(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	spring := mustDate(t, "2025-03-30")
	fall := mustDate(t, "2025-10-26")
	for _, tc := range []struct {
		name string
		day  Date
		iv   Interval
		want Placed
	}{
		// 01:00 CET to 04:00 CEST is 2h elapsed but spans 3h of wall clock.
		{"spring across gap", spring, Interval{spring.At(1, 0, berlin), spring.At(4, 0, berlin)}, Placed{0, 0, 1, 60, 180}},
		{"spring whole day", spring, Interval{spring.Start(berlin), spring.AddDays(1).Start(berlin)}, Placed{0, 0, 1, 0, 1440}},
		// 25h day still fits in 1440 minutes.
		{"fall whole day", fall, Interval{fall.Start(berlin), fall.AddDays(1).Start(berlin)}, Placed{0, 0, 1, 0, 1440}},
		// 01:00 CEST to 04:00 CET is 4h elapsed, 3h of wall clock.
		{"fall across overlap", fall, Interval{fall.At(1, 0, berlin), fall.At(4, 0, berlin)}, Placed{0, 0, 1, 60, 180}},
		// 02:40 CEST to 02:10 CET: wall clock runs backwards; minimum height.
		{"fall inside overlap", fall, Interval{fall.At(2, 40, berlin), fall.At(2, 10, berlin).Add(time.Hour)}, Placed{0, 0, 1, 160, 15}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := LayoutDay([]Interval{tc.iv}, tc.day, berlin)
			if !equalPlaced(got, []Placed{tc.want}) {
				t.Errorf("LayoutDay = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestLayoutDayColumns(t *testing.T) {
	day := mustDate(t, "2025-06-09")
	hm := func(hh, mm int) time.Time { return time.Date(2025, 6, 9, hh, mm, 0, 0, time.UTC) }
	iv := func(h1, m1, h2, m2 int) Interval { return Interval{hm(h1, m1), hm(h2, m2)} }
	for _, tc := range []struct {
		name  string
		items []Interval
		want  []Placed
	}{
		{"empty", nil, nil},
		{"three overlapping", []Interval{iv(9, 0, 11, 0), iv(9, 30, 10, 30), iv(10, 0, 12, 0)}, []Placed{
			{0, 0, 3, 540, 120}, {1, 1, 3, 570, 60}, {2, 2, 3, 600, 120},
		}},
		{"two non-overlapping", []Interval{iv(9, 0, 10, 0), iv(11, 0, 12, 0)}, []Placed{
			{0, 0, 1, 540, 60}, {1, 0, 1, 660, 60},
		}},
		{"back to back do not overlap", []Interval{iv(9, 0, 10, 0), iv(10, 0, 11, 0)}, []Placed{
			{0, 0, 1, 540, 60}, {1, 0, 1, 600, 60},
		}},
		{"same start, longer first", []Interval{iv(9, 0, 9, 30), iv(9, 0, 11, 0)}, []Placed{
			{0, 1, 2, 540, 30}, {1, 0, 2, 540, 120},
		}},
		{"column reuse in a chain", []Interval{iv(9, 0, 10, 0), iv(9, 30, 11, 0), iv(10, 0, 11, 30)}, []Placed{
			{0, 0, 2, 540, 60}, {1, 1, 2, 570, 90}, {2, 0, 2, 600, 90},
		}},
		{"separate clusters", []Interval{
			iv(14, 0, 15, 0), iv(9, 0, 10, 0), iv(9, 15, 9, 45), iv(14, 30, 15, 30), iv(14, 45, 16, 0), iv(12, 0, 13, 0),
		}, []Placed{
			{0, 0, 3, 840, 60}, {1, 0, 2, 540, 60}, {2, 1, 2, 555, 30}, {3, 1, 3, 870, 60}, {4, 2, 3, 885, 75}, {5, 0, 1, 720, 60},
		}},
		// Minimum heights make 9:00-9:05 and 9:10-9:12 collide visually.
		{"min height boxes collide", []Interval{iv(9, 0, 9, 5), iv(9, 10, 9, 12)}, []Placed{
			{0, 0, 2, 540, 15}, {1, 1, 2, 550, 15},
		}},
		{"other days skipped, index kept", []Interval{
			{time.Date(2025, 6, 8, 9, 0, 0, 0, time.UTC), time.Date(2025, 6, 8, 10, 0, 0, 0, time.UTC)},
			iv(9, 0, 10, 0),
		}, []Placed{{1, 0, 1, 540, 60}}},
		// One long event spanning two short ones that do not overlap each other.
		{"long with two short", []Interval{iv(9, 0, 12, 0), iv(9, 0, 10, 0), iv(10, 0, 11, 0)}, []Placed{
			{0, 0, 2, 540, 180}, {1, 1, 2, 540, 60}, {2, 1, 2, 600, 60},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := LayoutDay(tc.items, day, time.UTC)
			if !equalPlaced(got, tc.want) {
				t.Errorf("LayoutDay =\n %+v\nwant\n %+v", got, tc.want)
			}
		})
	}
}

func equalPlaced(a, b []Placed) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
