package quickadd

import (
	"slices"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// repeatSpec is a repetition as typed, before the start is known.
type repeatSpec struct {
	freq     recur.Freq
	interval int
	days     []time.Weekday // WEEKLY: the days (none: the start's); MONTHLY with nth: the one day
	nth      int            // MONTHLY: the nth weekday, 1..4, or -1 for the last
}

func workWeek() []time.Weekday {
	return []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}
}

func weekend() []time.Weekday { return []time.Weekday{time.Saturday, time.Sunday} }

// matchRepeat reads a repetition at i: "daily", "weekly", "monthly",
// "yearly", "weekdays", "mondays", "every …".
func (s *scanner) matchRepeat(i int) (phrase, error) {
	ts := s.ts
	p := phrase{kind: kRepeat, from: i, to: i + 1, rep: repeatSpec{interval: 1}}
	switch ts.text(i) {
	case "daily", "everyday":
		p.rep.freq = recur.Daily
	case "weekly":
		p.rep.freq = recur.Weekly
	case "monthly":
		p.rep.freq = recur.Monthly
	case "yearly", "annually":
		p.rep.freq = recur.Yearly
	case "weekdays":
		p.rep.freq, p.rep.days = recur.Weekly, workWeek()
	case "weekends":
		p.rep.freq, p.rep.days = recur.Weekly, weekend()
	case "every", "each":
		return s.every(i)
	default:
		j := i
		if ts.word(j, "on") {
			j++
		}
		days, n, plural := s.weekdays(j)
		if n == 0 || !plural {
			return phrase{}, nil
		}
		p.rep.freq, p.rep.days, p.to = recur.Weekly, days, j+n
	}
	return p, nil
}

// every reads what follows "every" at i: "day", "weekday", "other week",
// "2 weeks", "mon and wed", "last fri of the month", ….
func (s *scanner) every(i int) (phrase, error) {
	ts := s.ts
	p := phrase{kind: kRepeat, from: i, rep: repeatSpec{interval: 1}}
	j := i + 1
	if nth, w := s.nth(j); w > 0 {
		if wd, plural, ok := weekdayWord(ts.text(j + w)); ok && !plural {
			p.rep.freq, p.rep.nth, p.rep.days = recur.Monthly, nth, []time.Weekday{wd}
			p.to = j + w + 1 + s.ofTheMonth(j+w+1)
			return p, nil
		}
	}
	if ts.word(j, "other") {
		p.rep.interval, j = 2, j+1
	} else if n, w := s.amount(j); w > 0 && ts.kind(j) == tNum {
		if n < 1 || n > recur.MaxInterval {
			return phrase{}, errorf(ErrInvalidRepeat, "Repeat every 1 to %d days, weeks, months or years.", recur.MaxInterval)
		}
		p.rep.interval, j = n, j+1
		if _, ok := unitWord(ts.text(j)); !ok {
			return phrase{}, nil
		}
	}
	switch ts.text(j) {
	case "day", "days":
		p.rep.freq = recur.Daily
	case "week", "weeks":
		p.rep.freq = recur.Weekly
	case "month", "months":
		p.rep.freq = recur.Monthly
	case "year", "years":
		p.rep.freq = recur.Yearly
	case "weekday", "weekdays", "workday", "workdays":
		p.rep.freq, p.rep.days = recur.Weekly, workWeek()
	case "weekend", "weekends":
		p.rep.freq, p.rep.days = recur.Weekly, weekend()
	case "hour", "hours", "minute", "minutes":
		return phrase{}, errorf(ErrInvalidRepeat, "Repeating more often than daily is not supported.")
	default:
		days, n, _ := s.weekdays(j)
		if n == 0 {
			return phrase{}, nil
		}
		p.rep.freq, p.rep.days, p.to = recur.Weekly, days, j+n
		return p, nil
	}
	p.to = j + 1
	return p, nil
}

// nth reads "first" … "fourth", "1st" … "4th" and "last" at i.
func (s *scanner) nth(i int) (n, w int) {
	if v, ok := ordinalWord(s.ts.text(i)); ok {
		return v, 1
	}
	if v, ok := s.ts.num(i, 1); ok && v >= 1 && v <= 4 && isOrdinalSuffix(s.ts.text(i+1)) && s.ts.adj(i+1) {
		return v, 2
	}
	return 0, 0
}

// ofTheMonth returns how many tokens "of the month" (or "of every month",
// "of each month", "of month") takes at i, 0 when absent.
func (s *scanner) ofTheMonth(i int) int {
	if !s.ts.word(i, "of") {
		return 0
	}
	if s.ts.word(i+1, "month") {
		return 2
	}
	if s.ts.word(i+1, "the", "every", "each") && s.ts.word(i+2, "month") {
		return 3
	}
	return 0
}

