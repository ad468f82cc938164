package ical

import (
	"strconv"
	"strings"
	"time"

	goical "github.com/emersion/go-ical"

	"github.com/eventcal/eventcal/calendar"
)

// when is a DATE or DATE-TIME value read.
type when struct {
	isDate   bool
	date     calendar.Date // the DATE
	floating time.Time     // the wall-clock reading on a UTC clock (DATE-TIME)
	utc      bool          // ends in Z
	instant  time.Time     // where it is (DATE-TIME), or the DATE's start in the user's zone
	loc      *time.Location
	file     *fileZone // the TZID is known only through the file's VTIMEZONE
	tzid     string
}

// zone is where the value's wall clock runs (for DURATION arithmetic).
func (w when) zone() *time.Location {
	if w.loc != nil {
		return w.loc
	}
	return time.UTC
}

// when reads value (of property p, whose TZID applies) as a DATE or
// DATE-TIME. A non-empty reason says why it cannot be read.
func (d *decoder) when(p *goical.Prop, value string) (when, string) {
	v := strings.TrimSpace(value)
	w, ok := parseWhenValue(v)
	if !ok {
		return w, "the date " + strconv.Quote(clipText(v, 40)) + " is not valid."
	}
	if w.isDate {
		if !yearOK(w.date) {
			return w, "the date " + strconv.Quote(v) + " is out of range."
		}
		w.instant = w.date.Start(d.loc)
		return w, ""
	}
	if !yearOK(calendar.DateOf(w.floating, time.UTC)) {
		return w, "the date " + strconv.Quote(v) + " is out of range."
	}
	switch tzid := p.Params.Get(goical.ParamTimezoneID); {
	case w.utc:
		w.loc, w.instant = time.UTC, w.floating
	case tzid != "":
		w.tzid = tzid
		z := d.resolveZone(tzid)
		switch {
		case z.loc != nil:
			w.loc = z.loc
			w.instant, _ = calendar.ParseLocal(w.floating.Format("2006-01-02T15:04:05"), z.loc)
		case z.file != nil:
			w.file = z.file
			w.instant = z.file.instant(w.floating)
		default:
			return w, "the time zone " + strconv.Quote(clipText(tzid, 60)) + " is not known and the file does not describe it."
		}
	default: // floating: the user's zone
		w.loc = d.loc
		w.instant, _ = calendar.ParseLocal(w.floating.Format("2006-01-02T15:04:05"), d.loc)
	}
	return w, ""
}

// parseWhenValue parses YYYYMMDD, YYYYMMDDTHHMMSS or YYYYMMDDTHHMMSSZ.
func parseWhenValue(v string) (when, bool) {
	var w when
	if len(v) < 8 || !digits(v[:8]) {
		return w, false
	}
	d, err := calendar.ParseDate(v[0:4] + "-" + v[4:6] + "-" + v[6:8])
	if err != nil {
		return w, false
	}
	switch {
	case len(v) == 8:
		w.isDate, w.date = true, d
		return w, true
	case len(v) == 15 || (len(v) == 16 && (v[15] == 'Z' || v[15] == 'z')):
		if v[8] != 'T' && v[8] != 't' || !digits(v[9:15]) {
			return w, false
		}
		hh, _ := strconv.Atoi(v[9:11])
		mm, _ := strconv.Atoi(v[11:13])
		ss, _ := strconv.Atoi(v[13:15])
		if hh > 23 || mm > 59 || ss > 60 {
			return w, false
		}
		ss = min(ss, 59) // a leap second
		w.floating = time.Date(d.Y, d.M, d.D, hh, mm, ss, 0, time.UTC)
		w.date = d
		w.utc = len(v) == 16
		return w, true
	}
	return w, false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func yearOK(d calendar.Date) bool { return d.Y >= MinYear && d.Y <= MaxYear }

// parseDuration reads a dur-value ([+-]P[nW][nD][T[nH][nM][nS]]) as days
// (nominal) and an exact part. A week with days (P1W2D), which RFC 5545
// does not allow but files have, is read as their sum.
func parseDuration(v string) (days int, exact time.Duration, ok bool) {
	s := strings.ToUpper(strings.TrimSpace(v))
	neg := false
	switch {
	case strings.HasPrefix(s, "-"):
		neg, s = true, s[1:]
	case strings.HasPrefix(s, "+"):
		s = s[1:]
	}
	if !strings.HasPrefix(s, "P") || len(s) < 3 {
		return 0, 0, false
	}
	s = s[1:]
	inTime, n, any, last := false, 0, false, 0
	const limit = 1_000_000
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
			if n > limit {
				return 0, 0, false
			}
			continue
		case c == 'T' && !inTime && (i == 0 || s[i-1] > '9'):
			inTime = true
			continue
		}
		// Each designator once, in the order W D H M S (which keeps the
		// sum bounded).
		rank := strings.IndexByte("WDHMS", c) + 1
		if i == 0 || s[i-1] < '0' || s[i-1] > '9' || rank <= last {
			return 0, 0, false
		}
		switch {
		case c == 'W' && !inTime:
			days += 7 * n
		case c == 'D' && !inTime:
			days += n
		case c == 'H' && inTime:
			exact += time.Duration(n) * time.Hour
		case c == 'M' && inTime:
			exact += time.Duration(n) * time.Minute
		case c == 'S' && inTime:
			exact += time.Duration(n) * time.Second
		default:
			return 0, 0, false
		}
		n, any, last = 0, true, rank
	}
	if !any || n != 0 || s[len(s)-1] == 'T' {
		return 0, 0, false
	}
	if neg {
		days, exact = -days, -exact
	}
	return days, exact, true
}
