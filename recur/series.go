package recur

import (
	"slices"
	"time"

	"github.com/eventcal/eventcal/calendar"
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
	return p.last()
}

// LastWithin is Last computing at most what budget has left, shared by
// the calls given the same budget (an import's series together). When the
// budget runs out it returns ErrOverBudget.
func (s Series) LastWithin(budget *Budget) (Occurrence, bool, error) {
	p, err := s.plan()
	if err != nil || p.rule.Endless() {
		return Occurrence{}, false, nil
	}
	p.budget = budget
	o, ok := p.last()
	if budget.Exhausted() {
		return Occurrence{}, false, ErrOverBudget
	}
	return o, ok, nil
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
