package ical

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"
)

// FuzzDecode: no file makes Decode panic or fail with anything but an
// *Error, and whatever it returns can be written out and read back (with
// the same reminders).
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"google.ics", "apple.ics", "nextcloud.ics", "outlook.ics", "truncated.ics", "bad-dates.ics"} {
		f.Add(sample(f, name))
	}
	f.Add(encode(f, fixtures(f), EncodeOptions{Now: now}))
	f.Add([]byte("BEGIN:VCALENDAR\nBEGIN:VEVENT\nX-A;P=\"b\"c:v\nX-B;P:b=c\nsummary;value=text:a\\,b\\x\nEND:VEVENT\nEND:VCALENDAR"))
	f.Add(alarmCal(false, alarmsAt("-PT10M", "PT0S", "-P1DT2H", "20250610T083000Z")+
		"BEGIN:VALARM\nACTION:NONE\nTRIGGER;VALUE=DATE-TIME;RELATED=END:19760401T005545Z\nEND:VALARM\n"))
	ber := mustLoc(f, "Europe/Berlin")
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Decode(bytes.NewReader(data), DecodeOptions{Loc: ber})
		var fe *Error
		if err != nil {
			if !errors.As(err, &fe) || fe.Msg == "" {
				t.Fatalf("Decode failed without a message: %v", err)
			}
			return
		}
		var b bytes.Buffer
		if err := Encode(&b, res.Events, EncodeOptions{Now: time.Unix(0, 0)}); err != nil {
			t.Fatalf("Encode of a decoded file: %v", err)
		}
		back, err := Decode(bytes.NewReader(b.Bytes()), DecodeOptions{Loc: ber})
		if err != nil {
			t.Fatalf("the export of a decoded file does not decode: %v\n%s", err, b.String())
		}
		if len(back.Events) != len(res.Events) {
			t.Fatalf("%d events back from %d:\n%v\n%s", len(back.Events), len(res.Events), back.Skipped, b.String())
		}
		for i, e := range res.Events {
			if got := back.Events[i].Reminders; !slices.Equal(got, e.Reminders) {
				t.Fatalf("reminders %v back from %v:\n%s", got, e.Reminders, b.String())
			}
		}
	})
}
