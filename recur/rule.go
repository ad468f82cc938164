package recur

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

// Limits on a rule.
const (
	MaxCount    = 1000 // largest COUNT accepted
	MaxInterval = 1000 // largest INTERVAL accepted
	MaxRuleLen  = 512  // longest rule text accepted, in bytes
)

// Freq is a rule's FREQ. Only the frequencies of a personal calendar are
// supported.
type Freq int

// The supported frequencies. The zero Freq means "does not repeat".
const (
	Daily Freq = iota + 1
	Weekly
	Monthly
	Yearly
)

var freqNames = [...]string{Daily: "DAILY", Weekly: "WEEKLY", Monthly: "MONTHLY", Yearly: "YEARLY"}

// String returns the RRULE name of f ("DAILY", ...), or "" for the zero Freq.
func (f Freq) String() string {
	if f < Daily || f > Yearly {
		return ""
	}
	return freqNames[f]
}

func (f Freq) lib() rrule.Frequency {
	switch f {
	case Daily:
		return rrule.DAILY
	case Weekly:
		return rrule.WEEKLY
	case Monthly:
		return rrule.MONTHLY
	}
	return rrule.YEARLY
}

// WeekdayNum is one BYDAY entry: a weekday, optionally with an ordinal
// (N = 2 for the 2nd Tuesday, -1 for the last Friday, 0 for every one).
type WeekdayNum struct {
	N   int
	Day time.Weekday
}

var dayCodes = [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// String returns the RRULE form, e.g. "TU", "2TU", "-1FR".
func (w WeekdayNum) String() string {
	code := dayCodes[((int(w.Day)%7)+7)%7]
	if w.N == 0 {
		return code
	}
	return strconv.Itoa(w.N) + code
}

// Rule is a parsed, validated and normalised RRULE. The zero Rule means
// "does not repeat". A Rule is a value: share it freely, it is never
// modified. Build one with Parse (or take one from SplitAt or Presets).
type Rule struct {
	freq       Freq
	interval   int           // ≥ 1
	count      int           // 0: none
	until      time.Time     // UNTIL=...Z, UTC; zero: none
	untilDate  calendar.Date // UNTIL=YYYYMMDD; zero: none
	byDay      []WeekdayNum  // sorted Monday first, then by N
	byMonthDay []int         // sorted
	byMonth    []int         // sorted, 1..12
	bySetPos   []int         // sorted
	wkst       time.Weekday  // time.Monday unless WKST says otherwise
}

// IsZero reports whether r is the zero Rule ("does not repeat").
func (r Rule) IsZero() bool { return r.freq == 0 }

// Freq returns the rule's frequency (0 for the zero Rule).
func (r Rule) Freq() Freq { return r.freq }

// Interval returns INTERVAL (1 when absent).
func (r Rule) Interval() int { return max(r.interval, 1) }

// Count returns COUNT, or 0 when the rule has none.
func (r Rule) Count() int { return r.count }

// Until returns UNTIL when it was given as a UTC date-time (…Z), else the
// zero time.
func (r Rule) Until() time.Time { return r.until }

// UntilDate returns UNTIL when it was given as a date (YYYYMMDD), else the
// zero Date.
func (r Rule) UntilDate() calendar.Date { return r.untilDate }

// Endless reports whether the rule has neither COUNT nor UNTIL.
func (r Rule) Endless() bool {
	return !r.IsZero() && r.count == 0 && r.until.IsZero() && r.untilDate.IsZero()
}

// Equal reports whether r and o are the same rule (same canonical form).
func (r Rule) Equal(o Rule) bool { return r.String() == o.String() }

// String returns the canonical RRULE value (no "RRULE:" prefix), "" for the
// zero Rule. Parts come in the order FREQ, INTERVAL (when not 1), BYMONTH,
// BYMONTHDAY, BYDAY, BYSETPOS, WKST (when not MO), COUNT, UNTIL; list values
// are sorted and without duplicates. Parse(r.String()) gives r back.
func (r Rule) String() string {
	if r.IsZero() {
		return ""
	}
	var b strings.Builder
	b.WriteString("FREQ=")
	b.WriteString(r.freq.String())
	if r.interval > 1 {
		b.WriteString(";INTERVAL=")
		b.WriteString(strconv.Itoa(r.interval))
	}
	writeInts(&b, "BYMONTH", r.byMonth)
	writeInts(&b, "BYMONTHDAY", r.byMonthDay)
	if len(r.byDay) > 0 {
		b.WriteString(";BYDAY=")
		for i, w := range r.byDay {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(w.String())
		}
	}
	writeInts(&b, "BYSETPOS", r.bySetPos)
	if r.wkst != time.Monday {
		b.WriteString(";WKST=")
		b.WriteString(dayCodes[r.wkst])
	}
	if r.count > 0 {
		b.WriteString(";COUNT=")
		b.WriteString(strconv.Itoa(r.count))
	}
	switch {
	case !r.until.IsZero():
		b.WriteString(";UNTIL=")
		b.WriteString(r.until.UTC().Format(rrule.DateTimeFormat))
	case !r.untilDate.IsZero():
		d := r.untilDate
		fmt.Fprintf(&b, ";UNTIL=%04d%02d%02d", d.Y, int(d.M), d.D)
	}
	return b.String()
}

func writeInts(b *strings.Builder, name string, vs []int) {
	if len(vs) == 0 {
		return
	}
	b.WriteByte(';')
	b.WriteString(name)
	b.WriteByte('=')
	for i, v := range vs {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Itoa(v))
	}
}

