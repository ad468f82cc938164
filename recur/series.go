package recur

import (
	"slices"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

// DefaultMax is how many occurrences Between returns at most when asked for
// max ≤ 0.
const DefaultMax = 1000

// NoOccurrenceHorizonYears bounds the search for a rule's first date:
// Validate rejects a rule that matches no date within this many years of
// the start (BYMONTH=2;BYMONTHDAY=30, FREQ=YEARLY;INTERVAL=4 on 29 February
// of a year that is not a leap year, ...). Every rule with INTERVAL=1 that
// ever matches does so within 400 years, one turn of the Gregorian calendar.
const NoOccurrenceHorizonYears = 400

// Series is a recurring event: the rule, the first occurrence and the shape
// shared by every occurrence. Build it with NewSeries, which normalises and
// validates it; a Series read back from storage can be checked again with
// Validate. A Series is a value and is never modified.
type Series struct {
	Rule Rule
	// Start is the start of the first occurrence (DTSTART). Its wall-clock
	// time in Loc is the time of every occurrence; for an all-day series
	// only its date in Loc counts. Whole seconds: anything finer is dropped.
	Start time.Time
	// Duration is the exact length of a timed occurrence. For an all-day
	// series it is a whole number of days (rounded, at least one): each
	// occurrence runs from the start of its first day to the start of the
	// day after its last, whatever DST does in between.
	Duration time.Duration
	AllDay   bool
	// Loc is the zone the series recurs in (nil means UTC). Keep the zone
	// the series was created in with the series: changing it changes the
	// occurrences, and so their recurrence ids.
	Loc *time.Location
	// Exceptions lists the recurrence ids of cancelled occurrences and of
	// overridden ones (moved or edited, stored as events of their own).
	// The expansion skips them. Order does not matter.
	Exceptions []time.Time
}

// Occurrence is one instance of a series.
type Occurrence struct {
	Start, End time.Time // in the series' zone
	// RecurrenceID identifies the occurrence: its original start, in UTC,
	// whole seconds (see the package documentation).
	RecurrenceID time.Time
	// Index is the 0-based position in the series (the first occurrence is
	// 0), counting cancelled and overridden occurrences too; -1 when it was
	// not computed (a rule without COUNT expanded far from its start).
	Index int
}

// NewSeries builds and validates a series from an event's start and end,
// the way they are stored (an all-day event runs from the start of its
// first day to the start of the day after its last; see calendar.SpanDates)
// and its rule. The returned Series has its Start normalised: whole
// seconds, and resolved the way occurrences are (an all-day start becomes
// the start of its day in loc), so Start is the first occurrence's start
// and RecurrenceID. Exceptions are copied, in UTC whole seconds, sorted.
func NewSeries(rule Rule, start, end time.Time, allDay bool, loc *time.Location, exceptions []time.Time) (Series, error) {
	loc = orUTC(loc)
	s := Series{Rule: rule, AllDay: allDay, Loc: loc}
	if start.IsZero() {
		return Series{}, errorf(ErrInvalidSeries, "The series has no start.")
	}
	if end.Before(start) {
		return Series{}, errorf(ErrInvalidSeries, "The end is before the start.")
	}
	if allDay {
		first, last := calendar.SpanDates(start, end, true, loc)
		s.Start = first.Start(loc)
		s.Duration = time.Duration(first.DaysUntil(last)+1) * 24 * time.Hour
	} else {
		s.Start = start
		s.Duration = end.Sub(start)
	}
	p, err := s.plan()
	if err != nil {
		return Series{}, err
	}
	s.Start = p.start
	for _, ex := range exceptions {
		s.Exceptions = append(s.Exceptions, RecurrenceID(ex))
	}
	slices.SortFunc(s.Exceptions, time.Time.Compare)
	s.Exceptions = slices.CompactFunc(s.Exceptions, time.Time.Equal)
	if err := p.probe(); err != nil {
		return Series{}, err
	}
	return s, nil
}

// RecurrenceID normalises t to the form recurrence ids take: UTC, whole
// seconds.
func RecurrenceID(t time.Time) time.Time { return t.UTC().Truncate(time.Second) }

// Validate checks the series: a rule, a start within the years 1..9999, a
// non-negative duration, an UNTIL not before the start, and a rule that
// matches some date from the start on (ErrNoOccurrence otherwise). Its cost
// does not depend on the rule beyond a bounded search.
func (s Series) Validate() error {
	p, err := s.plan()
	if err != nil {
		return err
	}
	return p.probe()
}

// IsException reports whether rid is listed in s.Exceptions.
func (s Series) IsException(rid time.Time) bool { return newExSet(s.Exceptions).has(rid) }

// Between returns the occurrences, exceptions left out, that overlap
// [from, to) — start < to and (end > from, or start ≥ from for an
// occurrence of zero length), the predicate of the events range query — in
// order, at most max of them (DefaultMax when max ≤ 0). An occurrence that
// started before from and is still going on counts. The cost depends on the
// window and the rule, not on how long ago the series started (except for
// COUNT rules, which run from the start: COUNT ≤ 1000 bounds them). An
// invalid series yields nil.
func (s Series) Between(from, to time.Time, max int) []Occurrence {
	p, err := s.plan()
	if err != nil {
		return nil
	}
	out, _ := p.between(newExSet(s.Exceptions), from, to, max)
	return out
}

// between is Between; it also reports how many results it took from the
// library, the measure of its cost.
func (p *plan) between(ex exSet, from, to time.Time, max int) (out []Occurrence, pulled int) {
	if max <= 0 {
		max = DefaultMax
	}
	it := p.iterFrom(p.floating(from).Add(-p.span() - 2*24*time.Hour))
	for len(out) < max {
		o, ok := it.next()
		if !ok || !o.Start.Before(to) {
			break
		}
		if !o.End.After(from) && o.Start.Before(from) || ex.has(o.RecurrenceID) {
			continue
		}
		out = append(out, o)
	}
	return out, it.pulled
}

// Next returns the first occurrence, exceptions left out, that is in
// progress or upcoming at after: end ≥ after, the predicate of the upcoming
// list. It reports false when the series has none left.
func (s Series) Next(after time.Time) (Occurrence, bool) {
	p, err := s.plan()
	if err != nil {
		return Occurrence{}, false
	}
	ex := newExSet(s.Exceptions)
	it := p.iterFrom(p.floating(after).Add(-p.span() - 2*24*time.Hour))
	for {
		o, ok := it.next()
		if !ok {
			return Occurrence{}, false
		}
		if !o.End.Before(after) && !ex.has(o.RecurrenceID) {
			return o, true
		}
	}
}

// Last returns the last occurrence of a series that ends (COUNT or UNTIL),
// exceptions included: its End bounds every occurrence, the value to store
// for range queries. It reports false for an endless (or invalid) series.
func (s Series) Last() (Occurrence, bool) {
	p, err := s.plan()
	if err != nil || p.rule.Endless() {
		return Occurrence{}, false
	}
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

// Occurrence returns the occurrence whose recurrence id is rid, whether or
// not it is listed in Exceptions; false when the series has no such
// occurrence.
func (s Series) Occurrence(rid time.Time) (Occurrence, bool) {
	p, err := s.plan()
	if err != nil {
		return Occurrence{}, false
	}
	return p.find(RecurrenceID(rid))
}

// MovedExceptions returns s.Exceptions moved along with the series when
// its start moves to newStart (an "all occurrences" edit that changes the
// date or time): each recurrence id keeps its wall-clock distance to the
// start, in s.Loc. Use it when the rule still picks the same days relative
// to the start; exceptions that no longer name an occurrence are harmless
// but dead.
func (s Series) MovedExceptions(newStart time.Time) []time.Time {
	loc := orUTC(s.Loc)
	wall := func(t time.Time) time.Time {
		f := floatingIn(t, loc)
		if s.AllDay {
			return time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, time.UTC)
		}
		return f.Truncate(time.Second)
	}
	from, to := wall(s.Start), wall(newStart)
	days := dayNumber(to) - dayNumber(from)
	clock := clockOf(to) - clockOf(from)
	out := make([]time.Time, 0, len(s.Exceptions))
	for _, ex := range s.Exceptions {
		f := wall(ex).AddDate(0, 0, int(days)).Add(clock)
		out = append(out, RecurrenceID(resolve(f, s.AllDay, loc)))
	}
	return out
}

// plan is a series prepared for expansion.
type plan struct {
	rule   Rule
	opt    rrule.ROption // the rule, with the defaults DTSTART implies made explicit
	loc    *time.Location
	allDay bool
	f0     time.Time // the start on the floating clock (UTC holding local wall time)
	start  time.Time // the first occurrence's start
	dur    time.Duration
	days   int       // all-day length
	count  int       // COUNT, 0 for none
	until  time.Time // last instant an occurrence may start at; zero: none
	untilF time.Time // a floating bound at or after every occurrence ≤ until
}

func (s Series) plan() (*plan, error) {
	if s.Rule.IsZero() {
		return nil, errorf(ErrInvalidSeries, "The series has no repeat rule.")
	}
	if s.Start.IsZero() {
		return nil, errorf(ErrInvalidSeries, "The series has no start.")
	}
	if s.Duration < 0 {
		return nil, errorf(ErrInvalidSeries, "The end is before the start.")
	}
	p := &plan{rule: s.Rule, loc: orUTC(s.Loc), allDay: s.AllDay, count: s.Rule.count}
	if s.AllDay {
		p.f0 = p.floating(s.Start)
		p.f0 = time.Date(p.f0.Year(), p.f0.Month(), p.f0.Day(), 0, 0, 0, 0, time.UTC)
		p.days = max(1, int((s.Duration+12*time.Hour)/(24*time.Hour)))
	} else {
		p.f0 = p.floating(s.Start).Truncate(time.Second)
		p.dur = s.Duration
	}
	if y := p.f0.Year(); y < 1 || y > 9999 {
		return nil, errorf(ErrInvalidSeries, "The series must start between the years 1 and 9999.")
	}
	p.start = p.instant(p.f0)
	switch {
	case !s.Rule.until.IsZero():
		p.until = s.Rule.until
	case !s.Rule.untilDate.IsZero():
		p.until = s.Rule.untilDate.AddDays(1).Start(p.loc).Add(-time.Nanosecond)
	}
	if !p.until.IsZero() {
		// Occurrences keep their order on both clocks (one a day at most),
		// and a zone offset changes by far less than two days.
		p.untilF = p.floating(p.until).Add(2 * 24 * time.Hour)
	}
	p.opt = s.Rule.option()
	if len(p.opt.Bymonthday) == 0 && len(p.opt.Byweekday) == 0 {
		// What the library would derive from DTSTART, made explicit so
		// that the expansion can start at a later DTSTART (iterFrom).
		switch s.Rule.freq {
		case Yearly:
			if len(p.opt.Bymonth) == 0 {
				p.opt.Bymonth = []int{int(p.f0.Month())}
			}
			p.opt.Bymonthday = []int{p.f0.Day()}
		case Monthly:
			p.opt.Bymonthday = []int{p.f0.Day()}
		case Weekly:
			p.opt.Byweekday = []rrule.Weekday{libDays[p.f0.Weekday()]}
		}
	}
	return p, nil
}

// floating returns t's wall-clock reading in the series' zone, on the UTC
// clock.
func (p *plan) floating(t time.Time) time.Time { return floatingIn(t, p.loc) }

func floatingIn(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	y, m, d := l.Date()
	hh, mm, ss := l.Clock()
	return time.Date(y, m, d, hh, mm, ss, l.Nanosecond(), time.UTC)
}

// instant places a floating reading in the series' zone.
func (p *plan) instant(f time.Time) time.Time { return resolve(f, p.allDay, p.loc) }

// resolve places floating reading f in loc: an all-day reading at the start
// of its day, a timed one as calendar does (gaps forward, overlaps to the
// earlier instant).
func resolve(f time.Time, allDay bool, loc *time.Location) time.Time {
	d := calendar.Date{Y: f.Year(), M: f.Month(), D: f.Day()}
	if allDay {
		return d.Start(loc)
	}
	hh, mm, ss := f.Clock()
	// Fast path: away from any change of offset a reading has exactly one
	// instant, which time.Date finds.
	if t := time.Date(d.Y, d.M, d.D, hh, mm, ss, f.Nanosecond(), loc); farFromTransition(t) {
		return t
	}
	return d.At(hh, mm, loc).Add(time.Duration(ss)*time.Second + time.Duration(f.Nanosecond()))
}

// farFromTransition reports whether t's zone offset holds for a day and a
// half on either side of it.
func farFromTransition(t time.Time) bool {
	const margin = 36 * time.Hour
	start, end := t.ZoneBounds()
	return (start.IsZero() || t.Sub(start) > margin) && (end.IsZero() || end.Sub(t) > margin)
}

// span is the length of an occurrence, all-day ones counted generously.
func (p *plan) span() time.Duration {
	if p.allDay {
		return time.Duration(p.days) * 24 * time.Hour
	}
	return p.dur
}

func (p *plan) occurrence(f, start time.Time, idx int) Occurrence {
	o := Occurrence{Start: start, RecurrenceID: start.UTC(), Index: idx}
	if p.allDay {
		d := calendar.Date{Y: f.Year(), M: f.Month(), D: f.Day()}
		o.End = d.AddDays(p.days).Start(p.loc)
	} else {
		o.End = start.Add(p.dur)
	}
	return o
}

// periodDays is about one step of the rule, in days.
func (p *plan) periodDays() int {
	n := p.rule.Interval()
	switch p.rule.freq {
	case Weekly:
		return 7 * n
	case Monthly:
		return 31 * n
	case Yearly:
		return 366 * n
	}
	return n
}

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
		if found || lo.Equal(p.f0) {
			return best, found
		}
		back *= 8
	}
}

