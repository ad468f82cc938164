package quickadd

import (
	"strings"
	"time"
)

// weekdayWord returns the day a word names: "fri", "friday", and with
// plural set "fridays".
func weekdayWord(w string) (d time.Weekday, plural, ok bool) {
	switch w {
	case "sun", "sunday":
		return time.Sunday, false, true
	case "mon", "monday":
		return time.Monday, false, true
	case "tue", "tues", "tuesday":
		return time.Tuesday, false, true
	case "wed", "weds", "wednesday":
		return time.Wednesday, false, true
	case "thu", "thur", "thurs", "thursday":
		return time.Thursday, false, true
	case "fri", "friday":
		return time.Friday, false, true
	case "sat", "saturday":
		return time.Saturday, false, true
	}
	if sing, ok := strings.CutSuffix(w, "s"); ok && len(sing) >= 6 {
		if d, _, ok := weekdayWord(sing); ok {
			return d, true, true
		}
	}
	return 0, false, false
}

// monthWord returns the month a word names: "dec", "december", "sept".
func monthWord(w string) (time.Month, bool) {
	switch w {
	case "jan", "january":
		return time.January, true
	case "feb", "february":
		return time.February, true
	case "mar", "march":
		return time.March, true
	case "apr", "april":
		return time.April, true
	case "may":
		return time.May, true
	case "jun", "june":
		return time.June, true
	case "jul", "july":
		return time.July, true
	case "aug", "august":
		return time.August, true
	case "sep", "sept", "september":
		return time.September, true
	case "oct", "october":
		return time.October, true
	case "nov", "november":
		return time.November, true
	case "dec", "december":
		return time.December, true
	}
	return 0, false
}

// unit is a length of time named in "in 3 days" or "for 2 hours".
type unit uint8

const (
	unitMinute unit = iota + 1
	unitHour
	unitDay
	unitWeek
	unitMonth
	unitYear
)

// unitWord returns the unit a word names, singular or plural.
func unitWord(w string) (unit, bool) {
	switch w {
	case "min", "mins", "minute", "minutes":
		return unitMinute, true
	case "h", "hr", "hrs", "hour", "hours":
		return unitHour, true
	case "day", "days":
		return unitDay, true
	case "wk", "wks", "week", "weeks":
		return unitWeek, true
	case "month", "months":
		return unitMonth, true
	case "yr", "yrs", "year", "years":
		return unitYear, true
	}
	return 0, false
}

// numberWord returns the value of a small number written out ("a", "two").
func numberWord(w string) (int, bool) {
	switch w {
	case "a", "an", "one":
		return 1, true
	case "two":
		return 2, true
	case "three":
		return 3, true
	case "four":
		return 4, true
	case "five":
		return 5, true
	case "six":
		return 6, true
	case "seven":
		return 7, true
	case "eight":
		return 8, true
	case "nine":
		return 9, true
	case "ten":
		return 10, true
	}
	return 0, false
}

// ordinalWord returns n for "first" … "fourth" (1–4) and -1 for "last".
func ordinalWord(w string) (int, bool) {
	switch w {
	case "first":
		return 1, true
	case "second":
		return 2, true
	case "third":
		return 3, true
	case "fourth":
		return 4, true
	case "last":
		return -1, true
	}
	return 0, false
}

// isOrdinalSuffix reports whether w ends a number as in "24th".
func isOrdinalSuffix(w string) bool {
	return w == "st" || w == "nd" || w == "rd" || w == "th"
}

// dayCode returns the RRULE code of d ("MO").
func dayCode(d time.Weekday) string {
	return [...]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}[d]
}
