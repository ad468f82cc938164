package ical

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// alarmCal is a calendar of one event, 09:00–10:00 UTC on 10 June 2025
// (or all-day that day), holding the VALARMs alarms (LF line ends).
func alarmCal(allDay bool, alarms string) []byte {
	when := "DTSTART:20250610T090000Z\nDTEND:20250610T100000Z\n"
	if allDay {
		when = "DTSTART;VALUE=DATE:20250610\nDTEND;VALUE=DATE:20250611\n"
	}
	return []byte("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:a@x\nDTSTAMP:20250601T000000Z\n" + when +
		"SUMMARY:Meeting\n" + alarms + "END:VEVENT\nEND:VCALENDAR\n")
}

// TestDecodeAlarms: VALARMs as calendar apps write them become reminders;
// alarms after the start, too early, or unreadable are left out without
// skipping the event.
func TestDecodeAlarms(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	for _, c := range []struct {
		name   string
		allDay bool
		alarms string
		want   []int
	}{
		{"none", false, "", nil},
		{"Google popup and email", false, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:This is an event reminder\nTRIGGER:-P0DT0H30M0S\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:EMAIL\nDESCRIPTION:This is an event reminder\nSUMMARY:Alarm notification\nATTENDEE:mailto:ann@gmail.com\nTRIGGER:-P1D\nEND:VALARM\n",
			[]int{30, 1440}},
		{"Google all-day, the day before at 09:00", true, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:This is an event reminder\nTRIGGER:-PT15H\nEND:VALARM\n", []int{900}},
		{"Apple sound with its extras and a NONE placeholder", false, "BEGIN:VALARM\nX-WR-ALARMUID:1B2C3D4E-5F60-4718-8293-A4B5C6D7E8F9\nUID:1B2C3D4E-5F60-4718-8293-A4B5C6D7E8F9\n" +
			"TRIGGER:-PT15M\nATTACH;VALUE=URI:Chord\nACTION:AUDIO\nX-APPLE-DEFAULT-ALARM:TRUE\nACKNOWLEDGED:20250610T084500Z\nEND:VALARM\n" +
			"BEGIN:VALARM\nX-WR-ALARMUID:0A1B2C3D-0000-4000-8000-000000000000\nUID:0A1B2C3D-0000-4000-8000-000000000000\nTRIGGER;VALUE=DATE-TIME:19760401T005545Z\n" +
			"ACTION:NONE\nX-APPLE-LOCAL-DEFAULT-ALARM:TRUE\nEND:VALARM\n", []int{15}},
		{"Apple all-day on the day at 09:00 (after the start)", true, "BEGIN:VALARM\nX-WR-ALARMUID:A\nUID:A\nTRIGGER:PT9H\nACTION:DISPLAY\nDESCRIPTION:Reminder\nEND:VALARM\n", []int{}},
		{"Thunderbird", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DURATION:-PT15M\nDESCRIPTION:Default Mozilla Description\nX-MOZ-LASTACK:20250610T084500Z\nEND:VALARM\n", []int{15}},
		{"Thunderbird before the end", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DURATION;RELATED=END:-PT75M\nDESCRIPTION:Default Mozilla Description\nEND:VALARM\n", []int{15}},
		{"before the end, after the start", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;RELATED=END:-PT5M\nDESCRIPTION:x\nEND:VALARM\n", []int{}},
		{"all-day before the end", true, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;RELATED=\"END\":-P1DT1H\nDESCRIPTION:x\nEND:VALARM\n", []int{60}},
		{"Thunderbird absolute", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DATE-TIME:20250610T083000Z\nDESCRIPTION:Default Mozilla Description\nEND:VALARM\n", []int{30}},
		{"absolute without VALUE", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER:20250610T084500Z\nDESCRIPTION:x\nEND:VALARM\n", []int{15}},
		{"absolute after the start", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DATE-TIME:20250610T093000Z\nDESCRIPTION:x\nEND:VALARM\n", []int{}},
		{"absolute floating, in the user's zone", false, "BEGIN:VALARM\nACTION:DISPLAY\nTRIGGER;VALUE=DATE-TIME:20250610T105000\nDESCRIPTION:x\nEND:VALARM\n", []int{10}},
		{"Nextcloud", false, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Meeting\nTRIGGER;RELATED=START:-PT10M\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:EMAIL\nDESCRIPTION:Meeting\nSUMMARY:Meeting\nATTENDEE:mailto:ann@example.org\nTRIGGER;RELATED=START:-PT1H\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:Meeting\nTRIGGER;RELATED=START:PT0S\nEND:VALARM\n", []int{0, 10, 60}},
		{"Outlook", false, "BEGIN:VALARM\nTRIGGER:-PT15M\nACTION:DISPLAY\nDESCRIPTION:Reminder\nEND:VALARM\n", []int{15}},
		{"lower case", false, "begin:valarm\naction:display\ndescription:x\ntrigger;related=start:-pt10m\nend:valarm\n", []int{10}},
		{"positive", false, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER:PT5M\nEND:VALARM\n", []int{}},
		{"four weeks, and over", false, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER:-P4W\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER:-P28DT1M\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER;VALUE=DATE-TIME:20250101T000000Z\nEND:VALARM\n", []int{MaxReminderMinutes}},
		{"more than five", false, alarmsAt("-PT2H", "-PT1M", "-P1D", "-PT5M", "PT0S", "-PT30M", "-PT10M"), []int{0, 1, 5, 10, 30}},
		{"duplicates", false, alarmsAt("-PT10M", "-PT600S", "-P0DT0H10M0S", "-PT10M30S"), []int{10}},
		{"seconds round toward the start", false, alarmsAt("-PT90S", "-PT59S"), []int{0, 1}},
		{"malformed", false, "BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:no trigger\nEND:VALARM\n" +
			alarmsAt("soon", "-P", "-PT1M1M", "-PT", "20250609", "-P99999999999D") +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER;RELATED=WHENEVER:-PT5M\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER;RELATED=\"" + strings.Repeat("E", 5000) + "\":-PT5M\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER;VALUE=DATE-TIME:-PT5M\nEND:VALARM\n" +
			"BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER;VALUE=DATE-TIME;TZID=Mars/Olympus:20250610T083000\nEND:VALARM\n" +
			"BEGIN:VALARM\nEND:VALARM\n", []int{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := decode(t, alarmCal(c.allDay, c.alarms), ber)
			if len(res.Events) != 1 || len(res.Skipped) > 0 {
				t.Fatalf("%d events, skipped %v", len(res.Events), res.Skipped)
			}
			got := res.Events[0].Reminders
			if !slices.Equal(got, c.want) || (got == nil) != (c.want == nil) {
				t.Errorf("reminders %#v, want %#v", got, c.want)
			}
		})
	}
}

// alarmsAt is a DISPLAY VALARM for each TRIGGER value.
func alarmsAt(triggers ...string) string {
	var b strings.Builder
	for _, tr := range triggers {
		b.WriteString("BEGIN:VALARM\nACTION:DISPLAY\nDESCRIPTION:x\nTRIGGER:" + tr + "\nEND:VALARM\n")
	}
	return b.String()
}

// TestDecodeOverrideAlarms: a series' reminders are its master's; an
// override keeps its own, has none with only an ACTION:NONE alarm, and
// follows the series (nil) without VALARMs or with the series' own.
func TestDecodeOverrideAlarms(t *testing.T) {
	ev := func(rid, start, summary, alarms string) string {
		s := "BEGIN:VEVENT\nUID:weekly@x\nDTSTAMP:20250601T000000Z\n"
		if rid != "" {
			s += "RECURRENCE-ID;TZID=Europe/Berlin:" + rid + "\n"
		} else {
			s += "RRULE:FREQ=WEEKLY;COUNT=6\n"
		}
		return s + "DTSTART;TZID=Europe/Berlin:" + start + "\nDURATION:PT1H\nSUMMARY:" + summary + "\n" + alarms + "END:VEVENT\n"
	}
	data := "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\n" +
		ev("20250609T090000", "20250609T100000", "own", alarmsAt("-PT1H")) +
		ev("", "20250602T090000", "Weekly", alarmsAt("-PT10M", "-P1D")) +
		ev("20250616T090000", "20250616T090000", "no VALARM", "") +
		ev("20250623T090000", "20250623T090000", "silenced", "BEGIN:VALARM\nACTION:NONE\nTRIGGER;VALUE=DATE-TIME:19760401T005545Z\nEND:VALARM\n") +
		ev("20250630T090000", "20250630T090000", "same as the series", alarmsAt("-P1D", "-PT10M")) +
		"END:VCALENDAR\n"
	res := decode(t, []byte(data), time.UTC)
	if len(res.Events) != 1 || len(res.Events[0].Overrides) != 4 || len(res.Skipped) > 0 {
		t.Fatalf("%+v, skipped %v", res.Events, res.Skipped)
	}
	s := res.Events[0]
	if !slices.Equal(s.Reminders, []int{10, 1440}) {
		t.Errorf("series reminders %v", s.Reminders)
	}
	want := map[string][]int{"own": {60}, "no VALARM": nil, "silenced": {}, "same as the series": nil}
	for _, o := range s.Overrides {
		w := want[o.Title]
		if !slices.Equal(o.Reminders, w) || (o.Reminders == nil) != (w == nil) {
			t.Errorf("override %q: reminders %#v, want %#v", o.Title, o.Reminders, w)
		}
	}
}

// TestDecodeSampleAlarms: the alarms of the sample exports.
func TestDecodeSampleAlarms(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	for _, c := range []struct {
		file, title string
		want        []int
	}{
		{"google.ics", "Team sync", []int{10}},
		{"apple.ics", "Dentist", []int{30}},
	} {
		res := decode(t, sample(t, c.file), ber)
		i := slices.IndexFunc(res.Events, func(e Event) bool { return e.Title == c.title })
		if i < 0 || !slices.Equal(res.Events[i].Reminders, c.want) {
			t.Errorf("%s %q: %+v", c.file, c.title, res.Events)
		}
	}
}
