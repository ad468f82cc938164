package recur

import (
	"time"

	"github.com/teambition/rrule-go"
)

// iter yields a series' occurrences in order, exceptions included.
type iter struct {
	p      *plan
	lib    rrule.Next
	pend   time.Time // a library result read ahead
	pendOK bool
	extra  bool // DTSTART is an occurrence the rule did not produce
	idx    int  // Index of the next occurrence, -1 when unknown
	n      int  // occurrences yielded
	pulled int  // results taken from the library
	last   time.Time
	done   bool
}

// iterFrom returns an iterator that yields every occurrence whose floating
// start is at or after lo (and possibly a few before). When lo is well past
// the start and the rule has no COUNT, the library starts from a DTSTART
// moved forward by whole periods of the rule — the same occurrences, without
// walking the years in between.
func (p *plan) iterFrom(lo time.Time) *iter {
	opt := p.opt
	opt.Until = p.untilF
	it := &iter{p: p, idx: -1}
	if p.count > 0 || !lo.After(p.f0) {
		opt.Dtstart, opt.Count = p.f0, p.count
	} else {
		opt.Dtstart = p.shiftedStart(lo)
	}
	r, err := rrule.NewRRule(opt)
	if err != nil { // a validated rule never gets here
		it.done = true
		return it
	}
	it.lib = r.Iterator()
	if opt.Dtstart.Equal(p.f0) {
		it.idx = 0
		it.pend, it.pendOK = it.lib()
		it.pulled++
		it.extra = !it.pendOK || !it.pend.Equal(p.f0)
	}
	return it
}

// shiftedStart returns a floating DTSTART, after f0 and at least one period
// before lo, at which the rule's periods line up with those from f0: the
// same day of the INTERVAL-day cycle, the first day of a week (WKST), of a
// month or of a year of the cycle, at the start's time of day. It relies on
// p.opt having the defaults the original DTSTART implied made explicit.
func (p *plan) shiftedStart(lo time.Time) time.Time {
	n := p.rule.Interval()
	f0 := p.f0
	hh, mm, ss := f0.Clock()
	switch p.rule.freq {
	case Daily, Weekly:
		step := n
		if p.rule.freq == Weekly {
			step = 7 * n
		}
		k := int(dayNumber(lo)-dayNumber(f0))/step - 1
		if k <= 0 {
			return f0
		}
		d := f0.AddDate(0, 0, k*step)
		if p.rule.freq == Weekly {
			// Start on the week's first day so that BYSETPOS sees the whole
			// week, as it does for every week after DTSTART's.
			back := (int(d.Weekday()) - int(p.rule.wkst) + 7) % 7
			d = d.AddDate(0, 0, -back)
		}
		return d
	case Monthly:
		months := (lo.Year()-f0.Year())*12 + int(lo.Month()) - int(f0.Month())
		k := months/n - 1
		if k <= 0 {
			return f0
		}
		return time.Date(f0.Year(), f0.Month()+time.Month(k*n), 1, hh, mm, ss, 0, time.UTC)
	default:
		k := (lo.Year()-f0.Year())/n - 1
		if k <= 0 {
			return f0
		}
		return time.Date(f0.Year()+k*n, time.January, 1, hh, mm, ss, 0, time.UTC)
	}
}

func (it *iter) next() (Occurrence, bool) {
	p := it.p
	for !it.done {
		var f time.Time
		switch {
		case it.extra:
			f, it.extra = p.f0, false
		case it.pendOK:
			f, it.pendOK = it.pend, false
		default:
			var ok bool
			it.pulled++
			if !p.budget.spend() {
				it.done = true
				return Occurrence{}, false
			}
			if f, ok = it.lib(); !ok {
				it.done = true
				return Occurrence{}, false
			}
		}
		if p.count > 0 && it.n >= p.count {
			break
		}
		start := p.instant(f)
		if !p.until.IsZero() && start.After(p.until) {
			break
		}
		if it.n > 0 && !start.After(it.last) {
			continue // a day the zone skipped resolved onto the next one
		}
		it.n++
		it.last = start
		o := p.occurrence(f, start, it.idx)
		if it.idx >= 0 {
			it.idx++
		}
		return o, true
	}
	it.done = true
	return Occurrence{}, false
}

// last returns the last occurrence of a series that ends.
func (p *plan) last() (Occurrence, bool) {
	if p.count > 0 {
		it := p.iterFrom(p.f0)
		var last Occurrence
		found := false
		for o, ok := it.next(); ok; o, ok = it.next() {
			last, found = o, true
		}
		return last, found
	}
	return p.lastBefore(p.until, false)
}

// find returns the occurrence whose recurrence id is rid.
func (p *plan) find(rid time.Time) (Occurrence, bool) {
	it := p.iterFrom(p.floating(rid).Add(-2 * 24 * time.Hour))
	for o, ok := it.next(); ok && !o.RecurrenceID.After(rid); o, ok = it.next() {
		if o.RecurrenceID.Equal(rid) {
			return o, true
		}
	}
	return Occurrence{}, false
}

// lastBefore returns the last occurrence starting at or before limit
// (strictly before when strict), looking back further and further.
func (p *plan) lastBefore(limit time.Time, strict bool) (Occurrence, bool) {
	lf := p.floating(limit)
	back := 4*p.periodDays() + 2 + int(p.span()/(24*time.Hour))
	for {
		lo := lf.AddDate(0, 0, -back)
		if back > 200*366 || !lo.After(p.f0) {
			lo = p.f0
		}
		it := p.iterFrom(lo)
		var best Occurrence
		found := false
		for o, ok := it.next(); ok; o, ok = it.next() {
			if o.Start.After(limit) || strict && o.Start.Equal(limit) {
				break
			}
			best, found = o, true
		}
		if found || lo.Equal(p.f0) || p.budget.Exhausted() {
			return best, found
		}
		back *= 8
	}
}
