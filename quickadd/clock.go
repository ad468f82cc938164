package quickadd

// clock is a time of day as typed.
type clock struct {
	h, m int
	mer  bool // am or pm was written (or taken from the other end of a range)
	bare bool // an hour alone: no minutes, no am/pm
}

func (c clock) minutes() int { return c.h*60 + c.m }

// afternoon reads a bare hour from 1 to 7 as afternoon: "at 5" is 17:00,
// "1-2" is 13:00–14:00 (nobody means 1 at night without saying so).
func (c clock) afternoon() clock {
	if c.bare && c.h >= 1 && c.h <= 7 {
		c.h += 12
	}
	return c
}

// evening reads a time without am/pm before noon as evening ("tonight 8").
func (c clock) evening() clock {
	if !c.mer && c.h >= 1 && c.h < 12 {
		c.h += 12
	}
	return c
}

// eveningEnd reads the end of an evening range without am/pm as the first
// of its two readings after start: "tonight 11-1" ends at 01:00,
// "tonight 9:30-11" at 23:00.
func eveningEnd(start, end clock) clock {
	if end.mer {
		return end
	}
	a, b := end, end
	a.h, b.h = end.h%12, end.h%12+12
	after := func(c clock) int { return ((c.minutes()-start.minutes())%1440 + 1440) % 1440 }
	if after(a) > 0 && (after(a) < after(b) || after(b) == 0) {
		return a
	}
	return b
}

// clockAt reads a time of day at i: "13:00", "9:30", "1pm", "1:30 p.m.",
// "noon", or a bare hour "9"; n is the tokens it took, 0 for none.
func (s *scanner) clockAt(i int) (c clock, n int) {
	ts := s.ts
	if ts.word(i, "noon", "midday") {
		return clock{h: 12, mer: true}, 1
	}
	h, ok := ts.num(i, 2)
	if !ok || h > 23 {
		return clock{}, 0
	}
	c, n = clock{h: h, bare: true}, 1
	if ts.punct(i+1, ":") && ts.adj(i+1) && ts.adj(i+2) {
		m, ok := ts.num(i+2, 2)
		if !ok || len(ts.text(i+2)) != 2 || m > 59 {
			return clock{}, 0
		}
		c.m, c.bare, n = m, false, 3
	}
	if pm, w := s.meridiem(i + n); w > 0 {
		if h < 1 || h > 12 {
			return clock{}, 0
		}
		c.h = h % 12
		if pm {
			c.h += 12
		}
		c.mer, c.bare, n = true, false, n+w
	}
	// A number glued to more digits is no time: "9:30:00", "10.12", "1/2".
	if ts.adj(i+n) && (ts[i+n].kind == tNum || ts[i+n].kind == tWord ||
		ts.punct(i+n, ":", "/", ".") && ts.adj(i+n+1) && ts[i+n+1].kind == tNum) {
		return clock{}, 0
	}
	return c, n
}

// isMeridiem reports whether am or pm is written at i.
func (s *scanner) isMeridiem(i int) bool {
	_, w := s.meridiem(i)
	return w > 0
}

// meridiem reads "am", "pm", "a.m." or "p.m." at i; w is the tokens it took.
func (s *scanner) meridiem(i int) (pm bool, w int) {
	ts := s.ts
	switch {
	case ts.word(i, "am"):
		return false, 1
	case ts.word(i, "pm"):
		return true, 1
	case ts.word(i, "a", "p") && ts.punct(i+1, ".") && ts.word(i+2, "m") && ts.adj(i+1) && ts.adj(i+2):
		w = 3
		if ts.punct(i+3, ".") && ts.adj(i+3) {
			w = 4
		}
		return ts.text(i) == "p", w
	}
	return false, 0
}

// matchTime reads a time or a range of times at i: "13:00", "at 5pm",
// "9:30-10:15", "1-2pm", "from 9 to 10", "9am until 5pm". A bare hour is
// a time only after "at" or "tonight", or in a range.
func (s *scanner) matchTime(i int) phrase {
	ts := s.ts
	at := ts.word(i, "at") || ts.punct(i, "@")
	j := i
	if at || ts.word(i, "from") {
		j++
	}
	c1, n1 := s.clockAt(j)
	if n1 == 0 {
		return phrase{}
	}
	k := j + n1
	if ts.isDash(k) || ts.word(k, "until", "till", "til") {
		c2, n2 := s.clockAt(k + 1)
		if n2 > 0 && (j > i || ts.punct(k, "-") || !c1.bare || !c2.bare) {
			bare := j == i && c1.bare && c2.bare
			c1, c2 = pair(c1, c2)
			// "3-1" alone is a score, not a night: two bare hours must go forward.
			if !bare || c2.minutes() > c1.minutes() {
				return phrase{kind: kTime, from: i, to: k + 1 + n2, start: c1, end: c2, hasEnd: true}
			}
		}
	}
	if !c1.bare || at || ts.word(i-1, "tonight") {
		return phrase{kind: kTime, from: i, to: k, start: c1.afternoon()}
	}
	return phrase{}
}

// pair settles the two ends of a time range: "1-2pm" is 13:00–14:00,
// "11-1pm" 11:00–13:00, "9am-5" and "9:30-5:30" end in the afternoon,
// "22:00-1:00" ends the next day.
func pair(a, b clock) (clock, clock) {
	if b.mer && !a.mer && a.h >= 1 && a.h <= 12 {
		h := a.h % 12
		if b.h >= 12 {
			h += 12
		}
		if h <= b.h {
			a.h = h
		}
		a.mer, a.bare = true, false
	}
	a = a.afternoon()
	if !b.mer && b.h >= 1 && b.h < 12 && b.h <= a.h && b.h+12 > a.h {
		b.h += 12
	}
	b.bare = false
	return a, b
}

// MaxDays is the most days an event may cover (events.MaxEventDays).
const MaxDays = 3653

// matchDuration reads how long the event lasts: "for 2 hours", "for 90
// min", "for 1h30", "for half an hour", "for 3 days", "for a week".
func (s *scanner) matchDuration(i int) phrase {
	ts := s.ts
	if !ts.word(i, "for") {
		return phrase{}
	}
	j := i + 1
	if ts.word(j, "half") && ts.word(j+1, "an", "a") && ts.word(j+2, "hour") {
		return phrase{kind: kDuration, from: i, to: j + 3, minutes: 30}
	}
	n, w := s.amount(j)
	u, ok := unitWord(ts.text(j + w))
	if w == 0 || !ok {
		return phrase{}
	}
	p := phrase{kind: kDuration, from: i, to: j + w + 1}
	switch u {
	case unitMinute:
		p.minutes = n
	case unitHour:
		p.minutes = 60 * n
		if m, ok := ts.num(p.to, 2); ok && ts.adj(p.to) && m < 60 {
			p.minutes, p.to = p.minutes+m, p.to+1 // "1h30"
		}
	case unitDay:
		p.days = n
	case unitWeek:
		p.days = 7 * n
	default:
		return phrase{}
	}
	if p.minutes > MaxDays*24*60 || p.days > MaxDays || p.minutes+p.days == 0 {
		return phrase{}
	}
	return p
}
