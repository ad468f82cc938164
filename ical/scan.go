package ical

import (
	"bytes"
	"fmt"
)

// Limits on a file, checked before the library parses it: they keep a
// hostile file from costing more than its size.
const (
	DefaultMaxBytes  = 5 << 20 // largest file accepted (5 MiB)
	DefaultMaxEvents = 10000   // most VEVENTs in one file
	MaxLineBytes     = 128 << 10
	maxParams        = 16 // parameters of one property
	maxDepth         = 4  // VCALENDAR > VEVENT > VALARM, VTIMEZONE > STANDARD
)

// Error is a problem with the file as a whole. Msg is a sentence for the
// person who uploaded it.
type Error struct {
	Msg string
}

func (e *Error) Error() string { return "ical: " + e.Msg }

func fileErrorf(format string, args ...any) *Error {
	return &Error{Msg: fmt.Sprintf(format, args...)}
}

// scan checks the shape of a file line by line (unfolded): one VCALENDAR
// first and last, balanced BEGIN/END no deeper than maxDepth, lines of the
// form NAME[;params]:value no longer than MaxLineBytes with at most
// maxParams parameters, at most maxEvents VEVENTs. It returns the number of
// VEVENTs.
func scan(data []byte, maxEvents int) (int, error) {
	s := &scanner{maxEvents: maxEvents, first: true}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte order mark
	var cur []byte
	curNo, no := 0, 0
	for len(data) > 0 {
		no++
		var line []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		if len(line) > 0 && (line[0] == ' ' || line[0] == '\t') && curNo > 0 {
			if len(cur)+len(line) > MaxLineBytes+1 {
				return 0, fileErrorf("Line %d is longer than %d KB; this does not look like a calendar file.", curNo, MaxLineBytes>>10)
			}
			cur = append(cur, line[1:]...)
			continue
		}
		if err := s.check(cur, curNo, false); err != nil {
			return 0, err
		}
		cur, curNo = append(cur[:0], line...), no
	}
	if err := s.check(cur, curNo, true); err != nil {
		return 0, err
	}
	switch {
	case s.first:
		return 0, &Error{Msg: "The file is empty."}
	case len(s.stack) > 0:
		return 0, fileErrorf("The file is cut off: it ends inside %s, before END:VCALENDAR.", clipText(s.stack[len(s.stack)-1], 40))
	}
	return s.events, nil
}

// scanner is what scan knows of the lines checked so far.
type scanner struct {
	maxEvents int
	stack     []string // the components open, outermost first
	events    int      // VEVENTs begun
	closed    bool     // the VCALENDAR has ended
	first     bool     // no line checked yet
}

// check checks one unfolded line, number no; last says it ends the file.
func (s *scanner) check(line []byte, no int, last bool) error {
	if len(line) == 0 {
		return nil
	}
	if s.first && string(line) != "BEGIN:VCALENDAR" {
		return &Error{Msg: "This is not an iCalendar file: it does not start with BEGIN:VCALENDAR."}
	}
	s.first = false
	if len(line) > MaxLineBytes {
		return fileErrorf("Line %d is longer than %d KB; this does not look like a calendar file.", no, MaxLineBytes>>10)
	}
	name, value, params, ok := splitLine(line)
	switch {
	case !ok && last && len(s.stack) > 0:
		return fileErrorf("The file is cut off in line %d, before END:VCALENDAR.", no)
	case !ok:
		return fileErrorf("Line %d is not an iCalendar line (NAME:value).", no)
	case params > maxParams:
		return fileErrorf("Line %d has more than %d parameters.", no, maxParams)
	case s.closed:
		return fileErrorf("Line %d comes after END:VCALENDAR; a file may hold one calendar.", no)
	}
	return s.nest(name, value, no)
}

// nest follows a BEGIN or END line (other names pass): components nest
// properly, no deeper than maxDepth, with one VCALENDAR outermost and at
// most maxEvents VEVENTs.
func (s *scanner) nest(name, value string, no int) error {
	switch name {
	case "BEGIN":
		if len(s.stack) > 0 && value == "VCALENDAR" {
			return fileErrorf("Line %d starts a calendar inside another one.", no)
		}
		s.stack = append(s.stack, value)
		if len(s.stack) > maxDepth {
			return fileErrorf("Line %d nests components more deeply than calendars do.", no)
		}
		if value == "VEVENT" {
			if s.events++; s.events > s.maxEvents {
				return fileErrorf("The file holds more than %s events; import it in parts.", groupThousands(s.maxEvents))
			}
		}
	case "END":
		if len(s.stack) == 0 || s.stack[len(s.stack)-1] != value {
			return fileErrorf("Line %d ends %s, which was not begun there.", no, clipText(value, 40))
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.closed = len(s.stack) == 0
	}
	return nil
}

// splitLine returns a content line's name, value and number of parameters;
// ok is false when it has no ':' after the name.
func splitLine(line []byte) (name, value string, params int, ok bool) {
	quoted := false
	end := -1 // end of the name
	for i, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ';':
			if end < 0 {
				end = i
			}
			params++
		case c == ':':
			if end < 0 {
				end = i
			}
			if end == 0 {
				return "", "", 0, false
			}
			name = string(line[:end])
			if name == "BEGIN" || name == "END" {
				value = string(line[i+1:])
			}
			return name, value, params, true
		}
	}
	return "", "", 0, false
}

// clipText shortens s to n runes for a message.
func clipText(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// groupThousands writes n with a space between thousands ("10 000").
func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}
