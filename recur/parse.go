package recur

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
	"github.com/teambition/rrule-go"
)

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
