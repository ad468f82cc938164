package ical

import (
	"bytes"
	"fmt"
	"strings"
)

// Limits on a file, checked before the library parses it: they keep a
// hostile file from costing more than its size.
const (
	DefaultMaxBytes  = 5 << 20 // largest file accepted (5 MiB)
	DefaultMaxEvents = 10000   // most VEVENTs in one file
	MaxLineBytes     = 128 << 10
	maxParams        = 16 // parameters of one property
	maxDepth         = 4  // VCALENDAR > VEVENT > VALARM, VTIMEZONE > STANDARD
	// maxKeptParamBytes bounds a value of a parameter eventcal reads (a
	// TZID is some 60 bytes at most): the library's parser takes time
	// quadratic in it.
	maxKeptParamBytes = 256
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
// maxParams parameters, at most maxEvents VEVENTs. It returns the lines
// for the library to parse: unfolded, each ending in CRLF (a bare LF is
// accepted), with only the parameters eventcal reads (see splitLine), so
// that the library reads every line as scan did.
func scan(data []byte, maxEvents int) ([]byte, error) {
	s := &scanner{maxEvents: maxEvents, first: true, out: make([]byte, 0, len(data))}
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
				return nil, fileErrorf("Line %d is longer than %d KB; this does not look like a calendar file.", curNo, MaxLineBytes>>10)
			}
			cur = append(cur, line[1:]...)
			continue
		}
		if err := s.check(cur, curNo, false); err != nil {
			return nil, err
		}
		cur, curNo = append(cur[:0], line...), no
	}
	if err := s.check(cur, curNo, true); err != nil {
		return nil, err
	}
	switch {
	case s.first:
		return nil, &Error{Msg: "The file is empty."}
	case len(s.stack) > 0:
		return nil, fileErrorf("The file is cut off: it ends inside %s, before END:VCALENDAR.", clipText(s.stack[len(s.stack)-1], 40))
	}
	return s.out, nil
}

// scanner is what scan knows of the lines checked so far.
type scanner struct {
	maxEvents int
	stack     []string // the components open, outermost first (upper case)
	events    int      // VEVENTs begun
	closed    bool     // the VCALENDAR has ended
	first     bool     // no line checked yet
	out       []byte   // the lines checked, each ending in CRLF
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
	cl, ok := splitLine(line)
	switch {
	case !ok && last && len(s.stack) > 0:
		return fileErrorf("The file is cut off in line %d, before END:VCALENDAR.", no)
	case !ok:
		return fileErrorf("Line %d is not an iCalendar line (NAME:value).", no)
	case cl.params > maxParams:
		return fileErrorf("Line %d has more than %d parameters.", no, maxParams)
	case cl.longKept:
		return fileErrorf("Line %d has a %s parameter longer than %d bytes.", no, clipText(cl.name, 40), maxKeptParamBytes)
	case s.closed:
		return fileErrorf("Line %d comes after END:VCALENDAR; a file may hold one calendar.", no)
	}
	if err := s.nest(cl.name, string(cl.value), no); err != nil {
		return err
	}
	s.out = append(append(append(append(s.out, cl.name...), cl.kept...), ':'), cl.value...)
	s.out = append(s.out, '\r', '\n')
	return nil
}

// nest follows a BEGIN or END line (other names pass): components nest
// properly, no deeper than maxDepth, with one VCALENDAR outermost and at
// most maxEvents VEVENTs. Names are matched regardless of case, as the
// library does.
func (s *scanner) nest(name, value string, no int) error {
	switch name {
	case "BEGIN":
		comp := strings.ToUpper(value)
		if len(s.stack) > 0 && comp == "VCALENDAR" {
			return fileErrorf("Line %d starts a calendar inside another one.", no)
		}
		s.stack = append(s.stack, comp)
		if len(s.stack) > maxDepth {
			return fileErrorf("Line %d nests components more deeply than calendars do.", no)
		}
		if comp == "VEVENT" {
			if s.events++; s.events > s.maxEvents {
				return fileErrorf("The file holds more than %s events; import it in parts.", groupThousands(s.maxEvents))
			}
		}
	case "END":
		if len(s.stack) == 0 || !strings.EqualFold(value, s.stack[len(s.stack)-1]) {
			return fileErrorf("Line %d ends %s, which was not begun there.", no, clipText(value, 40))
		}
		s.stack = s.stack[:len(s.stack)-1]
		s.closed = len(s.stack) == 0
	}
	return nil
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
