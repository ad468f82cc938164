package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidLocal is wrapped by the errors of ParseLocal.
var ErrInvalidLocal = errors.New("calendar: invalid local date-time")

// ParseLocal parses form input as a wall-clock time in loc. It accepts
// YYYY-MM-DDTHH:MM, optionally followed by :SS and a .fraction of 1-9
// digits (as sent by <input type="datetime-local">; a space may replace the
// T), and a plain YYYY-MM-DD (for all-day events), which yields the start of
// that day (see Date.Start).
//
// A time inside a DST gap resolves forward by the size of the gap (02:30 on
// 2025-03-30 in Europe/Berlin becomes 03:30 CEST); an ambiguous time in a
// fall-back overlap resolves to the earlier instant.
func ParseLocal(s string, loc *time.Location) (time.Time, error) {
	loc = orUTC(loc)
	d, hh, mm, ss, ns, hasTime, ok := parseLocal(s)
	if !ok {
		return time.Time{}, fmt.Errorf("%w %q (want YYYY-MM-DDTHH:MM or YYYY-MM-DD)", ErrInvalidLocal, clip(s))
	}
	if !hasTime {
		return d.Start(loc), nil
	}
	t, _, _ := resolveLocal(d, hh, mm, ss, ns, loc)
	return t, nil
}

func parseLocal(s string) (d Date, hh, mm, ss, ns int, hasTime, ok bool) {
	if len(s) < 10 {
		return
	}
	if d, ok = parseDate(s[:10]); !ok {
		return
	}
	if len(s) == 10 {
		return d, 0, 0, 0, 0, false, true
	}
	ok = false
	rest := s[10:]
	if len(rest) < 6 || (rest[0] != 'T' && rest[0] != 't' && rest[0] != ' ') || rest[3] != ':' {
		return
	}
	var ok1, ok2 bool
	hh, ok1 = atoi(rest[1:3])
	mm, ok2 = atoi(rest[4:6])
	if !ok1 || !ok2 || hh > 23 || mm > 59 {
		return
	}
	rest = rest[6:]
	if rest != "" {
		if len(rest) < 3 || rest[0] != ':' {
			return
		}
		if ss, ok1 = atoi(rest[1:3]); !ok1 || ss > 59 {
			return
		}
		rest = rest[3:]
		if rest != "" {
			frac := rest[1:]
			if rest[0] != '.' || len(frac) < 1 || len(frac) > 9 {
				return
			}
			if ns, ok1 = atoi(frac); !ok1 {
				return
			}
			for i := len(frac); i < 9; i++ {
				ns *= 10
			}
		}
	}
	return d, hh, mm, ss, ns, true, true
}

// FormatLocalInput formats t in loc as YYYY-MM-DDTHH:MM, the value format of
// <input type="datetime-local">. The zero time formats as "".
func FormatLocalInput(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(orUTC(loc)).Format("2006-01-02T15:04")
}
