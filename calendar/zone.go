package calendar

import (
	"math"
	"time"
)

// Start returns the instant d begins in loc: local midnight, or, when
// midnight does not exist because of a DST gap (e.g. America/Havana, or
// America/Sao_Paulo historically), the first instant of the day. If a
// fall-back makes midnight occur twice, the earlier one is returned. A day
// skipped entirely (Pacific/Apia, 2011-12-30) starts when the next day does.
// The result is expressed in loc.
func (d Date) Start(loc *time.Location) time.Time {
	loc = orUTC(loc)
	t, trans, gap := resolveLocal(d, 0, 0, 0, 0, loc)
	if gap {
		return trans
	}
	return t
}

// At returns the instant of wall-clock time hour:min on d in loc. A time
// inside a DST gap resolves forward; an ambiguous time resolves to its
// earlier instant.
func (d Date) At(hour, min int, loc *time.Location) time.Time {
	loc = orUTC(loc)
	t, _, _ := resolveLocal(d, hour, min, 0, 0, loc)
	return t
}

// DayBounds returns the half-open interval [start of d, start of d+1) in loc.
// It is 24 hours long except on DST days (23 or 25 hours, or another
// length in unusual zones).
func DayBounds(d Date, loc *time.Location) (start, end time.Time) {
	return d.Start(loc), d.AddDays(1).Start(loc)
}

// zonePeriod is one stretch of constant UTC offset, in Unix seconds.
type zonePeriod struct {
	off        int64
	start, end int64
}

// resolveWindow bounds how far a wall-clock reading can be from its instant
// (UTC offsets, including historical local mean time, stay within ±16h).
const resolveWindow = 30 * 3600

// resolveLocal maps a wall-clock reading in loc to an instant. An ambiguous
// reading yields its earlier instant. A reading inside a DST gap yields the
// forward resolution (read with the offset in effect before the gap),
// gap=true, and trans, the instant the gap begins (the first instant after
// it, in wall-clock terms).
func resolveLocal(d Date, hh, mm, ss, ns int, loc *time.Location) (t, trans time.Time, gap bool) {
	wall := time.Date(d.Y, d.M, d.D, hh, mm, ss, ns, time.UTC)
	w := wall.Unix()
	nsec := int64(wall.Nanosecond())

	// Collect the zone periods around the reading, in order.
	var buf [6]zonePeriod
	periods := buf[:0]
	cur := time.Unix(w-resolveWindow, 0).In(loc)
	for len(periods) < len(buf) {
		_, off := cur.Zone()
		zs, ze := cur.ZoneBounds()
		p := zonePeriod{off: int64(off), start: math.MinInt64, end: math.MaxInt64}
		if !zs.IsZero() {
			p.start = zs.Unix()
		}
		if !ze.IsZero() {
			p.end = ze.Unix()
		}
		periods = append(periods, p)
		if ze.IsZero() || p.end > w+resolveWindow || !ze.After(cur) {
			break
		}
		cur = ze.In(loc)
	}

	found := false
	var best int64
	for _, p := range periods {
		u := w - p.off
		if u >= p.start && u < p.end && (!found || u < best) {
			best, found = u, true
		}
	}
	if found {
		return time.Unix(best, nsec).In(loc), time.Time{}, false
	}
	for i := 0; i+1 < len(periods); i++ {
		tr := periods[i].end
		if tr+periods[i].off <= w && w < tr+periods[i+1].off {
			return time.Unix(w-periods[i].off, nsec).In(loc), time.Unix(tr, 0).In(loc), true
		}
	}
	// Unreachable for well-formed zone data; defer to the standard library.
	return time.Date(d.Y, d.M, d.D, hh, mm, ss, ns, loc), time.Time{}, false
}