// probe checks that the rule matches a date from the start on, within
// NoOccurrenceHorizonYears and UNTIL. The library walks period by period
// until it finds a match or reaches the year 9999, so the probe runs on the
// start moved forward by whole 400-year cycles of the Gregorian calendar
// (which repeats exactly: weekdays, leap years, month lengths), near enough
// to 9999 that a rule that never matches costs a bounded walk.
func (p *plan) probe() error {
	if !p.until.IsZero() && p.until.Before(p.start) {
		return errorf(ErrInvalidSeries, "The repeat rule ends (UNTIL) before the event starts.")
	}
	const cycle = 400
	shift := 0
	if last := 9999 - 1 - NoOccurrenceHorizonYears; p.f0.Year() < last {
		shift = cycle * ((last - p.f0.Year()) / cycle)
	}
	opt := p.opt
	opt.Dtstart = p.f0.AddDate(shift, 0, 0)
	opt.Until = p.f0.AddDate(shift+NoOccurrenceHorizonYears, 0, 0)
	r, err := rrule.NewRRule(opt)
	if err != nil {
		return errorf(ErrInvalidRule, "The repeat rule is not valid.")
	}
	first, ok := r.Iterator()()
	if !ok {
		return errorf(ErrNoOccurrence, "The repeat rule never matches a date after the start.")
	}
	if f := first.AddDate(-shift, 0, 0); !p.until.IsZero() && p.instant(f).After(p.until) {
		return errorf(ErrNoOccurrence, "The repeat rule ends (UNTIL) before it first repeats.")
	}
	return nil
}

// exSet is a set of recurrence ids, by Unix second.
type exSet struct {
	list []time.Time
	m    map[int64]struct{}
}

func newExSet(ts []time.Time) exSet {
	if len(ts) <= 8 {
		return exSet{list: ts}
	}
	m := make(map[int64]struct{}, len(ts))
	for _, t := range ts {
		m[t.Unix()] = struct{}{}
	}
	return exSet{m: m}
}

func (e exSet) has(t time.Time) bool {
	if e.m != nil {
		_, ok := e.m[t.Unix()]
		return ok
	}
	for _, x := range e.list {
		if x.Unix() == t.Unix() {
			return true
		}
	}
	return false
}

func dayNumber(f time.Time) int64 {
	y, m, d := f.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

func clockOf(f time.Time) time.Duration {
	hh, mm, ss := f.Clock()
	return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second
}

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