func libDay(w rrule.Weekday) time.Weekday { return time.Weekday((w.Day() + 1) % 7) }

var libDays = [...]rrule.Weekday{rrule.SU, rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA}

func toLibDay(w WeekdayNum) rrule.Weekday {
	d := libDays[w.Day]
	if w.N == 0 {
		return d
	}
	return d.Nth(w.N)
}

// mondayFirst orders weekdays Monday .. Sunday.
func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

// normalize sorts and de-duplicates the list parts.
func (r *Rule) normalize() {
	slices.SortFunc(r.byDay, func(a, b WeekdayNum) int {
		if c := mondayFirst(a.Day) - mondayFirst(b.Day); c != 0 {
			return c
		}
		return a.N - b.N
	})
	r.byDay = slices.Compact(r.byDay)
	for _, p := range []*[]int{&r.byMonthDay, &r.byMonth, &r.bySetPos} {
		slices.Sort(*p)
		*p = slices.Compact(*p)
		if len(*p) == 0 {
			*p = nil
		}
	}
	if len(r.byDay) == 0 {
		r.byDay = nil
	}
}

// option returns the library options of r, without DTSTART.
func (r Rule) option() rrule.ROption {
	opt := rrule.ROption{
		Freq:       r.freq.lib(),
		Interval:   r.Interval(),
		Wkst:       libDays[r.wkst],
		Bymonthday: slices.Clone(r.byMonthDay),
		Bymonth:    slices.Clone(r.byMonth),
		Bysetpos:   slices.Clone(r.bySetPos),
	}
	for _, w := range r.byDay {
		opt.Byweekday = append(opt.Byweekday, toLibDay(w))
	}
	return opt
}

// withEnd returns r with its end replaced: count > 0, or until (UTC), or
// untilDate, or none of them (endless).
func (r Rule) withEnd(count int, until time.Time, untilDate calendar.Date) Rule {
	r.byDay = slices.Clone(r.byDay)
	r.byMonthDay = slices.Clone(r.byMonthDay)
	r.byMonth = slices.Clone(r.byMonth)
	r.bySetPos = slices.Clone(r.bySetPos)
	r.count, r.until, r.untilDate = count, time.Time{}, calendar.Date{}
	if !until.IsZero() {
		r.until = until.UTC().Truncate(time.Second)
	}
	if !untilDate.IsZero() {
		r.untilDate = untilDate
	}
	return r
}
