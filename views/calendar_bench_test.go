package views

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/a-h/templ"

	"github.com/eventcal/eventcal/calendar"
)

// benchMonth is a month view model like the handlers build: 6 weeks, two
// chips on most days, "+N more" on a few.
func benchMonth() CalendarView {
	c := CalendarView{
		View: "month", Date: "2025-06-10", Title: "June 2025", Base: "/calendar",
		URL: "/calendar?view=month&date=2025-06-10", Prev: "/calendar?view=month&date=2025-05-10",
		Next: "/calendar?view=month&date=2025-07-10", Today: "/calendar?view=month",
		PrevLabel: "Previous month", NextLabel: "Next month", NewURL: "/events/new",
		Views: []CalLink{{"Month", "/calendar?view=month&date=2025-06-10", true},
			{"Week", "/calendar?view=week&date=2025-06-10", false}, {"Day", "/calendar?view=day&date=2025-06-10", false}},
	}
	for _, d := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		c.Weekdays = append(c.Weekdays, CalWeekday{Short: d[:3], Long: d})
	}
	id := int64(1000)
	for w := range 6 {
		row := make([]CalCell, 7)
		for i := range row {
			day := w*7 + i + 1
			cell := CalCell{Date: calendar.MakeDate(2025, 6, day), Outside: day > 30, Today: day == 10}
			for k := range day % 3 {
				id++
				cell.Chips = append(cell.Chips, Chip{ID: id, Title: "Team meeting", Time: "09:" + strconv.Itoa(10+k), Color: "blue"})
			}
			if day%7 == 0 {
				cell.More = 2
			}
			cell.Count = len(cell.Chips) + cell.More
			for _, ch := range cell.Chips {
				cell.Dots = append(cell.Dots, ch.Color)
			}
			row[i] = cell
		}
		c.Weeks = append(c.Weeks, row)
	}
	return c
}

// BenchmarkMonthView renders the month calendar region (the htmx fragment
// of GET /calendar?view=month), the largest part of the dashboard.
func BenchmarkMonthView(b *testing.B) { benchRender(b, CalendarRegion(benchMonth())) }

// benchRender renders c b.N times, reporting allocations and its size.
func benchRender(b *testing.B, c templ.Component) {
	var buf bytes.Buffer
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := c.Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes")
}