// weekdays reads a list of days at i: "mon", "mon and wed", "tue, thu &
// sat", "mondays"; plural reports whether the first was plural.
func (s *scanner) weekdays(i int) (days []time.Weekday, n int, plural bool) {
	ts := s.ts
	d, plural, ok := weekdayWord(ts.text(i))
	if !ok {
		return nil, 0, false
	}
	days, n = []time.Weekday{d}, 1
	for {
		j := i + n
		if ts.punct(j, ",", "&", "/", "+") {
			j++
		}
		if ts.word(j, "and") {
			j++
		}
		d, _, ok := weekdayWord(ts.text(j))
		if j == i+n || !ok {
			return days, n, plural
		}
		days, n = append(days, d), j-i+1
	}
}

// matches reports whether the repetition can start on d: a weekly one on
// one of its days, a monthly nth weekday on such a day.
func (r repeatSpec) matches(d calendar.Date) bool {
	switch {
	case r.nth > 0:
		return d.Weekday() == r.days[0] && (d.D-1)/7+1 == r.nth
	case r.nth < 0:
		return d.Weekday() == r.days[0] && d.D+7 > calendar.DaysInMonth(d.Y, d.M)
	case r.freq == recur.Weekly && len(r.days) > 0:
		return slices.Contains(r.days, d.Weekday())
	}
	return true
}

// firstFrom returns the first day from d on that the repetition can start.
func (r repeatSpec) firstFrom(d calendar.Date) calendar.Date {
	for k := 0; k < 400 && !r.matches(d); k++ {
		d = d.AddDays(1)
	}
	return d
}

// rule writes the RRULE of the repetition for a series starting on start.
// A monthly rule from the 29th or 30th falls on the month's last day when
// the month is shorter; from the 31st, on every month's last day.
func (r repeatSpec) rule(start calendar.Date, weekStart time.Weekday) string {
	var b strings.Builder
	b.WriteString("FREQ=" + r.freq.String())
	if r.interval > 1 {
		b.WriteString(";INTERVAL=" + itoa(r.interval))
	}
	switch {
	case r.freq == recur.Weekly:
		days := r.days
		if len(days) == 0 {
			days = []time.Weekday{start.Weekday()}
		}
		codes := make([]string, len(days))
		for k, d := range days {
			codes[k] = dayCode(d)
		}
		b.WriteString(";BYDAY=" + strings.Join(codes, ","))
		if r.interval > 1 && weekStart != time.Monday {
			b.WriteString(";WKST=" + dayCode(weekStart))
		}
	case r.freq == recur.Monthly && r.nth != 0:
		b.WriteString(";BYDAY=" + itoa(r.nth) + dayCode(r.days[0]))
	case r.freq == recur.Monthly:
		b.WriteString(monthDays(start.D))
	}
	return b.String()
}

// monthDays returns the BYMONTHDAY part of a monthly rule from day d.
func monthDays(d int) string {
	switch {
	case d <= 28:
		return ";BYMONTHDAY=" + itoa(d)
	case d == 31:
		return ";BYMONTHDAY=-1"
	}
	days := make([]string, 0, 3)
	for k := 28; k <= d; k++ {
		days = append(days, itoa(k))
	}
	return ";BYMONTHDAY=" + strings.Join(days, ",") + ";BYSETPOS=-1"
}

// matchEnd reads how a repetition ends: "until Dec 31" (kUntil, also the
// last day of a single event: "Holiday Dec 24 until Dec 26") or "10 times".
func (s *scanner) matchEnd(i int) (phrase, error) {
	ts := s.ts
	if ts.word(i, "until", "till", "til", "through", "thru") {
		d, n, err := s.single(i + 1)
		if err != nil || n == 0 || d.first != d.last {
			return phrase{}, err
		}
		return phrase{kind: kUntil, from: i, to: i + 1 + n, first: d.first, last: d.first}, nil
	}
	j := i
	if ts.word(j, "for") {
		j++
	}
	n, w := s.amount(j)
	if w == 0 || !ts.word(j+1, "times") {
		return phrase{}, nil
	}
	if n < 1 || n > recur.MaxCount {
		return phrase{}, errorf(ErrInvalidRepeat, "Repeat from 1 to %d times.", recur.MaxCount)
	}
	return phrase{kind: kCount, from: i, to: j + 2, count: n}, nil
}
