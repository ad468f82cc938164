package quickadd

import (
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// Years a date may have: those events accept (see events.MinEventYear).
const (
	MinYear = 1000
	MaxYear = 9998
)

// day is a date or a range of days as read by the date grammar.
type day struct {
	first, last calendar.Date
	evening     bool // "tonight"
	month       bool // written with a month: "Dec 24", "24 Dec", "24/12"
	yearSet     bool // the year was written
	weekday     bool // a weekday name: a range end after it is the next one
}

func oneDay(d calendar.Date) day { return day{first: d, last: d} }

// matchDate reads a date or a range of days at i, with an optional "on",
// "from" or "starting" before it.
func (s *scanner) matchDate(i int) (phrase, error) {
	j := i
	if s.ts.word(j, "on", "from", "starting", "beginning") {
		j++
	}
	d, n, err := s.dayMonthRange(j)
	if n == 0 && err == nil {
		d, n, err = s.single(j)
	}
	if err != nil || n == 0 {
		return phrase{}, err
	}
	k := j + n
	if s.ts.isDash(k) && d.first == d.last {
		last, m, err := s.rangeEnd(d, k+1)
		if err != nil {
			return phrase{}, err
		}
		if m > 0 {
			d.last, k = last, k+1+m
		}
	}
	return phrase{kind: kDate, from: i, to: k, first: d.first, last: d.last, evening: d.evening}, nil
}

// single reads one date (or "next week") at i.
func (s *scanner) single(i int) (day, int, error) {
	forms := []func(int) (day, int, error){
		s.dayWord, s.weekdayDate, s.isoDate, s.numericDate, s.monthFirst, s.dayFirst, s.ordinalDay,
	}
	for _, f := range forms {
		if d, n, err := f(i); err != nil || n > 0 {
			return d, n, err
		}
	}
	return day{}, 0, nil
}

// dayWord reads today, tonight, tomorrow and yesterday.
func (s *scanner) dayWord(i int) (day, int, error) {
	switch s.ts.text(i) {
	case "today":
		return oneDay(s.today), 1, nil
	case "tonight":
		d := oneDay(s.today)
		d.evening = true
		return d, 1, nil
	case "tomorrow", "tmrw", "tmr":
		return oneDay(s.today.AddDays(1)), 1, nil
	case "yesterday":
		return oneDay(s.today.AddDays(-1)), 1, nil
	}
	return day{}, 0, nil
}

// weekdayDate reads "fri" and "this fri" (the next Friday, today
// included), "next fri" (Friday of next week, weeks starting on the
// user's week start) and "next week" (all of it).
func (s *scanner) weekdayDate(i int) (day, int, error) {
	ts := s.ts
	next := ts.word(i, "next")
	j := i
	if next || ts.word(i, "this") {
		j++
	}
	nextWeek := calendar.WeekRange(s.today, s.weekStart).To
	if next && ts.word(j, "week") {
		return day{first: nextWeek, last: nextWeek.AddDays(6)}, 2, nil
	}
	wd, plural, ok := weekdayWord(ts.text(j))
	if !ok || plural || ts[j].kind != tWord {
		return day{}, 0, nil
	}
	from := s.today
	if next {
		from = nextWeek
	}
	d := oneDay(onOrAfter(from, wd))
	d.weekday = true
	return d, j - i + 1, nil
}

// onOrAfter returns the first day on or after d that is a wd.
func onOrAfter(d calendar.Date, wd time.Weekday) calendar.Date {
	return d.AddDays((int(wd) - int(d.Weekday()) + 7) % 7)
}

// isoDate reads 2026-12-24.
func (s *scanner) isoDate(i int) (day, int, error) {
	ts := s.ts
	y, ok := ts.num(i, 4)
	if !ok || len(ts.text(i)) != 4 || !ts.punct(i+1, "-") || !ts.adj(i+1) || !ts.adj(i+2) ||
		!ts.punct(i+3, "-") || !ts.adj(i+3) || !ts.adj(i+4) {
		return day{}, 0, nil
	}
	m, ok1 := ts.num(i+2, 2)
	d, ok2 := ts.num(i+4, 2)
	if !ok1 || !ok2 {
		return day{}, 0, nil
	}
	date, err := s.exact(y, m, d, s.src[ts[i].pos:ts[i+4].end])
	return day{first: date, last: date, month: true, yearSet: true}, 5, err
}

// numericDate reads day/month[/year] and day.month.[year]: the day comes
// first, as in "24/12" and "24.12.2026". A year of two digits is 20yy.
func (s *scanner) numericDate(i int) (day, int, error) {
	ts := s.ts
	d, ok := ts.num(i, 2)
	sep := ts.text(i + 1)
	if !ok || (sep != "/" && sep != ".") || !ts.punct(i+1, sep) || !ts.adj(i+1) || !ts.adj(i+2) {
		return day{}, 0, nil
	}
	m, ok := ts.num(i+2, 2)
	if !ok {
		return day{}, 0, nil
	}
	n, y := 3, 0
	if ts.punct(i+3, sep) && ts.adj(i+3) {
		n = 4
		if yy, ok := ts.num(i+4, 4); ok && ts.adj(i+4) && len(ts.text(i+4))%2 == 0 {
			n, y = 5, yy
			if yy < 100 {
				y = 2000 + yy
			}
		}
	}
	if sep == "." && n == 3 {
		return day{}, 0, nil // "9.30" is no date; "24.12." is
	}
	text := s.src[ts[i].pos:ts[i+n-1].end]
	if m < 1 || m > 12 {
		if m <= 31 && d >= 1 && d <= 12 {
			return day{}, 0, errorf(ErrInvalidDate, "%q is not a date: write the day first, like %d%s%d.", text, m, sep, d)
		}
		return day{}, 0, errorf(ErrInvalidDate, "%q is not a date: there is no month %d.", text, m)
	}
	return s.monthDay(y, time.Month(m), d, n, text)
}

// monthFirst reads "Dec 24", "December 24th" and "Dec 24, 2027".
func (s *scanner) monthFirst(i int) (day, int, error) {
	ts := s.ts
	m, ok := monthWord(ts.text(i))
	if !ok || ts[i].kind != tWord {
		return day{}, 0, nil
	}
	j := i + 1
	if ts.punct(j, ".") && ts.adj(j) {
		j++
	}
	d, n := s.dayNumber(j)
	if n == 0 || ts.punct(j+n, ":") {
		return day{}, 0, nil
	}
	j += n
	y, yn, err := s.year(j)
	if err != nil {
		return day{}, 0, err
	}
	j += yn
	return s.monthDay(y, m, d, j-i, s.src[ts[i].pos:ts[j-1].end])
}

// dayFirst reads "24 Dec", "24th of December" and "24 Dec 2027".
func (s *scanner) dayFirst(i int) (day, int, error) {
	ts := s.ts
	j := i
	if ts.word(j, "the") {
		j++
	}
	d, n := s.dayNumber(j)
	if n == 0 {
		return day{}, 0, nil
	}
	j += n
	if ts.word(j, "of") {
		j++
	}
	m, ok := monthWord(ts.text(j))
	if !ok || ts[j].kind != tWord {
		return day{}, 0, nil
	}
	j++
	if ts.punct(j, ".") && ts.adj(j) {
		j++
	}
	y, yn, err := s.year(j)
	if err != nil {
		return day{}, 0, err
	}
	j += yn
	return s.monthDay(y, m, d, j-i, s.src[ts[i].pos:ts[j-1].end])
}

// ordinalDay reads "the 24th": the next 24th of a month, today included.
func (s *scanner) ordinalDay(i int) (day, int, error) {
	ts := s.ts
	j := i
	if ts.word(j, "the") {
		j++
	}
	d, n := s.dayNumber(j)
	if n != 2 {
		return day{}, 0, nil
	}
	for k := 0; k < 12; k++ {
		m := s.today.FirstOfMonth().AddMonths(k)
		date := calendar.Date{Y: m.Y, M: m.M, D: d}
		if date.Valid() && !date.Before(s.today) {
			return oneDay(date), j + n - i, nil
		}
	}
	return day{}, 0, nil
}

// dayNumber reads a day of the month, 1 to 31, with an optional "th":
// n is 1 without the suffix, 2 with it.
func (s *scanner) dayNumber(i int) (d, n int) {
	d, ok := s.ts.num(i, 2)
	if !ok || d < 1 || d > 31 {
		return 0, 0
	}
	if isOrdinalSuffix(s.ts.text(i+1)) && s.ts.adj(i+1) {
		return d, 2
	}
	if s.ts.adj(i+1) && s.ts[i+1].kind == tWord {
		return 0, 0 // "5pm", "3x"
	}
	return d, 1
}

// year reads an optional year after a day and month: ", 2027" or "2027".
func (s *scanner) year(i int) (y, n int, err error) {
	ts := s.ts
	j := i
	if ts.punct(j, ",") {
		j++
	}
	v, ok := ts.num(j, 4)
	if !ok || len(ts.text(j)) != 4 || ts.punct(j+1, ":") {
		return 0, 0, nil
	}
	if v < MinYear || v > MaxYear {
		return 0, 0, yearError()
	}
	return v, j - i + 1, nil
}

func yearError() error {
	return errorf(ErrInvalidDate, "Use a year between %d and %d.", MinYear, MaxYear)
}

// monthDay resolves day d of month m: in year y, or when y is 0 on its
// next occurrence from today (today included).
func (s *scanner) monthDay(y int, m time.Month, d, n int, text string) (day, int, error) {
	out := day{month: true, yearSet: y != 0}
	if y != 0 {
		date, err := s.exact(y, int(m), d, text)
		out.first, out.last = date, date
		return out, n, err
	}
	if d > calendar.DaysInMonth(2024, m) {
		return day{}, 0, errorf(ErrInvalidDate, "There is no %d %s.", d, m)
	}
	for y := s.today.Y; y <= s.today.Y+8; y++ {
		date := calendar.Date{Y: y, M: m, D: d}
		if date.Valid() && !date.Before(s.today) {
			out.first, out.last = date, date
			return out, n, nil
		}
	}
	return day{}, 0, yearError()
}

// exact checks that y-m-d is a date within the accepted years.
func (s *scanner) exact(y, m, d int, text string) (calendar.Date, error) {
	if y < MinYear || y > MaxYear {
		return calendar.Date{}, yearError()
	}
	date := calendar.Date{Y: y, M: time.Month(m), D: d}
	if m < 1 || m > 12 || !date.Valid() {
		return calendar.Date{}, errorf(ErrInvalidDate, "%q is not a date.", text)
	}
	return date, nil
}

// dayMonthRange reads "24-26 Dec" and "24th to 26th December 2027". Like
// every range it starts on the next occurrence of its first day.
func (s *scanner) dayMonthRange(i int) (day, int, error) {
	ts := s.ts
	d1, n1 := s.dayNumber(i)
	if n1 == 0 || !ts.isDash(i+n1) {
		return day{}, 0, nil
	}
	j := i + n1 + 1
	d2, n2 := s.dayNumber(j)
	if n2 == 0 {
		return day{}, 0, nil
	}
	end, n, err := s.dayFirst(j)
	if err != nil || n == 0 {
		return day{}, 0, err
	}
	text := s.src[ts[i].pos:ts[j+n-1].end]
	y := 0
	if end.yearSet {
		y = end.first.Y
	}
	start, _, err := s.monthDay(y, end.first.M, d1, 0, text)
	if err != nil {
		return day{}, 0, err
	}
	last := calendar.Date{Y: start.first.Y, M: start.first.M, D: d2}
	if !last.Valid() || last.Before(start.first) {
		return day{}, 0, errorf(ErrInvalidDate, "%q is not a range of dates.", text)
	}
	return day{first: start.first, last: last, month: true, yearSet: end.yearSet}, j + n - i, nil
}

// rangeEnd reads the end of a range that starts with d, after the dash at
// i-1: a day of the same month ("Dec 24-26") or a date of its own ("Dec
// 30 - Jan 2", "mon-wed"); n is 0 when nothing there ends a range.
func (s *scanner) rangeEnd(d day, i int) (calendar.Date, int, error) {
	ts := s.ts
	if dn, n := s.dayNumber(i); n > 0 && d.month {
		_, isMonth := monthWord(ts.text(i + n))
		if !isMonth && !ts.punct(i+n, ":", "/", ".") && !s.isMeridiem(i+n) {
			last := calendar.Date{Y: d.first.Y, M: d.first.M, D: dn}
			if !last.Valid() || last.Before(d.first) {
				return calendar.Date{}, 0, errorf(ErrInvalidDate,
					"A range from %d %s cannot end on day %d.", d.first.D, d.first.M, dn)
			}
			return last, n, nil
		}
	}
	e, n, err := s.single(i)
	if err != nil || n == 0 || e.first != e.last {
		return calendar.Date{}, 0, err
	}
	last := e.first
	switch {
	case e.weekday:
		last = onOrAfter(d.first, e.first.Weekday())
	case e.month && !e.yearSet:
		last = calendar.Date{Y: d.first.Y, M: e.first.M, D: e.first.D}
		if !last.Valid() || last.Before(d.first) {
			last.Y++
		}
	}
	if !last.Valid() || last.Before(d.first) {
		return calendar.Date{}, 0, errorf(ErrInvalidDate, "The range ends on %s, before it starts.", last)
	}
	return last, n, nil
}

// matchRelative reads "in 3 days", "in a week", "in 2 months" (a date) and
// "in 2 hours", "in 30 minutes" (a time from now).
func (s *scanner) matchRelative(i int) phrase {
	if !s.ts.word(i, "in") {
		return phrase{}
	}
	n, w := s.amount(i + 1)
	u, ok := unitWord(s.ts.text(i + 1 + w))
	if w == 0 || !ok || n > 9999 {
		return phrase{}
	}
	p := phrase{kind: kDate, from: i, to: i + 2 + w}
	var d calendar.Date
	switch u {
	case unitMinute, unitHour:
		step := time.Minute
		if u == unitHour {
			step = time.Hour
		}
		p.kind, p.at = kDateTime, s.now.Add(time.Duration(n)*step).Truncate(time.Minute)
		d = calendar.DateOf(p.at, s.loc)
	case unitDay:
		d = s.today.AddDays(n)
	case unitWeek:
		d = s.today.AddDays(7 * n)
	case unitMonth:
		d = s.today.AddMonths(n)
	case unitYear:
		d = s.today.AddMonths(12 * n)
	}
	p.first, p.last = d, d
	return p
}

// amount reads a count: "3", "a", "two"; w is the tokens it took.
func (s *scanner) amount(i int) (n, w int) {
	if v, ok := s.ts.num(i, 4); ok {
		return v, 1
	}
	if v, ok := numberWord(s.ts.text(i)); ok && s.ts[i].kind == tWord {
		return v, 1
	}
	return 0, 0
}

// itoa is strconv.Itoa, short.
func itoa(n int) string { return strconv.Itoa(n) }
