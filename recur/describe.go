package recur

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// Describe says in English what r does for a series starting at start in
// loc (the start supplies what the rule leaves out: the weekday of a weekly
// rule, the day of a monthly one, the date of a yearly one; loc gives the
// date of a UTC UNTIL). Examples:
//
//	Every day
//	Every weekday
//	Weekly on Monday, 10 times
//	Every 2 weeks on Tuesday and Thursday, until 31 March 2027
//	Every month on the 2nd Tuesday
//	Every month on the last Friday
//	Every month on day 31
//	Every year on 29 February
//	Every year on the 4th Thursday of November
//
// The zero Rule reads "Does not repeat".
func Describe(r Rule, start time.Time, loc *time.Location) string {
	if r.IsZero() {
		return "Does not repeat"
	}
	loc = orUTC(loc)
	s := floatingIn(start, loc)
	var b strings.Builder
	b.WriteString(describeHead(r))
	b.WriteString(describeDays(r, s))
	b.WriteString(describeEnd(r, loc))
	return b.String()
}

var unitNames = [...]string{Daily: "day", Weekly: "week", Monthly: "month", Yearly: "year"}

func describeHead(r Rule) string {
	n := r.Interval()
	if r.freq == Daily || r.freq == Weekly {
		if n == 1 && isWorkWeek(r.byDay) && len(r.byMonthDay) == 0 && len(r.byMonth) == 0 && len(r.bySetPos) == 0 {
			return "Every weekday"
		}
	}
	if n > 1 {
		return "Every " + strconv.Itoa(n) + " " + unitNames[r.freq] + "s"
	}
	if r.freq == Weekly {
		return "Weekly"
	}
	return "Every " + unitNames[r.freq]
}

func describeDays(r Rule, start time.Time) string {
	if (r.freq == Daily || r.freq == Weekly) && r.Interval() == 1 && isWorkWeek(r.byDay) &&
		len(r.byMonthDay) == 0 && len(r.byMonth) == 0 && len(r.bySetPos) == 0 {
		return "" // "Every weekday"
	}
	var b strings.Builder
	months := r.byMonth
	switch r.freq {
	case Daily:
		if len(r.byDay) > 0 {
			b.WriteString(" on " + weekdayList(r.byDay, "and"))
		}
		if len(r.byMonthDay) > 0 {
			b.WriteString(" on " + monthDayList(r.byMonthDay) + " of the month")
		}
	case Weekly:
		days := r.byDay
		if len(days) == 0 {
			days = []WeekdayNum{{Day: start.Weekday()}}
		}
		b.WriteString(" on " + weekdayList(days, "and"))
	case Monthly:
		b.WriteString(monthlyDays(r, start))
	case Yearly:
		switch {
		case len(r.byDay) == 0 && len(r.byMonthDay) == 0:
			if len(months) == 0 {
				months = []int{int(start.Month())}
			}
			dates := make([]string, len(months))
			for i, m := range months {
				dates[i] = strconv.Itoa(start.Day()) + " " + time.Month(m).String()
			}
			b.WriteString(" on " + join(dates, "and"))
			months = nil
		case len(r.byDay) == 0 && len(months) == 1 && len(r.byMonthDay) == 1 && r.byMonthDay[0] > 0:
			b.WriteString(" on " + strconv.Itoa(r.byMonthDay[0]) + " " + time.Month(months[0]).String())
			months = nil
		case len(r.byMonthDay) == 0 && hasOrdinal(r.byDay):
			b.WriteString(" on " + everyDayList(r.byDay))
			if len(months) > 0 {
				b.WriteString(" of " + monthList(months))
				months = nil
			} else {
				b.WriteString(" of the year")
			}
		default:
			b.WriteString(monthlyDays(r, start))
			if len(months) == 0 && len(r.byMonthDay) > 0 {
				b.WriteString(" of every month")
			}
		}
	}
	if len(months) > 0 {
		b.WriteString(" in " + monthList(months))
	}
	if len(r.bySetPos) > 0 {
		b.WriteString(describeSetPos(r))
	}
	return b.String()
}

