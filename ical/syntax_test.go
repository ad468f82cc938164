package ical

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestDecodeLenient: what calendar files in the wild do and the library
// or RFC 5545 would frown on still reads: bare LF line ends, lower-case
// names, stray backslashes and unescaped commas in text, a calendar
// property after the events, long parameters eventcal does not read.
func TestDecodeLenient(t *testing.T) {
	google := sample(t, "google.ics")
	crlf := decode(t, google, time.UTC)
	lf := decode(t, bytes.ReplaceAll(google, []byte("\r\n"), []byte("\n")), time.UTC)
	if len(lf.Events) != len(crlf.Events) || len(lf.Skipped) != len(crlf.Skipped) {
		t.Errorf("bare LF: %d events, %d skipped; with CRLF %d, %d", len(lf.Events), len(lf.Skipped), len(crlf.Events), len(crlf.Skipped))
	}
	for i := range min(len(lf.Events), len(crlf.Events)) {
		compare(t, crlf.Events[i], lf.Events[i])
	}

	handle := strings.Repeat("CAESvAEaEgmgkI", 150) // an Apple map handle: 2 KB
	s := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" +
		"BEGIN:VEVENT\r\nuid:1\r\ndtstart;tzid=Europe/Berlin:20250105T100000\r\n" +
		"Summary:Lunch, Bob\\x and Ann\\\r\n" +
		"X-APPLE-STRUCTURED-LOCATION;VALUE=URI;X-APPLE-MAPKIT-HANDLE=" + handle + ";X-TITLE=\"Café, Main St\":geo:52.5,13.4\r\n" +
		"END:VEVENT\r\nX-WR-TIMEZONE:Europe/Berlin\r\nEND:VCALENDAR\n"
	res := decode(t, []byte(s), time.UTC)
	if len(res.Events) != 1 || len(res.Skipped) != 0 {
		t.Fatalf("%+v, skipped %v", res.Events, res.Skipped)
	}
	e := res.Events[0]
	if e.UID != "1" || e.Title != `Lunch, Bob\x and Ann\` || !e.Start.Equal(time.Date(2025, 1, 5, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("%+v", e)
	}
}

// TestDecodeBadLines: lines that are not NAME[;PARAM=value...]:value, or
// whose parameters eventcal reads are implausibly long, are refused with
// the line's number (the first two make the library panic).
func TestDecodeBadLines(t *testing.T) {
	for _, c := range []struct{ name, line, want string }{
		{"text after a quoted value", `X-A;P="b"c:v`, "Line 5 is not an iCalendar line"},
		{"colon in a parameter name", "X-A;P:b=c", "Line 5 is not an iCalendar line"},
		{"parameter without =", "DTSTART;TZID:20250105T100000", "Line 5 is not an iCalendar line"},
		{"empty parameter", "SUMMARY;;X=1:x", "Line 5 is not an iCalendar line"},
		{"name with a space", "X BAD:x", "Line 5 is not an iCalendar line"},
		{"quote in a parameter value", `X-A;P=a"b:v`, "Line 5 is not an iCalendar line"},
		{"control character in a parameter", "X-A;P=a\x01b:v", "Line 5 is not an iCalendar line"},
		{"long TZID", "DTSTART;TZID=" + strings.Repeat("a", maxKeptParamBytes+1) + ":20250105T100000", "Line 5 has a DTSTART parameter longer than 256 bytes"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\n" + c.line + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
			_, err := Decode(strings.NewReader(s), DecodeOptions{})
			var fe *Error
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, c.want) {
				t.Errorf("err %v, want an *Error mentioning %q", err, c.want)
			}
		})
	}
}

// TestDecodeLongParameters: long parameter values cost time in proportion
// to their length (the library alone copies a value once per byte).
func TestDecodeLongParameters(t *testing.T) {
	var b strings.Builder
	b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n")
	line := "X-A;P=" + strings.Repeat("a", 100<<10) + ":v\r\n"
	for b.Len()+len(line) < DefaultMaxBytes-100 {
		b.WriteString(line)
	}
	b.WriteString("END:VCALENDAR\r\n")
	start := time.Now()
	if _, err := Decode(strings.NewReader(b.String()), DecodeOptions{}); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("5 MB of long parameters took %v", d)
	} else {
		t.Logf("5 MB of long parameters decoded in %v", d)
	}
}

// TestFold: lines are folded at 75 octets, continuation lines begin with a
// space, no character is split, and unfolding gives the line back.
func TestFold(t *testing.T) {
	for _, line := range []string{
		"",
		strings.Repeat("a", 75),
		strings.Repeat("a", 76),
		strings.Repeat("é", 100),
		"X:" + strings.Repeat("a", 72) + "🎉" + strings.Repeat("ü", 80),
		strings.Repeat("\xff", 200), // not UTF-8: cut by octets
	} {
		var b bytes.Buffer
		if err := writeFolded(&b, []byte(line+"\r\nEND:X\r\n")); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if !strings.HasSuffix(out, "\r\nEND:X\r\n") {
			t.Errorf("%q: %q", line, out)
		}
		for i, l := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
			if len(l) > 75 || i > 0 && l != "END:X" && l[0] != ' ' || utf8.ValidString(line) && !utf8.ValidString(l) {
				t.Errorf("%q: line %d %q", line, i, l)
			}
		}
		if got := strings.TrimSuffix(strings.ReplaceAll(out, "\r\n ", ""), "\r\nEND:X\r\n"); got != line {
			t.Errorf("unfolded %q, want %q", got, line)
		}
	}
}
