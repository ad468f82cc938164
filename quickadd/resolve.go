package quickadd

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/recur"
)

// build turns the phrases of one text into a Result. When a kind of phrase
// is typed twice, the later one counts; the words of an unused phrase stay
// in the title.
type build struct {
	s    *scanner
	ps   []phrase
	used []bool // per phrase
	// indexes in ps of the phrases used for each part, -1 for none
	date, clock, dur, rep, until, count int
	first, last                         calendar.Date
	evening                             bool
	res                                 Result
}

// resolve builds the Result of the phrases.
func (s *scanner) resolve(ps []phrase) (Result, error) {
	b := &build{s: s, ps: ps, used: make([]bool, len(ps))}
	b.pick()
	if b.date < 0 && b.clock < 0 && b.rep < 0 && b.until < 0 {
		return Result{}, errorf(ErrNoDate, "Found no date or time in “%s”. Add one, like “tomorrow 13:00”, “fri 9:30-10:15”, “Dec 24” or “every mon”.", clip(s.src))
	}
	if err := b.days(); err != nil {
		return Result{}, err
	}
	b.times()
	if err := b.rule(); err != nil {
		return Result{}, err
	}
	b.text()
	b.res.loc, b.res.year = s.loc, s.today.Y
	if b.res.Title == "" {
		return b.res, errorf(ErrNoTitle, "Add what the event is, like “Lunch with Ann” before the date.")
	}
	return b.res, nil
}

// pick chooses the phrase for each part: the last one typed.
func (b *build) pick() {
	b.date, b.clock, b.dur, b.rep, b.until, b.count = -1, -1, -1, -1, -1, -1
	for k, p := range b.ps {
		switch p.kind {
		case kDate:
			b.date = k
		case kDateTime:
			b.date, b.clock = k, k
		case kTime:
			b.clock = k
		case kDuration:
			b.dur = k
		case kRepeat:
			b.rep = k
		case kUntil:
			b.until = k
		case kCount:
			b.count = k
		}
	}
}

// days settles the first and last day: the date typed (today when none),
// moved to the first day the repetition falls on, and extended by "until
// Dec 26" or "for 3 days".
func (b *build) days() error {
	b.first, b.last = b.s.today, b.s.today
	if b.date >= 0 {
		p := b.ps[b.date]
		b.first, b.last, b.evening = p.first, p.last, p.evening
		b.used[b.date] = true
	}
	if b.until >= 0 && b.rep < 0 {
		if u := b.ps[b.until].first; b.first == b.last && !u.Before(b.first) {
			b.last, b.used[b.until] = u, true
		}
	}
	if b.rep >= 0 {
		span := b.first.DaysUntil(b.last)
		b.first = b.ps[b.rep].rep.firstFrom(b.first)
		b.last = b.first.AddDays(span)
		b.used[b.rep] = true
	}
	timed := b.clock >= 0 || b.evening
	if b.dur >= 0 && b.ps[b.dur].days > 0 && !timed && b.first == b.last {
		b.last = b.first.AddDays(b.ps[b.dur].days - 1)
		b.used[b.dur] = true
	}
	if b.first.Y < MinYear || b.last.Y > MaxYear {
		return yearError()
	}
	if b.first.DaysUntil(b.last)+1 > MaxDays {
		return errorf(ErrInvalidDate, "An event can last at most ten years.")
	}
	return nil
}

// times settles the start and end instants. A wall-clock time is placed
// the way package calendar does: in a DST gap it moves forward by the gap,
// in a fall-back overlap it takes the earlier instant.
func (b *build) times() {
	loc := b.s.loc
	if b.clock < 0 && !b.evening {
		b.res.AllDay = true
		b.res.Start, b.res.End = b.first.Start(loc), b.last.AddDays(1).Start(loc)
		return
	}
	start, end, hasEnd := clock{h: 19}, clock{}, false // "tonight": 19:00
	var at time.Time
	if b.clock >= 0 {
		p := b.ps[b.clock]
		b.used[b.clock] = true
		start, end, hasEnd = p.start, p.end, p.hasEnd
		if p.kind == kDateTime {
			t := p.at.In(loc)
			at, start = p.at, clock{h: t.Hour(), m: t.Minute(), mer: true}
		}
	}
	if b.evening {
		start = start.evening()
		end = eveningEnd(start, end)
	}
	b.res.Start = b.first.At(start.h, start.m, loc)
	if !at.IsZero() && calendar.DateOf(at, loc) == b.first {
		b.res.Start = at.In(loc)
	}
	b.res.End = b.end(start, end, hasEnd)
	if b.res.End.Before(b.res.Start) {
		b.res.End = b.res.Start // an end in a DST gap that moved past the start
	}
}