// monthlyDays describes the days within a month.
func monthlyDays(r Rule, start time.Time) string {
	switch {
	case len(r.bySetPos) == 1 && isWorkWeek(r.byDay) && len(r.byMonthDay) == 0:
		return " on the " + ordinal(r.bySetPos[0]) + " weekday"
	case len(r.byDay) > 0 && len(r.byMonthDay) > 0:
		return " on " + monthDayList(r.byMonthDay) + ", when it is " + weekdayList(plainDays(r.byDay), "or")
	case len(r.byDay) > 0:
		return " on " + everyDayList(r.byDay)
	case len(r.byMonthDay) > 0:
		return " on " + monthDayList(r.byMonthDay)
	}
	return " on day " + strconv.Itoa(start.Day())
}

func describeSetPos(r Rule) string {
	if len(r.bySetPos) == 1 && isWorkWeek(r.byDay) && len(r.byMonthDay) == 0 && r.freq == Monthly {
		return "" // said by monthlyDays
	}
	pos := make([]string, len(r.bySetPos))
	for i, p := range r.bySetPos {
		pos[i] = ordinal(p)
	}
	return " (only the " + join(pos, "and") + " of each " + unitNames[r.freq] + ")"
}

func describeEnd(r Rule, loc *time.Location) string {
	switch {
	case r.count == 1:
		return ", once"
	case r.count > 1:
		return ", " + strconv.Itoa(r.count) + " times"
	case !r.until.IsZero():
		return ", until " + longDate(calendar.DateOf(r.until, loc))
	case !r.untilDate.IsZero():
		return ", until " + longDate(r.untilDate)
	}
	return ""
}

func longDate(d calendar.Date) string {
	return strconv.Itoa(d.D) + " " + d.M.String() + " " + strconv.Itoa(d.Y)
}

// weekdayList reads BYDAY entries: "Tuesday and Thursday", "the 2nd
// Tuesday", "the last Friday", "every Monday" (plain days in a monthly or
// yearly rule).
func weekdayList(days []WeekdayNum, conj string) string { return dayWords(days, conj, "") }

// everyDayList is weekdayList for monthly and yearly rules, where a plain
// day means each of them in the period.
func everyDayList(days []WeekdayNum) string { return dayWords(days, "and", "every ") }

func dayWords(days []WeekdayNum, conj, plain string) string {
	words := make([]string, len(days))
	for i, w := range days {
		if w.N != 0 {
			words[i] = "the " + ordinal(w.N) + " " + w.Day.String()
		} else {
			words[i] = plain + w.Day.String()
		}
	}
	return join(words, conj)
}

func plainDays(days []WeekdayNum) []WeekdayNum {
	out := make([]WeekdayNum, 0, len(days))
	for _, w := range days {
		if !slices.ContainsFunc(out, func(o WeekdayNum) bool { return o.Day == w.Day }) {
			out = append(out, WeekdayNum{Day: w.Day})
		}
	}
	return out
}

func hasOrdinal(days []WeekdayNum) bool {
	return slices.ContainsFunc(days, func(w WeekdayNum) bool { return w.N != 0 })
}

// isWorkWeek reports whether days is exactly Monday to Friday, plain.
func isWorkWeek(days []WeekdayNum) bool {
	if len(days) != 5 {
		return false
	}
	for i, w := range days {
		if w.N != 0 || w.Day != time.Weekday(i+1) {
			return false
		}
	}
	return true
}

// monthDayList reads BYMONTHDAY: "day 31", "days 1 and 15", "the last day",
// "day 1 and the last day".
func monthDayList(days []int) string {
	var pos, words []string
	for _, d := range days {
		if d > 0 {
			pos = append(pos, strconv.Itoa(d))
		}
	}
	switch len(pos) {
	case 0:
	case 1:
		words = append(words, "day "+pos[0])
	default:
		words = append(words, "days "+join(pos, "and"))
	}
	for i := len(days) - 1; i >= 0; i-- { // -1 first
		if d := days[i]; d < 0 {
			words = append(words, "the "+ordinal(d)+" day")
		}
	}
	return join(words, "and")
}

func monthList(months []int) string {
	words := make([]string, len(months))
	for i, m := range months {
		words[i] = time.Month(m).String()
	}
	return join(words, "and")
}

// ordinal reads 1 as "1st", 22 as "22nd", -1 as "last", -2 as "2nd to last".
func ordinal(n int) string {
	if n == -1 {
		return "last"
	}
	if n < 0 {
		return ordinal(-n) + " to last"
	}
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(n) + suffix
}

// join reads a list: "a", "a and b", "a, b and c".
func join(words []string, conj string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + conj + " " + words[len(words)-1]
}
