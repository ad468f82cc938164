package recur

import (
	"time"

	"github.com/teambition/rrule-go"
)

// validate applies the limits and the RFC's structural rules.
func (r Rule) validate() error {
	if r.interval < 1 || r.interval > MaxInterval {
		return errorf(ErrInvalidRule, "INTERVAL must be a whole number from 1 to %d.", MaxInterval)
	}
	if r.count < 0 || r.count > MaxCount {
		return errorf(ErrInvalidRule, "COUNT must be a whole number from 1 to %d.", MaxCount)
	}
	for _, m := range r.byMonth {
		if m < 1 || m > 12 {
			return errorf(ErrInvalidRule, "BYMONTH takes months from 1 to 12.")
		}
	}
	for _, d := range r.byMonthDay {
		if d == 0 || d < -31 || d > 31 {
			return errorf(ErrInvalidRule, "BYMONTHDAY takes days from 1 to 31 (or -31 to -1, counted from the end of the month).")
		}
	}
	for _, p := range r.bySetPos {
		if p == 0 || p < -366 || p > 366 {
			return errorf(ErrInvalidRule, "BYSETPOS takes positions from 1 to 366 (or -366 to -1).")
		}
	}
	if len(r.byMonthDay) > 0 && r.freq == Weekly {
		return errorf(ErrInvalidRule, "BYMONTHDAY cannot be used with FREQ=WEEKLY.")
	}
	if len(r.bySetPos) > 0 && r.freq == Daily {
		return errorf(ErrInvalidRule, "BYSETPOS has no use with FREQ=DAILY (one time a day).")
	}
	if len(r.bySetPos) > 0 && len(r.byDay) == 0 && len(r.byMonthDay) == 0 && len(r.byMonth) == 0 {
		return errorf(ErrInvalidRule, "BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to choose from.")
	}
	for _, w := range r.byDay {
		if w.N == 0 {
			continue
		}
		limit := 5 // weeks of a month
		switch {
		case r.freq == Daily || r.freq == Weekly:
			return errorf(ErrInvalidRule, "A numbered day such as %s needs FREQ=MONTHLY or FREQ=YEARLY.", w)
		case r.freq == Yearly && len(r.byMonth) == 0:
			limit = 53 // weeks of a year
		}
		if w.N < -limit || w.N > limit {
			return errorf(ErrInvalidRule, "%s does not exist: a day number goes from 1 to %d or -%d to -1.", w, limit, limit)
		}
	}
	if !r.monthDayPossible() {
		return errorf(ErrNoOccurrence, "No month in BYMONTH has the days in BYMONTHDAY, so the rule never repeats.")
	}
	if !r.ordinalDayPossible() {
		return errorf(ErrNoOccurrence, "The numbered days in BYDAY never fall on the days in BYMONTHDAY, so the rule never repeats.")
	}
	if !r.setPosPossible() {
		return errorf(ErrNoOccurrence, "BYSETPOS asks for more days than the rule picks in a period, so the rule never repeats.")
	}
	// The library's own bounds checks.
	opt := r.option()
	opt.Dtstart = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := rrule.NewRRule(opt); err != nil {
		return errorf(ErrInvalidRule, "The repeat rule is not valid.")
	}
	return nil
}

// maxMonthDays is the most days month m ever has.
var maxMonthDays = [...]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// monthDayPossible reports whether some BYMONTHDAY exists in some month the
// rule allows (BYMONTH=2;BYMONTHDAY=30 never does).
func (r Rule) monthDayPossible() bool {
	if len(r.byMonthDay) == 0 {
		return true
	}
	months := r.byMonth
	if len(months) == 0 {
		months = []int{1}
	}
	for _, m := range months {
		for _, d := range r.byMonthDay {
			if abs(d) <= maxMonthDays[m] {
				return true
			}
		}
	}
	return false
}

// months returns BYMONTH, or every month.
func (r Rule) months() []int {
	if len(r.byMonth) > 0 {
		return r.byMonth
	}
	return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
}

// ordinalDayPossible reports whether, in a rule that numbers weekdays within
// the month (MONTHLY, or YEARLY with BYMONTH) and also has BYMONTHDAY, some
// numbered weekday can fall on some BYMONTHDAY day (BYMONTHDAY=1;BYDAY=2MO
// never does: the 2nd Monday is between the 8th and the 14th).
func (r Rule) ordinalDayPossible() bool {
	if len(r.byMonthDay) == 0 || !hasOrdinal(r.byDay) || r.freq == Yearly && len(r.byMonth) == 0 {
		return true
	}
	for _, m := range r.months() {
		for length := 28; length <= maxMonthDays[m]; length++ {
			for _, w := range r.byDay {
				lo, hi := 1, length // the days the weekday entry can be on
				switch {
				case w.N > 0:
					lo, hi = 7*(w.N-1)+1, 7*w.N
				case w.N < 0:
					lo, hi = length+1-7*(-w.N), length-7*(-w.N-1)
				}
				for _, d := range r.byMonthDay {
					if d < 0 {
						d = length + 1 + d
					}
					if d >= max(lo, 1) && d <= min(hi, length) {
						return true
					}
				}
			}
		}
	}
	return false
}

// setPosPossible reports whether some BYSETPOS is within the most days the
// rule's other parts can pick in one period.
func (r Rule) setPosPossible() bool {
	if len(r.bySetPos) == 0 {
		return true
	}
	perMonth := 31
	if len(r.byMonthDay) > 0 {
		perMonth = min(perMonth, len(r.byMonthDay))
	}
	if len(r.byDay) > 0 {
		n := 0
		for _, w := range r.byDay {
			if w.N == 0 {
				n += 5
			} else {
				n++
			}
		}
		perMonth = min(perMonth, n)
	}
	bound := perMonth
	switch r.freq {
	case Weekly:
		bound = max(1, len(r.byDay))
	case Yearly:
		if len(r.byMonth) == 0 && len(r.byDay) > 0 {
			// Weekdays numbered (or all of them) within the year.
			n := 0
			for _, w := range r.byDay {
				if w.N == 0 {
					n += 53
				} else {
					n++
				}
			}
			if len(r.byMonthDay) > 0 {
				n = min(n, 12*len(r.byMonthDay))
			}
			bound = min(366, n)
		} else {
			bound = min(366, perMonth*len(r.months()))
		}
	}
	for _, p := range r.bySetPos {
		if abs(p) <= bound {
			return true
		}
	}
	return false
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