// end returns the end of a timed event: the end time typed (the next day
// when it is before the start time), the start plus "for …", or the start
// plus DefaultDuration (on the last day of a range of days).
func (b *build) end(start, end clock, hasEnd bool) time.Time {
	loc := b.s.loc
	switch {
	case hasEnd:
		d := b.last
		if b.first == b.last && end.minutes() < start.minutes() {
			d = d.AddDays(1)
		}
		return d.At(end.h, end.m, loc)
	case b.dur >= 0 && b.ps[b.dur].minutes > 0:
		b.used[b.dur] = true
		return b.res.Start.Add(time.Duration(b.ps[b.dur].minutes) * time.Minute)
	case b.dur >= 0 && b.ps[b.dur].days > 0 && b.first == b.last:
		b.used[b.dur] = true
		return b.first.AddDays(b.ps[b.dur].days).At(start.h, start.m, loc)
	case b.first == b.last:
		return b.res.Start.Add(DefaultDuration)
	}
	return b.last.At(start.h, start.m, loc).Add(DefaultDuration)
}

// rule writes the canonical rule, with COUNT or UNTIL (a date: the series
// ends on that day in the user's zone), and checks that recur accepts it
// as a series from the start.
func (b *build) rule() error {
	if b.rep < 0 {
		return nil
	}
	text := b.ps[b.rep].rep.rule(b.first, b.s.weekStart)
	if b.count >= 0 {
		text += ";COUNT=" + itoa(b.ps[b.count].count)
		b.used[b.count] = true
	} else if b.until >= 0 {
		u := b.ps[b.until].first
		text += fmt.Sprintf(";UNTIL=%04d%02d%02d", u.Y, int(u.M), u.D)
		b.used[b.until] = true
	}
	rule, err := recur.Parse(text)
	if err == nil {
		_, err = recur.NewSeries(rule, b.res.Start, b.res.End, b.res.AllDay, b.s.loc, nil)
	}
	if err != nil {
		var re *recur.Error
		if errors.As(err, &re) {
			return errorf(ErrInvalidRepeat, "%s", re.Msg)
		}
		return errorf(ErrInvalidRepeat, "This repetition is not possible.")
	}
	b.res.Rule = rule.String()
	return nil
}

// text fills the title, the location and the parts understood.
func (b *build) text() {
	s := b.s
	covered := make([]bool, len(s.ts))
	for k, p := range b.ps {
		if p.kind == kPlace && p.to-p.from > 1 {
			b.res.Location = clean(s.src[s.ts[p.from+1].pos:s.ts[p.to-1].end])
			b.used[k] = b.res.Location != ""
		}
		if !b.used[k] {
			continue
		}
		for t := p.from; t < p.to; t++ {
			covered[t] = true
		}
		pos, end := s.ts[p.from].pos, s.ts[p.to-1].end
		b.res.Parts = append(b.res.Parts, Part{Kind: b.partKind(p), Text: s.src[pos:end], Pos: pos, End: end})
	}
	var runs []string
	for i := 0; i < len(s.ts); i++ {
		j := i
		for j < len(s.ts) && !covered[j] {
			j++
		}
		if j > i {
			runs = append(runs, s.src[s.ts[i].pos:s.ts[j-1].end])
			i = j
		}
	}
	b.res.Title = clean(strings.Join(runs, " "))
	for {
		head, last, ok := cutLastWord(b.res.Title)
		if !ok || !slices.Contains([]string{"on", "at", "from", "to", "until", "till", "by", "for"}, strings.ToLower(last)) {
			break
		}
		b.res.Title = clean(head) // "Move the party to" before "Dec 27"
	}
}

// cutLastWord splits off the last word of s.
func cutLastWord(s string) (head, last string, ok bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 {
		return "", s, s != ""
	}
	return s[:i], s[i+1:], true
}

func (b *build) partKind(p phrase) PartKind {
	switch p.kind {
	case kTime:
		return PartTime
	case kDuration:
		return PartDuration
	case kRepeat:
		return PartRepeat
	case kPlace:
		return PartPlace
	case kUntil, kCount:
		if b.rep >= 0 {
			return PartRepeatEnd
		}
	}
	return PartDate
}

// clean collapses white space and trims separators left at either end
// ("Lunch with Ann," before a date).
func clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,;:-–—·|/")
}
