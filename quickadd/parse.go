package quickadd

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/eventcal/eventcal/calendar"
)

// MaxLen is the longest text Parse reads, in characters.
const MaxLen = 500

// DefaultDuration is the length of a timed event typed without an end.
const DefaultDuration = time.Hour

// PartKind names what a Part of the text was understood as.
type PartKind string

// The kinds of Part.
const (
	PartDate      PartKind = "date"
	PartTime      PartKind = "time"
	PartDuration  PartKind = "duration"
	PartRepeat    PartKind = "repeat"
	PartRepeatEnd PartKind = "repeat end"
	PartPlace     PartKind = "place"
)

// Part is one phrase of the text that was understood: Text is as typed,
// text[Pos:End] in the input.
type Part struct {
	Kind     PartKind
	Text     string
	Pos, End int
}

// Result is the event a line of text describes.
type Result struct {
	Title    string
	Start    time.Time // in the user's zone
	End      time.Time // exclusive; for all-day: 00:00 after the last day
	AllDay   bool
	Location string
	Rule     string // canonical RRULE (recur.Parse accepts it), "" for none
	Parts    []Part // what was understood, in the order typed

	loc  *time.Location
	year int // the current year, left out of the summary
}

// scanner reads phrases from the tokens of one text.
type scanner struct {
	ts        tokens
	src       string
	now       time.Time
	today     calendar.Date
	loc       *time.Location
	weekStart time.Weekday
}

// kind is what a phrase says.
type kind uint8

const (
	kDate     kind = iota + 1 // a day or a range of days
	kDateTime                 // an instant: "in 2 hours"
	kTime                     // a time or a range of times
	kDuration                 // "for 2 hours"
	kRepeat                   // "every …"
	kUntil                    // "until Dec 31"
	kCount                    // "10 times"
	kPlace                    // "at Main St 5"
)

// phrase is one understood phrase: tokens [from, to) and what they say.
type phrase struct {
	kind          kind
	from, to      int
	first, last   calendar.Date // kDate, kDateTime, kUntil
	evening       bool          // kDate: "tonight"
	at            time.Time     // kDateTime
	start, end    clock         // kTime
	hasEnd        bool          // kTime
	minutes, days int           // kDuration
	rep           repeatSpec    // kRepeat
	count         int           // kCount
}

// Parse turns one line of English into an event, in the user's zone loc
// (nil is UTC), at instant now, with weeks starting on weekStart (it
// decides "next fri" and "next week"). Errors are *Error; on ErrNoTitle the
// Result still holds what was understood.
func Parse(text string, now time.Time, loc *time.Location, weekStart time.Weekday) (Result, error) {
	if loc == nil {
		loc = time.UTC
	}
	if weekStart < time.Sunday || weekStart > time.Saturday {
		weekStart = time.Monday
	}
	text = strings.TrimSpace(text)
	if err := checkText(text); err != nil {
		return Result{}, err
	}
	s := &scanner{
		ts: lex(text), src: text, now: now.In(loc), loc: loc, weekStart: weekStart,
		today: calendar.DateOf(now, loc),
	}
	ps, err := s.scan()
	if err != nil {
		return Result{}, err
	}
	return s.resolve(ps)
}

// checkText refuses text that is empty, too long or not text.
func checkText(text string) error {
	switch {
	case text == "":
		return errorf(ErrEmpty, "Type what and when, like “Lunch with Ann tomorrow 13:00”.")
	case len(text) > 4*MaxLen || utf8.RuneCountInString(text) > MaxLen:
		return errorf(ErrTooLong, "Use at most %d characters.", MaxLen)
	case !utf8.ValidString(text):
		return errorf(ErrInvalidText, "This contains characters that are not valid text.")
	}
	for _, r := range text {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return errorf(ErrInvalidText, "This contains control characters; remove them.")
		}
	}
	return nil
}

// scan reads the phrases left to right, the longest at each token. The
// first "at" (or "@") not followed by a time opens the place, which takes
// the words up to the next phrase.
func (s *scanner) scan() ([]phrase, error) {
	var out []phrase
	place := -1 // index in out of the open place
	havePlace := false
	for i := 0; i < len(s.ts); {
		p, err := s.match(i)
		if err != nil {
			return nil, err
		}
		switch {
		case p.to > i:
			out = append(out, p)
			place, i = -1, p.to
			continue
		case place >= 0:
			out[place].to = i + 1
		case !havePlace && (s.ts.word(i, "at") || s.ts.punct(i, "@")) && i+1 < len(s.ts):
			out = append(out, phrase{kind: kPlace, from: i, to: i + 1})
			place, havePlace = len(out)-1, true
		}
		i++
	}
	return out, nil
}

// match returns the longest phrase at i (to = 0 for none). An error is
// returned only when nothing could be read there.
func (s *scanner) match(i int) (phrase, error) {
	var best phrase
	var firstErr error
	try := func(p phrase, err error) {
		if err != nil && firstErr == nil {
			firstErr = err
		}
		if err == nil && p.to > best.to {
			best = p
		}
	}
	try(s.matchRepeat(i))
	try(s.matchDate(i))
	try(s.matchRelative(i), nil)
	try(s.matchTime(i), nil)
	try(s.matchDuration(i), nil)
	try(s.matchEnd(i))
	if best.to == 0 && firstErr != nil {
		return phrase{}, firstErr
	}
	return best, nil
}
