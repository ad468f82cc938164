package calendar

import "time"

// Range is a half-open range of dates [From, To).
type Range struct {
	From, To Date
}

// MonthGrid returns the 6-week (42-day) grid shown for d's month: it starts
// on the weekStart day on or before the 1st of the month.
func MonthGrid(d Date, weekStart time.Weekday) Range {
	from := startOfWeek(d.FirstOfMonth(), weekStart)
	return Range{from, from.AddDays(42)}
}

// WeekRange returns the 7 days of the week containing d, starting on weekStart.
func WeekRange(d Date, weekStart time.Weekday) Range {
	from := startOfWeek(d, weekStart)
	return Range{from, from.AddDays(7)}
}

// YearRange returns the days of d's year.
func YearRange(d Date) Range {
	return Range{Date{d.Y, time.January, 1}, Date{d.Y + 1, time.January, 1}}
}

// DayRange returns the one-day range [d, d+1).
func DayRange(d Date) Range { return Range{d, d.AddDays(1)} }

func startOfWeek(d Date, weekStart time.Weekday) Date {
	back := (int(d.Weekday()) - int(weekStart)%7 + 7) % 7
	return d.AddDays(-back)
}

// Len returns the number of days in r (0 if r is empty or inverted).
func (r Range) Len() int {
	if n := r.From.DaysUntil(r.To); n > 0 {
		return n
	}
	return 0
}

// Days lists the dates in r in order.
func (r Range) Days() []Date {
	n := r.Len()
	if n == 0 {
		return nil
	}
	out := make([]Date, n)
	for i := range out {
		out[i] = r.From.AddDays(i)
	}
	return out
}

// Contains reports whether d lies in r.
func (r Range) Contains(d Date) bool { return !d.Before(r.From) && d.Before(r.To) }

// Last returns the last date in r (r.To - 1 day); meaningless if r is empty.
func (r Range) Last() Date { return r.To.AddDays(-1) }

// Intersect returns the overlap of r and o and whether it is non-empty.
func (r Range) Intersect(o Range) (Range, bool) {
	out := r
	if o.From.After(out.From) {
		out.From = o.From
	}
	if o.To.Before(out.To) {
		out.To = o.To
	}
	return out, out.From.Before(out.To)
}

// Bounds returns the UTC instants [start of From, start of To) covering r in
// loc. Events overlapping r satisfy ev.start < end AND (ev.end > start OR
// ev.start >= start); the second alternative keeps zero-length events.
func (r Range) Bounds(loc *time.Location) (start, end time.Time) {
	return r.From.Start(loc).UTC(), r.To.Start(loc).UTC()
}
