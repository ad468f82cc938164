package views

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// Bar is a multi-day event in one week row of the month grid: one link
// from its first day in the row across Span days, in lane Lane (a row of
// bars at the top of the cells); Before and After mark that it continues
// past the row's start or end. A zero Bar keeps a lane free.
type Bar struct {
	Chip
	Lane, Span    int
	Before, After bool
	Note          string // for assistive technology: ", until Sunday 15 June, continues"
}

// isBar reports whether e shows as a bar in the month grid: an all-day
// event of several days, or a timed one of 24 hours or more over several
// days (as the week view's all-day row holds them).
func isBar(e Event, loc *time.Location) bool {
	if !e.AllDay && e.End.Sub(e.Start) < 24*time.Hour {
		return false
	}
	first, last := calendar.SpanDates(e.Start, e.End, e.AllDay, loc)
	return first != last
}

// MaybeBar reports whether an event may show as a bar in the month grid
// (isBar without the zone: all-day, or 24 hours or more).
func MaybeBar(allDay bool, start, end time.Time) bool {
	return allDay || end.Sub(start) >= 24*time.Hour
}

// MonthShows keeps, of a day's events in order (the i-th all-day or not,
// from start to end), what a month cell can show of them: every event
// that may be a bar, and MaxChips others, the first ones. Chips, dots and
// bars come out the same from these as from all of them; the cell's count
// comes from CalendarSpec.Counts.
func MonthShows(n int, event func(i int) (allDay bool, start, end time.Time), keep func(i int)) {
	others := 0
	for i := range n {
		if !MaybeBar(event(i)) {
			if others == MaxChips {
				continue
			}
			others++
		}
		keep(i)
	}
}

// eventKey tells one event or occurrence from another.
type eventKey struct {
	id  int64
	occ string
}

// monthWeeks lays days (the 42-day grid of month m) out in rows of 7:
// multi-day events as bars across each row's days, the others as chips,
// at most MaxChips lanes and chips a day; hasEvents reports whether any
// day of the month itself has events.
// counts, when not nil, holds each day's number of events (byDay holding
// only what MonthShows keeps).
func monthWeeks(byDay map[calendar.Date][]Event, counts map[calendar.Date]int, days []calendar.Date, m time.Month, today calendar.Date, loc *time.Location, clock calendar.Clock) (weeks [][]CalCell, hasEvents bool) {
	// The cells, their dots and their chips each share one array: a cell
	// holds at most MaxChips of either, and no more than it has events, so
	// the arrays never grow.
	most := 0
	for _, day := range days {
		most += min(len(byDay[day]), MaxChips)
	}
	cells := make([]CalCell, len(days))
	dots := make([]string, 0, most)
	chips := make([]Chip, 0, most)
	for w := 0; w+7 <= len(days); w += 7 {
		row := cells[w : w+7 : w+7]
		for i, day := range days[w : w+7] {
			evs := byDay[day]
			count := len(evs)
			if counts != nil {
				count = counts[day]
			}
			row[i] = CalCell{
				Date:    day,
				Outside: day.M != m,
				Today:   day == today,
				Count:   count,
			}
			from := len(dots)
			for _, e := range evs[:min(len(evs), MaxChips)] {
				dots = append(dots, e.Color)
			}
			if len(dots) > from {
				row[i].Dots = dots[from:len(dots):len(dots)]
			}
			hasEvents = hasEvents || (count > 0 && !row[i].Outside)
		}
		chips = weekRow(row, byDay, days[w:w+7], loc, clock, chips)
		weeks = append(weeks, row)
	}
	return weeks, hasEvents
}

// weekRow fills the bars, chips and "+N more" of one week row: bars in
// lanes below MaxChips show, and each day's chips take the room the lanes
// above them leave. The chips are appended to chips, which it returns.
func weekRow(row []CalCell, byDay map[calendar.Date][]Event, days []calendar.Date, loc *time.Location, clock calendar.Clock, chips []Chip) []Chip {
	bars := rowBars(byDay, days, loc, clock)
	visible := make([]int, len(row)) // the shown bars over each day
	for _, b := range bars {
		if b.Lane >= MaxChips {
			continue
		}
		for k := b.at; k < b.at+b.Span; k++ {
			visible[k]++
			for len(row[k].Top) <= b.Lane {
				row[k].Top = append(row[k].Top, Bar{})
			}
		}
		row[b.at].Top[b.Lane] = b.Bar
	}
	for i, day := range days {
		cell := &row[i]
		room := MaxChips - len(cell.Top)
		from := len(chips)
		for _, e := range byDay[day] {
			if len(chips)-from == room {
				break
			}
			if !isBar(e, loc) {
				chips = append(chips, ChipOn(e, day, loc, clock))
			}
		}
		if len(chips) > from {
			cell.Chips = chips[from:len(chips):len(chips)]
		}
		cell.More = cell.Count - visible[i] - len(cell.Chips)
	}
	return chips
}

// placedBar is a bar and the index of its first day in the row.
type placedBar struct {
	Bar
	at int
}

// rowBars finds the multi-day events of a week row (days), cut to the
// row, earliest first, then those continuing from the row before (so they
// keep their lane), then longest, each in its lane. Whether an event is
// one of them depends on the event alone (isBar): the others cost that
// test and nothing more.
func rowBars(byDay map[calendar.Date][]Event, days []calendar.Date, loc *time.Location, clock calendar.Clock) (bars []placedBar) {
	row := calendar.Range{From: days[0], To: days[len(days)-1].AddDays(1)}
	var seen map[eventKey]bool
	for _, day := range days {
		for _, e := range byDay[day] {
			if !isBar(e, loc) {
				continue
			}
			k := eventKey{e.ID, e.Occ}
			if seen[k] {
				continue
			}
			if seen == nil {
				seen = make(map[eventKey]bool)
			}
			seen[k] = true
			seg, _ := calendar.CoveredRangeIn(e.Start, e.End, e.AllDay, loc, row)
			first, last := calendar.SpanDates(e.Start, e.End, e.AllDay, loc)
			b := Bar{Chip: ChipOn(e, seg.From, loc, clock), Span: seg.Len(), Before: first.Before(row.From), After: !last.Before(row.To)}
			b.Note = barNote(b, seg.Last())
			bars = append(bars, placedBar{b, row.From.DaysUntil(seg.From)})
		}
	}
	slices.SortStableFunc(bars, func(a, b placedBar) int {
		return cmp.Or(cmp.Compare(a.at, b.at), boolFirst(a.Before, b.Before), cmp.Compare(b.Span, a.Span))
	})
	segs := make([]calendar.Range, len(bars))
	for i, b := range bars {
		segs[i] = calendar.Range{From: row.From.AddDays(b.at), To: row.From.AddDays(b.at + b.Span)}
	}
	for i, lane := range calendar.Lanes(segs) {
		bars[i].Lane = lane
	}
	return bars
}

// barNote is what a bar says besides its title: where it continues and
// its last day in the row.
func barNote(b Bar, last calendar.Date) string {
	var parts []string
	if b.Before {
		parts = append(parts, "continued")
	}
	if b.Span > 1 {
		parts = append(parts, "until "+dayLabel(last))
	}
	if b.After {
		parts = append(parts, "continues")
	}
	if len(parts) == 0 {
		return ""
	}
	return ", " + strings.Join(parts, ", ")
}

// boolFirst orders true before false.
func boolFirst(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}
