package recur

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

// Limits on a rule.
const (
	MaxCount    = 1000 // largest COUNT accepted
	MaxInterval = 1000 // largest INTERVAL accepted
	MaxRuleLen  = 512  // longest rule text accepted, in bytes
)

// Sentinel errors. Every error of this package wraps one of them and is an
// *Error, whose Msg is a sentence fit for a form.
var (
	// ErrInvalidRule is wrapped by the errors of Parse, except for a rule
	// that can never match (ErrNoOccurrence).
	ErrInvalidRule = errors.New("recur: invalid rule")
	// ErrInvalidSeries is wrapped when a Series is malformed (no rule, a
	// negative duration, an UNTIL before the start, ...).
	ErrInvalidSeries = errors.New("recur: invalid series")
	// ErrNoOccurrence is wrapped when a rule never matches a date: by Parse
	// when no start could help (BYMONTH=2;BYMONTHDAY=30), by NewSeries and
	// Validate when it matches nothing from the start on (within
	// NoOccurrenceHorizonYears) or before its UNTIL.
	ErrNoOccurrence = errors.New("recur: the rule produces no occurrence")
	// ErrNotOccurrence is wrapped when a recurrence id is not one of the
	// series' occurrences.
	ErrNotOccurrence = errors.New("recur: not an occurrence of the series")
	// ErrSplitAtFirst is wrapped by SplitAt at the first occurrence:
	// "this and following" there means the whole series.
	ErrSplitAtFirst = errors.New("recur: split at the first occurrence")
)

// Error is the error type of this package. Msg is an English sentence meant
// for the person who typed the rule (it may quote a clipped part of their
// input, so it must be HTML-escaped like any user data; templ does that).
// Use errors.Is with the sentinels above to branch, never the text.
type Error struct {
	Msg  string
	kind error
}

func (e *Error) Error() string { return "recur: " + e.Msg }

// Unwrap returns the sentinel the error belongs to.
func (e *Error) Unwrap() error { return e.kind }

func errorf(kind error, format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...), kind: kind}
}

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

// Canonical parses s and returns its canonical form; "" stays "" (does not
// repeat). Handy to compare a submitted value with the presets.
func Canonical(s string) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	r, err := Parse(s)
	if err != nil {
		return "", err
	}
	return r.String(), nil
}

