package calendar

import (
	"errors"
	"fmt"
	"time"
)

// Date is a civil (calendar) date without a time zone.
// The zero value is not a valid date.
type Date struct {
	Y int
	M time.Month
	D int
}

// ErrInvalidDate is wrapped by the errors of ParseDate.
var ErrInvalidDate = errors.New("calendar: invalid date")

// MakeDate returns the date y-m-d, normalizing out-of-range months and days
// the way time.Date does (e.g. October 32 becomes November 1).
func MakeDate(y int, m time.Month, d int) Date {
	return dateOfUTC(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// DaysInMonth reports the number of days in month m of year y.
func DaysInMonth(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// ParseDate parses a strict YYYY-MM-DD date with a year in 1..9999.
func ParseDate(s string) (Date, error) {
	d, ok := parseDate(s)
	if !ok {
		return Date{}, fmt.Errorf("%w %q (want YYYY-MM-DD)", ErrInvalidDate, clip(s))
	}
	return d, nil
}

func parseDate(s string) (Date, bool) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, false
	}
	y, ok1 := atoi(s[0:4])
	m, ok2 := atoi(s[5:7])
	d, ok3 := atoi(s[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 {
		return Date{}, false
	}
	if d < 1 || d > DaysInMonth(y, time.Month(m)) {
		return Date{}, false
	}
	return Date{y, time.Month(m), d}, true
}

// atoi parses a non-empty run of ASCII digits (no sign).
func atoi(s string) (int, bool) {
	if s == "" || len(s) > 9 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// clip shortens untrusted input before it is quoted in an error message.
func clip(s string) string {
	const limit = 40
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// String formats d as YYYY-MM-DD. It is on every hot path (cache keys,
// URLs of every calendar cell), so the common case skips fmt.
func (d Date) String() string {
	var b [10]byte
	return string(d.Append(b[:0]))
}

// Append appends d as String writes it to b.
func (d Date) Append(b []byte) []byte {
	if d.Y < 0 || d.Y > 9999 || d.M < 1 || d.M > 12 || d.D < 0 || d.D > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Y, int(d.M), d.D)
	}
	m := int(d.M)
	return append(b, byte('0'+d.Y/1000), byte('0'+d.Y/100%10), byte('0'+d.Y/10%10), byte('0'+d.Y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.D/10), byte('0'+d.D%10))
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d is a real date with a year in 1..9999.
func (d Date) Valid() bool {
	return d.Y >= 1 && d.Y <= 9999 && d.M >= time.January && d.M <= time.December &&
		d.D >= 1 && d.D <= DaysInMonth(d.Y, d.M)
}

// AddDays returns d shifted by n days.
func (d Date) AddDays(n int) Date { return MakeDate(d.Y, d.M, d.D+n) }

// AddMonths returns d shifted by n months, clamping the day to the end of
// the target month (January 31 + 1 month = February 28 or 29).
func (d Date) AddMonths(n int) Date {
	mi := int(d.M) - 1 + n
	y := d.Y + floorDiv(mi, 12)
	m := time.Month(mi-floorDiv(mi, 12)*12) + 1
	day := d.D
	if last := DaysInMonth(y, m); day > last {
		day = last
	}
	return Date{y, m, day}
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// FirstOfMonth returns the first day of d's month.
func (d Date) FirstOfMonth() Date { return Date{d.Y, d.M, 1} }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC).Weekday()
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Y != o.Y:
		return cmp(d.Y, o.Y)
	case d.M != o.M:
		return cmp(int(d.M), int(o.M))
	default:
		return cmp(d.D, o.D)
	}
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// Equal reports whether d and o are the same date.
func (d Date) Equal(o Date) bool { return d == o }

// DaysUntil returns the number of days from d to o (negative if o is earlier).
func (d Date) DaysUntil(o Date) int { return int(o.dayNumber() - d.dayNumber()) }

// dayNumber counts days since 1970-01-01, normalizing out-of-range months
// and days as MakeDate does, by integer arithmetic on the proleptic
// Gregorian calendar (days from the civil date, counted from a March 1st
// so that leap days end each year).
func (d Date) dayNumber() int64 {
	mi := int64(d.M) - 1
	y := int64(d.Y) + floorDiv64(mi, 12)
	m := mi - floorDiv64(mi, 12)*12 + 1 // 1..12
	if m <= 2 {
		y--
	}
	era := floorDiv64(y, 400)
	yoe := y - era*400                     // 0..399
	doy := (153*((m+9)%12) + 2) / 5        // day of the year from March 1st
	doe := yoe*365 + yoe/4 - yoe/100 + doy // 0..146096
	return era*146097 + doe - 719468 + int64(d.D) - 1
}

func floorDiv64(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// DateOf returns the civil date of instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	y, m, d := t.In(orUTC(loc)).Date()
	return Date{y, m, d}
}

// Today returns the civil date of now in loc. Callers pass now explicitly so
// the result is testable.
func Today(now time.Time, loc *time.Location) Date { return DateOf(now, loc) }

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}
