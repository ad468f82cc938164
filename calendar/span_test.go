package calendar

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

func TestCoveredDays(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	ny := loadLoc(t, "America/New_York")
	for _, tc := range []struct {
		name       string
		start, end time.Time
		allDay     bool
		loc        *time.Location
		want       []string
	}{
		{"timed within a day", at(berlin, 2025, 6, 9, 9, 0), at(berlin, 2025, 6, 9, 10, 0), false, berlin,
			[]string{"2025-06-09"}},
		{"crosses midnight", at(berlin, 2025, 6, 9, 22, 0), at(berlin, 2025, 6, 10, 2, 0), false, berlin,
			[]string{"2025-06-09", "2025-06-10"}},
		{"ends exactly at midnight", at(berlin, 2025, 6, 9, 22, 0), at(berlin, 2025, 6, 10, 0, 0), false, berlin,
			[]string{"2025-06-09"}},
		{"ends one second after midnight", at(berlin, 2025, 6, 9, 22, 0), at(berlin, 2025, 6, 10, 0, 0).Add(time.Second), false, berlin,
			[]string{"2025-06-09", "2025-06-10"}},
		{"starts at midnight", at(berlin, 2025, 6, 10, 0, 0), at(berlin, 2025, 6, 10, 1, 0), false, berlin,
			[]string{"2025-06-10"}},
		{"zero length", at(berlin, 2025, 6, 9, 9, 0), at(berlin, 2025, 6, 9, 9, 0), false, berlin,
			[]string{"2025-06-09"}},
		{"zero length at midnight", at(berlin, 2025, 6, 10, 0, 0), at(berlin, 2025, 6, 10, 0, 0), false, berlin,
			[]string{"2025-06-10"}},
		{"end before start", at(berlin, 2025, 6, 9, 9, 0), at(berlin, 2025, 6, 8, 9, 0), false, berlin,
			[]string{"2025-06-09"}},
		{"multi-day timed over year end", at(berlin, 2025, 12, 30, 18, 0), at(berlin, 2026, 1, 2, 8, 0), false, berlin,
			[]string{"2025-12-30", "2025-12-31", "2026-01-01", "2026-01-02"}},
		{"same instants, other zone", at(berlin, 2025, 6, 9, 22, 0), at(berlin, 2025, 6, 10, 2, 0), false, ny,
			[]string{"2025-06-09"}},
		{"timed across the 23h day", at(berlin, 2025, 3, 29, 23, 0), at(berlin, 2025, 3, 31, 0, 0), false, berlin,
			[]string{"2025-03-29", "2025-03-30"}},
		{"timed across the 25h day", at(ny, 2025, 11, 2, 0, 30), at(ny, 2025, 11, 3, 0, 0), false, ny,
			[]string{"2025-11-02"}},
		{"all-day single", at(berlin, 2025, 6, 9, 0, 0), at(berlin, 2025, 6, 10, 0, 0), true, berlin,
			[]string{"2025-06-09"}},
		{"all-day three days", at(berlin, 2025, 6, 9, 0, 0), at(berlin, 2025, 6, 12, 0, 0), true, berlin,
			[]string{"2025-06-09", "2025-06-10", "2025-06-11"}},
		{"all-day end == start", at(berlin, 2025, 6, 9, 0, 0), at(berlin, 2025, 6, 9, 0, 0), true, berlin,
			[]string{"2025-06-09"}},
		{"all-day over DST change", at(berlin, 2025, 3, 29, 0, 0), at(berlin, 2025, 4, 1, 0, 0), true, berlin,
			[]string{"2025-03-29", "2025-03-30", "2025-03-31"}},
		{"all-day over 25h day", at(ny, 2025, 11, 1, 0, 0), at(ny, 2025, 11, 3, 0, 0), true, ny,
			[]string{"2025-11-01", "2025-11-02"}},
		{"all-day over year end", at(ny, 2025, 12, 31, 0, 0), at(ny, 2026, 1, 2, 0, 0), true, ny,
			[]string{"2025-12-31", "2026-01-01"}},
		{"all-day nil loc is UTC", time.Date(2025, 6, 9, 0, 0, 0, 0, time.UTC), time.Date(2025, 6, 11, 0, 0, 0, 0, time.UTC), true, nil,
			[]string{"2025-06-09", "2025-06-10"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := datesString(CoveredDays(tc.start, tc.end, tc.allDay, tc.loc))
			if !slices.Equal(got, tc.want) {
				t.Errorf("CoveredDays = %v, want %v", got, tc.want)
			}
			first, last := SpanDates(tc.start, tc.end, tc.allDay, tc.loc)
			if first.String() != tc.want[0] || last.String() != tc.want[len(tc.want)-1] {
				t.Errorf("SpanDates = %v, %v; want %s, %s", first, last, tc.want[0], tc.want[len(tc.want)-1])
			}
		})
	}
}