// Parse parses an RRULE value such as "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10".
// Names and values are case-insensitive, an "RRULE:" prefix and a trailing
// ";" are tolerated. Supported parts: FREQ (DAILY, WEEKLY, MONTHLY,
// YEARLY), INTERVAL (1..1000), COUNT (1..1000), UNTIL (a date YYYYMMDD or
// a UTC date-time YYYYMMDDTHHMMSSZ; not together with COUNT), BYDAY (with
// ordinals such as 2TU or -1FR for MONTHLY and YEARLY), BYMONTHDAY
// (1..31, -31..-1), BYMONTH, BYSETPOS (with another BYxxx part, not with
// DAILY) and WKST.
// Anything else is rejected with a message saying why, as are parts that can
// never match (BYMONTH=2;BYMONTHDAY=30). The empty string is an error: the
// caller decides that "" means "does not repeat" (see Canonical).
//
// UNTIL is inclusive. In its UTC form an occurrence belongs to the series
// when it starts at or before that instant; in its date form, when it starts
// on or before that date in the series' zone (for a timed series, any time
// that day). RFC 5545 wants the UTC form for timed events and the date form
// for all-day ones; both are accepted for either.
//
// Whether the rule matches any date at all also depends on the start; that
// is checked by Series.Validate.
func Parse(s string) (Rule, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Rule{}, errorf(ErrInvalidRule, "The repeat rule is empty.")
	}
	if len(s) > MaxRuleLen {
		return Rule{}, errorf(ErrInvalidRule, "The repeat rule is too long (at most %d characters).", MaxRuleLen)
	}
	up := strings.ToUpper(s)
	up = strings.TrimPrefix(up, "RRULE:")
	up = strings.TrimSuffix(up, ";")
	for i := 0; i < len(up); i++ {
		c := up[i]
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '=' || c == ';' || c == ',' || c == '+' || c == '-') {
			return Rule{}, errorf(ErrInvalidRule, "The repeat rule contains an unexpected character %q.", firstRune(up[i:]))
		}
	}
	parts := map[string]string{}
	for _, part := range strings.Split(up, ";") {
		name, value, ok := strings.Cut(part, "=")
		if !ok || name == "" || value == "" || strings.Contains(value, "=") {
			return Rule{}, errorf(ErrInvalidRule, "Each part of a repeat rule looks like NAME=VALUE, not %q.", clip(part))
		}
		if _, dup := parts[name]; dup {
			return Rule{}, errorf(ErrInvalidRule, "%s appears twice in the repeat rule.", clip(name))
		}
		if err := checkPart(name, value); err != nil {
			return Rule{}, err
		}
		parts[name] = value
	}
	if _, ok := parts["FREQ"]; !ok {
		return Rule{}, errorf(ErrInvalidRule, "A repeat rule needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY).")
	}
	if _, ok := parts["COUNT"]; ok {
		if _, ok := parts["UNTIL"]; ok {
			return Rule{}, errorf(ErrInvalidRule, "A repeat rule can end after COUNT times or on an UNTIL date, not both.")
		}
	}

	// The library parses; we validate what it parsed against our limits.
	opt, err := rrule.StrToROption(up)
	if err != nil {
		return Rule{}, errorf(ErrInvalidRule, "The repeat rule is not valid.")
	}
	r, err := fromOption(opt, parts)
	if err != nil {
		return Rule{}, err
	}
	if err := r.validate(); err != nil {
		return Rule{}, err
	}
	return r, nil
}

// checkPart rejects unsupported names and malformed values before the
// library sees them (it is lenient: "0MO", a local UNTIL, ...).
func checkPart(name, value string) error {
	switch name {
	case "FREQ":
		switch value {
		case "DAILY", "WEEKLY", "MONTHLY", "YEARLY":
			return nil
		case "HOURLY", "MINUTELY", "SECONDLY":
			return errorf(ErrInvalidRule, "Repeating more often than daily (FREQ=%s) is not supported.", value)
		}
		return errorf(ErrInvalidRule, "FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY, not %q.", clip(value))
	case "INTERVAL":
		if n, ok := atoi(value); !ok || n < 1 || n > MaxInterval {
			return errorf(ErrInvalidRule, "INTERVAL must be a whole number from 1 to %d.", MaxInterval)
		}
		return nil
	case "COUNT":
		if n, ok := atoi(value); !ok || n < 1 || n > MaxCount {
			return errorf(ErrInvalidRule, "COUNT must be a whole number from 1 to %d.", MaxCount)
		}
		return nil
	case "UNTIL":
		if _, _, ok := parseUntil(value); !ok {
			return errorf(ErrInvalidRule, "UNTIL must be a date (YYYYMMDD) or a UTC time (YYYYMMDDTHHMMSSZ), not %q.", clip(value))
		}
		return nil
	case "WKST":
		if !isDayCode(value) {
			return errorf(ErrInvalidRule, "WKST must be a day: MO, TU, WE, TH, FR, SA or SU.")
		}
		return nil
	case "BYDAY":
		for _, v := range strings.Split(value, ",") {
			if len(v) < 2 || !isDayCode(v[len(v)-2:]) {
				return errorf(ErrInvalidRule, "BYDAY takes days such as MO, 2TU or -1FR, not %q.", clip(v))
			}
			if ord := v[:len(v)-2]; ord != "" {
				if n, ok := signedAtoi(ord); !ok || n == 0 {
					return errorf(ErrInvalidRule, "BYDAY takes days such as MO, 2TU or -1FR, not %q.", clip(v))
				}
			}
		}
		return nil
	case "BYMONTHDAY", "BYMONTH", "BYSETPOS":
		for _, v := range strings.Split(value, ",") {
			if _, ok := signedAtoi(v); !ok {
				return errorf(ErrInvalidRule, "%s takes a list of numbers, not %q.", name, clip(value))
			}
		}
		return nil
	case "BYHOUR", "BYMINUTE", "BYSECOND":
		return errorf(ErrInvalidRule, "%s is not supported: the time of day comes from the event's start.", name)
	case "BYWEEKNO", "BYYEARDAY", "BYEASTER", "RSCALE", "SKIP", "DTSTART":
		return errorf(ErrInvalidRule, "%s is not supported in a repeat rule.", name)
	}
	return errorf(ErrInvalidRule, "Unknown part %q in the repeat rule.", clip(name))
}

