package views

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// TestMonthShowsKeepsTheGrid builds months of crowded days (single and
// multi-day all-day events, timed ones, timed ones over 24 hours, read-only
// ones) from every event of each day and from what MonthShows keeps with
// the counts: the grids are the same, chips, dots, bars, lanes and "+N
// more" alike.
func TestMonthShowsKeepsTheGrid(t *testing.T) {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	d := calendar.MakeDate(2025, time.June, 10)
	days := calendar.ViewRange(calendar.Month, d, time.Monday).Days()
	for seed := range uint64(40) {
		r := rand.New(rand.NewPCG(seed, 7))
		var evs []Event
		for i := range 20 + r.IntN(400) {
			day := days[r.IntN(len(days))]
			e := Event{ID: int64(i + 1), Title: "E" + strconv.Itoa(i), Color: []string{"", "blue", "red"}[r.IntN(3)], ReadOnly: r.IntN(4) == 0}
			switch r.IntN(5) {
			case 0, 1: // all-day, one to nine days
				e.AllDay = true
				e.Start = day.Start(loc)
				e.End = day.AddDays(1 + r.IntN(r.IntN(9)+1)).Start(loc)
			case 2: // over 24 hours
				e.Start = day.At(r.IntN(24), 0, loc)
				e.End = e.Start.Add(time.Duration(24+r.IntN(100)) * time.Hour)
			default:
				e.Start = day.At(r.IntN(24), 15*r.IntN(4), loc)
				e.End = e.Start.Add(time.Duration(r.IntN(6*60)) * time.Minute)
			}
			evs = append(evs, e)
		}
		slices.SortStableFunc(evs, func(a, b Event) int {
			if a.AllDay != b.AllDay {
				if a.AllDay {
					return -1
				}
				return 1
			}
			return a.Start.Compare(b.Start)
		})
		full := map[calendar.Date][]Event{}
		for _, e := range evs {
			in, ok := calendar.CoveredRangeIn(e.Start, e.End, e.AllDay, loc, calendar.Range{From: days[0], To: days[len(days)-1].AddDays(1)})
			for day := in.From; ok && day.Before(in.To); day = day.AddDays(1) {
				full[day] = append(full[day], e)
			}
		}
		kept, counts := map[calendar.Date][]Event{}, map[calendar.Date]int{}
		for day, evs := range full {
			counts[day] = len(evs)
			MonthShows(len(evs), func(i int) (bool, time.Time, time.Time) { return evs[i].AllDay, evs[i].Start, evs[i].End },
				func(i int) { kept[day] = append(kept[day], evs[i]) })
		}
		spec := CalendarSpec{Base: "/calendar", View: calendar.Month, Date: d, Today: d, WeekStart: time.Monday, Loc: loc, Days: full}
		want := NewCalendarView(spec)
		spec.Days, spec.Counts = kept, counts
		if got := NewCalendarView(spec); !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d: the month from what MonthShows keeps differs:\n%+v\nwant\n%+v", seed, got.Weeks, want.Weeks)
		}
	}
}