// An event at 09:00 local on a DST day lands on that day.
func TestCoveredDaysDSTMorning(t *testing.T) {
	for _, tc := range []struct {
		zone string
		day  string
	}{
		{"Europe/Berlin", "2025-03-30"},
		{"Europe/Berlin", "2025-10-26"},
		{"America/New_York", "2025-03-09"},
		{"America/New_York", "2025-11-02"},
	} {
		loc := loadLoc(t, tc.zone)
		d := mustDate(t, tc.day)
		s := d.At(9, 0, loc)
		got := datesString(CoveredDays(s, s.Add(time.Hour), false, loc))
		if !slices.Equal(got, []string{tc.day}) {
			t.Errorf("%s %s: CoveredDays = %v", tc.zone, tc.day, got)
		}
	}
}

func TestCoveredDaysCap(t *testing.T) {
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	end := time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC)
	days := CoveredDays(start, end, false, time.UTC)
	if len(days) != MaxSpanDays {
		t.Fatalf("len = %d, want %d", len(days), MaxSpanDays)
	}
	if days[0].String() != "2000-01-01" || days[len(days)-1] != days[0].AddDays(MaxSpanDays-1) {
		t.Errorf("capped span %v..%v", days[0], days[len(days)-1])
	}
	first, last := SpanDates(start, end, false, time.UTC)
	if first.String() != "2000-01-01" || last.String() != "2999-12-31" {
		t.Errorf("SpanDates uncapped = %v, %v", first, last)
	}
}

func TestCoveredDaysIn(t *testing.T) {
	berlin := loadLoc(t, "Europe/Berlin")
	grid := MonthGrid(mustDate(t, "2025-06-01"), time.Monday) // 2025-05-26 .. 2025-07-07
	for _, tc := range []struct {
		name       string
		start, end time.Time
		allDay     bool
		want       []string
	}{
		{"inside", at(berlin, 2025, 6, 9, 9, 0), at(berlin, 2025, 6, 10, 9, 0), false,
			[]string{"2025-06-09", "2025-06-10"}},
		{"clipped at grid start", at(berlin, 2025, 5, 20, 0, 0), at(berlin, 2025, 5, 28, 0, 0), true,
			[]string{"2025-05-26", "2025-05-27"}},
		{"clipped at grid end", at(berlin, 2025, 7, 6, 12, 0), at(berlin, 2025, 7, 9, 12, 0), false,
			[]string{"2025-07-06"}},
		{"outside", at(berlin, 2025, 8, 1, 9, 0), at(berlin, 2025, 8, 1, 10, 0), false, nil},
		{"ends at grid start", at(berlin, 2025, 5, 25, 0, 0), at(berlin, 2025, 5, 26, 0, 0), true, nil},
		{"years long", at(berlin, 2000, 1, 1, 0, 0), at(berlin, 2100, 1, 1, 0, 0), true, datesString(grid.Days())},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := CoveredDaysIn(tc.start, tc.end, tc.allDay, berlin, grid)
			if !slices.Equal(datesString(got), tc.want) && !(len(got) == 0 && len(tc.want) == 0) {
				t.Errorf("CoveredDaysIn = %v, want %v", datesString(got), tc.want)
			}
		})
	}
}

// TestCoveredMatchesCoveredRangeIn: Offsets.Covered counts the days
// CoveredRangeIn finds, for events of every kind around zone changes
// (Apia skipped 30 December 2011, Lord Howe moves by half an hour), in
// ranges short and long, before and after 1970.
func TestCoveredMatchesCoveredRangeIn(t *testing.T) {
	zones := []*time.Location{time.UTC, loadLoc(t, "Europe/Berlin"), loadLoc(t, "America/New_York"),
		loadLoc(t, "Pacific/Apia"), loadLoc(t, "Australia/Lord_Howe"), nil}
	ranges := []Range{
		MonthGrid(mustDate(t, "2011-12-01"), time.Monday),
		WeekRange(mustDate(t, "2025-03-30"), time.Sunday),
		DayRange(mustDate(t, "2025-10-26")),
		YearRange(mustDate(t, "1969-06-01")),
		{mustDate(t, "2000-01-01"), mustDate(t, "2020-01-01")}, // longer than MaxSpanDays
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 20000 {
		loc := zones[i%len(zones)]
		rg := ranges[r.IntN(len(ranges))]
		from, _ := rg.Bounds(loc)
		start := from.Add(time.Duration(r.Int64N(int64(rg.Len()+4)*24)-48) * time.Hour).Add(time.Duration(r.IntN(4)*15) * time.Minute)
		var end time.Time
		switch r.IntN(4) {
		case 0:
			end = start // zero length
		case 1:
			end = start.Add(-time.Hour) // inverted
		case 2:
			end = start.Add(time.Duration(r.IntN(72)) * time.Hour)
		default:
			end = start.Add(time.Duration(r.IntN(9000)) * 24 * time.Hour)
		}
		allDay := r.IntN(3) == 0
		if allDay {
			start = DateOf(start, loc).Start(loc)
			end = DateOf(end, loc).Start(loc)
		}
		want, wantOK := CoveredRangeIn(start, end, allDay, loc, rg)
		a, b, ok := rg.Offsets().Covered(start, end, allDay, loc)
		if ok != wantOK || ok && (rg.From.AddDays(a) != want.From || rg.From.AddDays(b) != want.To) {
			t.Fatalf("%v–%v all-day %v in %v (%v): Covered = %d, %d, %v; CoveredRangeIn = %v, %v",
				start, end, allDay, rg, loc, a, b, ok, want, wantOK)
		}
	}
}
