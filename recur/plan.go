package recur

import (
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

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
	budget *Budget   // bounds the occurrences computed; nil: none
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