// fromOption converts what the library parsed into a Rule. parts holds the
// raw values (for UNTIL's form).
func fromOption(opt *rrule.ROption, parts map[string]string) (Rule, error) {
	r := Rule{
		interval: max(opt.Interval, 1),
		count:    opt.Count,
		wkst:     libDay(opt.Wkst),
	}
	switch opt.Freq {
	case rrule.DAILY:
		r.freq = Daily
	case rrule.WEEKLY:
		r.freq = Weekly
	case rrule.MONTHLY:
		r.freq = Monthly
	case rrule.YEARLY:
		r.freq = Yearly
	default:
		return Rule{}, errorf(ErrInvalidRule, "Unsupported frequency.")
	}
	if u, ok := parts["UNTIL"]; ok {
		t, d, _ := parseUntil(u)
		if !t.IsZero() && !t.Equal(opt.Until) || !d.IsZero() && !opt.Until.Equal(time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)) {
			return Rule{}, errorf(ErrInvalidRule, "UNTIL %q could not be read.", clip(u))
		}
		r.until, r.untilDate = t, d
	}
	for _, w := range opt.Byweekday {
		r.byDay = append(r.byDay, WeekdayNum{N: w.N(), Day: libDay(w)})
	}
	r.byMonthDay = slices.Clone(opt.Bymonthday)
	r.byMonth = slices.Clone(opt.Bymonth)
	r.bySetPos = slices.Clone(opt.Bysetpos)
	r.normalize()
	return r, nil
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

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// parseUntil parses UNTIL as a date YYYYMMDD or a UTC date-time
// YYYYMMDDTHHMMSSZ, years 1..9999.
func parseUntil(v string) (t time.Time, d calendar.Date, ok bool) {
	if len(v) < 8 || !isDigits(v[:8]) {
		return t, d, false
	}
	d, err := calendar.ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	if err != nil {
		return t, calendar.Date{}, false
	}
	switch {
	case len(v) == 8:
		return t, d, true
	case len(v) == 16 && v[8] == 'T' && isDigits(v[9:15]) && v[15] == 'Z':
		hh, _ := atoi(v[9:11])
		mm, _ := atoi(v[11:13])
		ss, _ := atoi(v[13:15])
		if hh > 23 || mm > 59 || ss > 59 {
			return t, calendar.Date{}, false
		}
		return time.Date(d.Y, d.M, d.D, hh, mm, ss, 0, time.UTC), calendar.Date{}, true
	}
	return t, calendar.Date{}, false
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi parses 1 to 7 ASCII digits.
func atoi(s string) (int, bool) {
	if !isDigits(s) || len(s) > 7 {
		return 0, false
	}
	n, err := strconv.Atoi(s)
	return n, err == nil
}

// signedAtoi parses an optionally signed number of 1 to 3 digits.
func signedAtoi(s string) (int, bool) {
	neg := false
	if s != "" && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) > 3 {
		return 0, false
	}
	n, ok := atoi(s)
	if neg {
		n = -n
	}
	return n, ok
}

func isDayCode(s string) bool {
	return slices.Contains(dayCodes[:], s)
}

// clip shortens untrusted input before it is quoted in a message.
func clip(s string) string {
	const limit = 40
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// firstRune returns the first character of s, for an error message.
func firstRune(s string) string {
	r, _ := utf8.DecodeRuneInString(s)
	return string(r)
}
