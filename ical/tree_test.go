package ical

import (
	"errors"
	"testing"
)

func TestParseTree(t *testing.T) {
	data := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20261201T100000Z\r\n" +
		"DTSTART;tzid=Europe/Berlin:20270105T180000\r\nSUMMARY:Mat\\; water\\, towel\\nand a long line that is folded o\r\n ver two lines\r\n" +
		"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nEND:VALARM\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	cal, err := Parse([]byte(data))
	if err != nil {
		t.Fatal(err)
	}
	evs := cal.Named("VEVENT")
	if cal.Name != "VCALENDAR" || len(cal.PropsNamed("PRODID")) != 1 || len(evs) != 1 {
		t.Fatalf("%+v", cal)
	}
	ev := evs[0]
	if s := ev.PropsNamed("SUMMARY"); len(s) != 1 || s[0].Value != "Mat; water, towel\nand a long line that is folded over two lines" {
		t.Fatalf("summary %+v", s)
	}
	if d := ev.PropsNamed("DTSTART"); len(d) != 1 || d[0].Params["TZID"][0] != "Europe/Berlin" || d[0].Value != "20270105T180000" {
		t.Fatalf("dtstart %+v", d)
	}
	if a := ev.Named("VALARM"); len(a) != 1 || a[0].PropsNamed("TRIGGER")[0].Value != "-PT10M" {
		t.Fatalf("alarm %+v", a)
	}
	var fe *Error
	if _, err := Parse([]byte("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")); !errors.As(err, &fe) {
		t.Fatalf("a cut-off file: %v", err)
	}
}
