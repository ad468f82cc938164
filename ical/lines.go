package ical

import (
	"bytes"
	"strings"

	goical "github.com/emersion/go-ical"
)

// contentLine is a content line (unfolded) split as the library splits it.
type contentLine struct {
	name     string // upper case
	params   int    // how many parameters it has
	kept     []byte // the parameters eventcal reads (TZID, VALUE, RANGE as written; RELATED normalized)
	longKept bool   // one of those has a value longer than maxKeptParamBytes
	value    []byte
}

// splitLine reads a content line as the library does, but strictly: a
// name of letters, digits and '-', parameters NAME=value[,value...] with
// names alike and values quoted or free of '"', ';', ':' and ',' (and of
// control characters but tab), then ':' and the value. ok is false for any
// other line.
//
// Only the parameters eventcal reads are kept for the library: its parser
// builds a parameter value a byte at a time (time quadratic in its
// length), and the others (long Apple map handles, say) are of no use here.
func splitLine(line []byte) (cl contentLine, ok bool) {
	i := bytes.IndexAny(line, ";:")
	if i < 0 || !isToken(line[:i]) {
		return cl, false
	}
	cl.name = strings.ToUpper(string(line[:i]))
	rest := line[i:]
	for rest[0] == ';' {
		name, longest, n, ok := param(rest[1:])
		if !ok {
			return contentLine{}, false
		}
		cl.params++
		switch {
		case strings.EqualFold(string(name), goical.ParamRelated):
			cl.kept = append(cl.kept, relatedParam(rest[2+len(name):1+n])...)
		case keptParam(name):
			cl.kept = append(cl.kept, rest[:1+n]...)
			cl.longKept = cl.longKept || longest > maxKeptParamBytes
		}
		rest = rest[1+n:]
	}
	cl.value = rest[1:]
	return cl, true
}

// param reads the parameter at the start of s: its name, the length of its
// longest value and its own length (s[n] is ';' or ':'); ok is false when
// it is not one.
func param(s []byte) (name []byte, longest, n int, ok bool) {
	eq := bytes.IndexByte(s, '=')
	if eq < 0 || !isToken(s[:eq]) {
		return nil, 0, 0, false
	}
	p := eq + 1
	for {
		var v []byte
		if p < len(s) && s[p] == '"' {
			q := bytes.IndexByte(s[p+1:], '"')
			if q < 0 {
				return nil, 0, 0, false
			}
			v, p = s[p+1:p+1+q], p+q+2
		} else {
			q := bytes.IndexAny(s[p:], "\";:,")
			if q < 0 || s[p+q] == '"' {
				return nil, 0, 0, false
			}
			v, p = s[p:p+q], p+q
		}
		if bytes.ContainsFunc(v, isControl) || p >= len(s) {
			return nil, 0, 0, false
		}
		longest = max(longest, len(v))
		switch s[p] {
		case ',':
			p++
		case ';', ':':
			return s[:eq], longest, p, true
		default:
			return nil, 0, 0, false
		}
	}
}

// keptParam reports whether eventcal reads the parameter name.
func keptParam(name []byte) bool {
	switch strings.ToUpper(string(name)) {
	case goical.ParamTimezoneID, goical.ParamValue, goical.ParamRange:
		return true
	}
	return false
}

// relatedParam is a TRIGGER's RELATED parameter, whose value v may be of
// any length, as the library is given it: START, END, or X-OTHER for any
// other value (a trigger Decode then ignores).
func relatedParam(v []byte) string {
	switch strings.ToUpper(strings.Trim(string(v), `"`)) {
	case "START":
		return ";RELATED=START"
	case "END":
		return ";RELATED=END"
	}
	return ";RELATED=X-OTHER"
}

// isToken reports whether s is a name: letters, digits and '-'.
func isToken(s []byte) bool {
	for _, c := range s {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return len(s) > 0
}

// isControl reports whether r is a control character other than tab, which
// a parameter value may not hold.
func isControl(r rune) bool { return r < 0x20 && r != '\t' }
