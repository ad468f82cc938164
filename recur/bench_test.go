package recur

import (
	"testing"
	"time"

	"github.com/teambition/rrule-go"
)

// benchSeries builds a series in Europe/Berlin starting at start.
func benchSeries(b *testing.B, rule string, start time.Time) Series {
	b.Helper()
	s, err := NewSeries(mustParse(b, rule), start, start.Add(time.Hour), false, start.Location(), nil)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkBetweenEndlessDailyMonth expands an endless daily series over a
// 6-week month grid. The cost must not depend on the series' age: the one
// started 20 years ago should cost about the same as last week's.
func BenchmarkBetweenEndlessDailyMonth(b *testing.B) {
	ber := loadLoc(b, "Europe/Berlin")
	from := time.Date(2025, 5, 26, 0, 0, 0, 0, ber) // the June 2025 grid
	to := from.AddDate(0, 0, 42)
	for _, bc := range []struct {
		name  string
		start time.Time
	}{
		{"started20YearsAgo", time.Date(2005, 6, 1, 9, 0, 0, 0, ber)},
		{"startedLastWeek", time.Date(2025, 5, 19, 9, 0, 0, 0, ber)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := benchSeries(b, "FREQ=DAILY", bc.start)
			b.ReportAllocs()
			for b.Loop() {
				if n := len(s.Between(from, to, 0)); n != 42 {
					b.Fatalf("%d occurrences", n)
				}
			}
			p, _ := s.plan()
			_, pulled := p.between(exSet{}, from, to, 0)
			b.ReportMetric(float64(pulled), "lib-results/op")
		})
	}
	// For comparison: the library alone, walking from DTSTART.
	b.Run("libraryFromDTSTART20YearsAgo", func(b *testing.B) {
		r, err := rrule.NewRRule(rrule.ROption{Freq: rrule.DAILY, Dtstart: time.Date(2005, 6, 1, 9, 0, 0, 0, time.UTC)})
		if err != nil {
			b.Fatal(err)
		}
		f, t := time.Date(2025, 5, 26, 0, 0, 0, 0, time.UTC), time.Date(2025, 7, 7, 0, 0, 0, 0, time.UTC)
		b.ReportAllocs()
		for b.Loop() {
			if n := len(r.Between(f, t, true)); n != 42 {
				b.Fatalf("%d occurrences", n)
			}
		}
		b.ReportMetric(float64(len(r.Between(r.GetDTStart(), t, true))), "lib-results/op")
	})
}

// BenchmarkBetweenMonth covers the other shapes over the same grid, for a
// series started 20 years ago (COUNT rules run from their start).
func BenchmarkBetweenMonth(b *testing.B) {
	ber := loadLoc(b, "Europe/Berlin")
	from := time.Date(2025, 5, 26, 0, 0, 0, 0, ber)
	to := from.AddDate(0, 0, 42)
	old := time.Date(2005, 6, 6, 9, 0, 0, 0, ber)
	for _, bc := range []struct {
		name, rule string
		start      time.Time
	}{
		{"weeklyTuTh", "FREQ=WEEKLY;BYDAY=TU,TH", old},
		{"every2WeeksWkstSu", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU", old},
		{"monthlyLastFriday", "FREQ=MONTHLY;BYDAY=-1FR", old},
		{"yearly", "FREQ=YEARLY", time.Date(2005, 6, 10, 9, 0, 0, 0, ber)},
		{"dailyCount1000From2023", "FREQ=DAILY;COUNT=1000", time.Date(2023, 1, 1, 9, 0, 0, 0, ber)},
		{"dailyUntil2030", "FREQ=DAILY;UNTIL=20300101", old},
	} {
		b.Run(bc.name, func(b *testing.B) {
			s := benchSeries(b, bc.rule, bc.start)
			b.ReportAllocs()
			for b.Loop() {
				s.Between(from, to, 0)
			}
		})
	}
}

func BenchmarkNext(b *testing.B) {
	ber := loadLoc(b, "Europe/Berlin")
	s := benchSeries(b, "FREQ=WEEKLY;BYDAY=MO", time.Date(2005, 6, 6, 9, 0, 0, 0, ber))
	now := time.Date(2025, 6, 11, 12, 0, 0, 0, ber)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.Next(now); !ok {
			b.Fatal("no next")
		}
	}
}

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;UNTIL=20270331T215959Z"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkValidate measures NewSeries' check that a rule matches some
// date: cheap for a normal rule, bounded for one that never matches (the
// library would otherwise walk every day up to the year 9999).
func BenchmarkValidate(b *testing.B) {
	ber := loadLoc(b, "Europe/Berlin")
	start := time.Date(2025, 6, 3, 9, 0, 0, 0, ber)
	for _, bc := range []struct {
		name, rule string
		ok         bool
	}{
		{"weekly", "FREQ=WEEKLY;BYDAY=TU,TH", true},
		{"sparse", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO", true}, // 2044
		{"neverMatchesDaily", "FREQ=DAILY;INTERVAL=7;BYDAY=MO", false},
		{"neverMatchesMonthly", "FREQ=MONTHLY;INTERVAL=12;BYMONTHDAY=31", false},
		{"neverMatchesMonthlyOrdinal", "FREQ=MONTHLY;INTERVAL=12;BYMONTH=2;BYMONTHDAY=29;BYDAY=5MO", false},
	} {
		b.Run(bc.name, func(b *testing.B) {
			r := mustParse(b, bc.rule)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := NewSeries(r, start, start.Add(time.Hour), false, ber, nil); (err == nil) != bc.ok {
					b.Fatalf("NewSeries: %v", err)
				}
			}
		})
	}
}
