package recur

import (
	"time"

	"github.com/eventcal/eventcal/calendar"
)

// SplitAt splits s at the occurrence whose recurrence id is rid, for a
// "this and following" edit: before is the rule of the old series, which
// keeps its start and now ends just before rid; after is the rule of a new
// series that starts at that occurrence. Together they yield exactly the
// occurrences of s.
//
//   - With COUNT=n, before gets COUNT=i, the number of occurrences before
//     rid (cancelled and overridden ones count, as they do in the original),
//     and after gets COUNT=n-i.
//   - Otherwise before ends with UNTIL at the previous occurrence: its start
//     in UTC (…Z) for a timed series, its date (YYYYMMDD) for an all-day one;
//     after keeps the original UNTIL, or none.
//
// rid must be an occurrence of s (ErrNotOccurrence), exceptions included,
// and not the first one (ErrSplitAtFirst: there "this and following" is the
// whole series — edit it instead). See Series.Split for whole series.
func SplitAt(s Series, rid time.Time) (before, after Rule, err error) {
	b, a, err := s.Split(rid)
	return b.Rule, a.Rule, err
}

// Split is SplitAt returning whole series: before is s with the shortened
// rule and the exceptions before rid; after starts at the occurrence rid
// (its original start, same duration, zone and all-day flag) and takes the
// exceptions from rid on, so overrides at or after rid should be moved to
// the new series. Its first occurrence, rid, is a date the rule matches, so
// the new series needs no DTSTART extra.
func (s Series) Split(rid time.Time) (before, after Series, err error) {
	p, err := s.plan()
	if err != nil {
		return Series{}, Series{}, err
	}
	rid = RecurrenceID(rid)
	o, ok := p.find(rid)
	if !ok {
		return Series{}, Series{}, errorf(ErrNotOccurrence, "That date is not an occurrence of the series.")
	}
	if !rid.After(RecurrenceID(p.start)) {
		return Series{}, Series{}, errorf(ErrSplitAtFirst, "That is the first occurrence: edit the whole series instead.")
	}
	before, after = s, s
	before.Exceptions, after.Exceptions = nil, nil
	for _, ex := range s.Exceptions {
		if RecurrenceID(ex).Before(rid) {
			before.Exceptions = append(before.Exceptions, ex)
		} else {
			after.Exceptions = append(after.Exceptions, ex)
		}
	}
	after.Start = o.Start
	if p.count > 0 {
		// COUNT rules are expanded from the start, so the index is known.
		before.Rule = s.Rule.withEnd(o.Index, time.Time{}, calendar.Date{})
		after.Rule = s.Rule.withEnd(p.count-o.Index, time.Time{}, calendar.Date{})
		return before, after, nil
	}
	prev, ok := p.lastBefore(o.Start, true)
	if !ok { // unreachable: rid is not the first occurrence
		return Series{}, Series{}, errorf(ErrNotOccurrence, "That date is not an occurrence of the series.")
	}
	if s.AllDay {
		before.Rule = s.Rule.withEnd(0, time.Time{}, calendar.DateOf(prev.Start, p.loc))
	} else {
		before.Rule = s.Rule.withEnd(0, prev.RecurrenceID, calendar.Date{})
	}
	after.Rule = s.Rule.withEnd(s.Rule.count, s.Rule.until, s.Rule.untilDate)
	return before, after, nil
}
