package calendar

import "time"

// MaxSpanDays caps the number of dates CoveredDays returns (about ten years),
// so a corrupt or hostile end time cannot make it allocate without bound.
// SpanDates is not capped.
const MaxSpanDays = 3660

// SpanDates returns the first and last (inclusive) local dates in loc that
// an event covers, without building a slice.
//
// A timed event covers every day holding at least one instant of
// [start, end): one ending exactly at local midnight does not cover the next
// day, and a zero-length event covers the day of start.
//
// An all-day event is stored as start = local midnight of its first day and
// end = local midnight after its last day; it covers
// [DateOf(start), DateOf(end)), or just DateOf(start) if that is empty.
//
// An end before start is treated as end == start.
func SpanDates(start, end time.Time, allDay bool, loc *time.Location) (first, last Date) {
	first = DateOf(start, loc)
	if !end.After(start) {
		return first, first
	}
	if allDay {
		last = DateOf(end, loc).AddDays(-1)
	} else {
		last = DateOf(end.Add(-time.Nanosecond), loc)
	}
	if last.Before(first) {
		last = first
	}
	return first, last
}

// CoveredDays lists the local dates an event covers (see SpanDates), at most
// MaxSpanDays of them, starting with the first.
func CoveredDays(start, end time.Time, allDay bool, loc *time.Location) []Date {
	first, last := SpanDates(start, end, allDay, loc)
	return capped(Range{first, last.AddDays(1)}).Days()
}

// CoveredDaysIn lists the dates an event covers that also lie in r, e.g. the
// visible grid (at most MaxSpanDays of them).
func CoveredDaysIn(start, end time.Time, allDay bool, loc *time.Location, r Range) []Date {
	in, ok := CoveredRangeIn(start, end, allDay, loc, r)
	if !ok {
		return nil
	}
	return in.Days()
}

// CoveredRangeIn is CoveredDaysIn as a range (at most MaxSpanDays long);
// false when the event covers no date of r.
func CoveredRangeIn(start, end time.Time, allDay bool, loc *time.Location, r Range) (Range, bool) {
	first, last := SpanDates(start, end, allDay, loc)
	in, ok := Range{first, last.AddDays(1)}.Intersect(r)
	return capped(in), ok
}

// Offsets numbers the days of a range from 0, for callers that place
// many events in it: it counts days instead of building dates.
type Offsets struct{ base, n int64 }

// Offsets numbers r's days.
func (r Range) Offsets() Offsets {
	base := r.From.dayNumber()
	return Offsets{base, max(r.To.dayNumber()-base, 0)}
}

// Index is d's offset (negative before the range, Len or more after it).
func (o Offsets) Index(d Date) int { return int(d.dayNumber() - o.base) }

// Covered is CoveredRangeIn as offsets: the event covers the days [a, b)
// of the range (at most MaxSpanDays of them); false when it covers none.
func (o Offsets) Covered(start, end time.Time, allDay bool, loc *time.Location) (a, b int, ok bool) {
	first := dayNumberOf(start, loc)
	after := first + 1 // the day after the last one
	switch {
	case !end.After(start):
	case allDay:
		after = max(dayNumberOf(end, loc), after)
	default:
		after = max(dayNumberOf(end.Add(-time.Nanosecond), loc)+1, after)
	}
	a = int(max(first-o.base, 0))
	b = int(min(after-o.base, o.n))
	b = min(b, a+MaxSpanDays)
	return a, b, a < b
}

// dayNumberOf is the day number (see Date.dayNumber) of instant t's date
// in loc.
func dayNumberOf(t time.Time, loc *time.Location) int64 {
	_, off := t.In(orUTC(loc)).Zone()
	return floorDiv64(t.Unix()+int64(off), 86400)
}

// capped is r cut to its first MaxSpanDays days.
func capped(r Range) Range {
	if r.Len() > MaxSpanDays {
		r.To = r.From.AddDays(MaxSpanDays)
	}
	return r
}
