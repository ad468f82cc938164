package ical_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/eventcal/eventcal/ical"
	"github.com/eventcal/eventcal/ical/icaltest"
)

// TestICALJS: ical.js reads every event of an export as eventcal meant it,
// and expands every series to the same occurrences as package recur.
func TestICALJS(t *testing.T) {
	ber, _ := time.LoadLocation("Europe/Berlin")
	var b bytes.Buffer
	if err := ical.Encode(&b, ical.Fixtures(t), ical.EncodeOptions{Name: "ical.js"}); err != nil {
		t.Fatal(err)
	}
	icaltest.Check(t, b.Bytes(), ber, time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC))
}

// TestICALJSSamples: what eventcal imports from the sample files, written
// back out, reads the same in ical.js.
func TestICALJSSamples(t *testing.T) {
	ber, _ := time.LoadLocation("Europe/Berlin")
	for _, name := range []string{"google.ics", "apple.ics", "nextcloud.ics", "outlook.ics"} {
		t.Run(name, func(t *testing.T) {
			res, err := ical.Decode(bytes.NewReader(ical.Sample(t, name)), ical.DecodeOptions{Loc: ber})
			if err != nil {
				t.Fatal(err)
			}
			var b bytes.Buffer
			if err := ical.Encode(&b, res.Events, ical.EncodeOptions{}); err != nil {
				t.Fatal(err)
			}
			icaltest.Check(t, b.Bytes(), ber, time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC))
		})
	}
}
