package ical

import (
	"bytes"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var now = time.Date(2025, 5, 1, 12, 0, 0, 0, time.UTC)

// TestEncodeShape checks the RFC 5545 form of an export: CRLF lines of at
// most 75 octets (folded without splitting a character), the calendar and
// event properties, DATE values with an exclusive end, UTC times for
// single events, TZID and a VTIMEZONE for a timed series, escaped text.
func TestEncodeShape(t *testing.T) {
	out := encode(t, fixtures(t), EncodeOptions{Name: "Test", Now: now, Refresh: time.Hour})
	s := string(out)
	if !strings.HasSuffix(s, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(s, "\r\n", ""), "\n") {
		t.Fatal("lines must end in CRLF")
	}
	lines := strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(l), l)
		}
		if !utf8.ValidString(l) {
			t.Errorf("line %d splits a character: %q", i+1, l)
		}
	}
	// The library writes a component's properties in name order: each
	// group is checked to be in one component, not in a given order.
	unfolded := strings.ReplaceAll(s, "\r\n ", "")
	for _, want := range [][]string{
		{"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:" + ProductID, "REFRESH-INTERVAL;VALUE=DURATION:PT1H"},
		{"UID:event-1@eventcal", "DTSTAMP:20250501T120000Z", "DTSTART:20250601T100000Z", "DTEND:20250601T113000Z",
			`SUMMARY:Lunch\, with\; Bob\\Alice`,
			`DESCRIPTION:Line one\nLine two\, with a comma\; and a semicolon\n\nÜmlauts: äöü ß — 日本語 — 🎉`},
		{"DTSTART;VALUE=DATE:20250714", "DTEND;VALUE=DATE:20250719"},
		{"DTSTART;VALUE=DATE:20251026", "DTEND;VALUE=DATE:20251027"},
		{"DTSTART;TZID=Europe/Berlin:20250303T090000", "DTEND;TZID=Europe/Berlin:20250303T091500",
			"RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=20", "EXDATE;TZID=Europe/Berlin:20250312T090000"},
		{"RECURRENCE-ID;TZID=Europe/Berlin:20250331T090000"},
		{"RECURRENCE-ID;VALUE=DATE:20240412"},
		{"EXDATE;VALUE=DATE:20000412"},
		{"RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20260101T045959Z"}, // a DATE UNTIL as UTC for a timed series
		{"RRULE:FREQ=YEARLY;UNTIL=20280804"},                        // a UTC UNTIL as a DATE for an all-day one
		{"DTSTART:20250301T120000Z"},                                // a series in UTC stays UTC
		{"BEGIN:VTIMEZONE", "TZID:Europe/Berlin"},
		{"BEGIN:VTIMEZONE", "TZID:America/New_York"},
		{"BEGIN:DAYLIGHT", "DTSTART:20250330T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200", "TZNAME:CEST"},
		{"BEGIN:STANDARD", "DTSTART:20251026T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", "TZNAME:CET"},
	} {
		if !inOneComponent(unfolded, want...) {
			t.Errorf("export lacks a component with %q", want)
		}
	}
	if n := strings.Count(s, "BEGIN:VTIMEZONE"); n != 2 {
		t.Errorf("%d VTIMEZONEs, want 2 (Berlin, New York; none for UTC)", n)
	}
	if n, m := strings.Count(s, "BEGIN:VEVENT"), strings.Count(s, "DTSTAMP:"); n != 14 || m != n {
		t.Errorf("%d VEVENTs with %d DTSTAMPs, want 14 each", n, m)
	}
}

// TestEncodeEmpty: a calendar without events still holds a component.
func TestEncodeEmpty(t *testing.T) {
	s := string(encode(t, nil, EncodeOptions{Now: now, Loc: mustLoc(t, "Asia/Tokyo")}))
	if !strings.Contains(s, "BEGIN:VTIMEZONE\r\nTZID:Asia/Tokyo\r\n") {
		t.Errorf("empty calendar:\n%s", s)
	}
	if _, err := Decode(strings.NewReader(s), DecodeOptions{}); err != nil {
		t.Errorf("the empty calendar does not decode: %v", err)
	}
}

// TestRoundTrip: what Encode writes, Decode reads back the same, for every
// kind of event (a DATE UNTIL of a timed series comes back as the UTC
// instant that includes the same occurrences).
func TestRoundTrip(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	in := fixtures(t)
	res := decode(t, encode(t, in, EncodeOptions{Now: now}), ber)
	if len(res.Skipped) > 0 {
		t.Fatalf("skipped: %v", res.Skipped)
	}
	if len(res.Events) != len(in) {
		t.Fatalf("%d events back, want %d", len(res.Events), len(in))
	}
	for i, want := range in {
		got := res.Events[i]
		want.Rule = untilLike(want.Rule, want.AllDay, want.loc())
		compare(t, want, got)
		if len(got.Overrides) != len(want.Overrides) {
			t.Errorf("%s: %d overrides, want %d", want.UID, len(got.Overrides), len(want.Overrides))
			continue
		}
		for j := range want.Overrides {
			wo := want.Overrides[j]
			wo.UID = want.UID
			compare(t, wo, got.Overrides[j])
		}
	}
}

func compare(t *testing.T, want, got Event) {
	t.Helper()
	if got.UID != want.UID || got.Title != want.Title || got.Description != want.Description ||
		got.Location != want.Location || got.Color != want.Color || got.AllDay != want.AllDay || got.Rule != want.Rule {
		t.Errorf("%s: got\n%+v\nwant\n%+v", want.UID, got, want)
	}
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) {
		t.Errorf("%s: %v – %v, want %v – %v", want.UID, got.Start, got.End, want.Start, want.End)
	}
	if !got.RecurrenceID.Equal(want.RecurrenceID) {
		t.Errorf("%s: recurrence id %v, want %v", want.UID, got.RecurrenceID, want.RecurrenceID)
	}
	if want.IsSeries() && got.loc().String() != want.loc().String() {
		t.Errorf("%s: zone %v, want %v", want.UID, got.loc(), want.loc())
	}
	if !slices.EqualFunc(got.Exdates, want.Exdates, time.Time.Equal) {
		t.Errorf("%s: exdates %v, want %v", want.UID, got.Exdates, want.Exdates)
	}
	if !slices.Equal(got.Reminders, want.Reminders) {
		t.Errorf("%s: reminders %v, want %v", want.UID, got.Reminders, want.Reminders)
	}
}

func TestDecodeGoogle(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	res := decode(t, sample(t, "google.ics"), ber)
	singles, series, overrides := res.Counts()
	if singles != 2 || series != 2 || overrides != 1 || len(res.Skipped) != 1 {
		t.Fatalf("counts %d %d %d skipped %v", singles, series, overrides, res.Skipped)
	}
	sync := res.Events[0]
	if sync.Title != "Team sync" || sync.Location != "Room 4.12, Main building" ||
		sync.Description != "Agenda:\n1. Budget, Q3\n2. Hiring; interviews\n\nJoin: https://meet.google.com/abc-defg-hij" ||
		!sync.Start.Equal(time.Date(2025, 6, 10, 7, 0, 0, 0, time.UTC)) {
		t.Errorf("Team sync: %+v", sync)
	}
	standup := res.Events[1]
	if standup.Rule != "FREQ=WEEKLY;BYDAY=MO;UNTIL=20250630T065959Z" || standup.loc().String() != "Europe/Berlin" {
		t.Errorf("Standup: %+v", standup)
	}
	// The cancelled occurrence (STATUS:CANCELLED with a RECURRENCE-ID)
	// joins the EXDATE.
	wantEx := []time.Time{time.Date(2025, 4, 21, 7, 0, 0, 0, time.UTC), time.Date(2025, 5, 26, 7, 0, 0, 0, time.UTC)}
	if !slices.EqualFunc(standup.Exdates, wantEx, time.Time.Equal) {
		t.Errorf("Standup exdates %v, want %v", standup.Exdates, wantEx)
	}
	if o := standup.Overrides[0]; o.Title != "Standup (moved to Tuesday)" || !o.RecurrenceID.Equal(time.Date(2025, 5, 5, 7, 0, 0, 0, time.UTC)) ||
		!o.Start.Equal(time.Date(2025, 5, 6, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("override: %+v", o)
	}
	vac := res.Events[2]
	if !vac.AllDay || vac.Title != "Vacation 🏖️" || !vac.Start.Equal(time.Date(2025, 7, 14, 0, 0, 0, 0, ber)) || !vac.End.Equal(time.Date(2025, 7, 19, 0, 0, 0, 0, ber)) {
		t.Errorf("Vacation: %+v", vac)
	}
	if b := res.Events[3]; !b.AllDay || b.Rule != "FREQ=YEARLY" {
		t.Errorf("birthday: %+v", b)
	}
	if res.Skipped[0].Title != "Call with vendor" || !strings.Contains(res.Skipped[0].Reason, "cancelled") {
		t.Errorf("skipped: %+v", res.Skipped)
	}
}

func TestDecodeApple(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	res := decode(t, sample(t, "apple.ics"), ber)
	if len(res.Events) != 4 || len(res.Skipped) != 0 {
		t.Fatalf("%d events, skipped %v", len(res.Events), res.Skipped)
	}
	dentist, club, dinner, xmas := res.Events[0], res.Events[1], res.Events[2], res.Events[3]
	if !dentist.Start.Equal(time.Date(2025, 9, 15, 13, 30, 0, 0, time.UTC)) || dentist.Location != "Dr. Müller Praxis am Park 123 Main St, Springfield" {
		t.Errorf("dentist: %+v", dentist)
	}
	if club.Rule != "FREQ=MONTHLY;BYDAY=1TU;COUNT=6" || club.loc().String() != "America/New_York" || club.Description != `This month: "Middlemarch" — chapters 1–10.` {
		t.Errorf("book club: %+v", club)
	}
	// Floating time: the importing user's zone.
	if !dinner.Start.Equal(time.Date(2025, 10, 1, 19, 0, 0, 0, ber)) {
		t.Errorf("floating dinner at %v", dinner.Start)
	}
	// DURATION:P1D on a DATE.
	if !xmas.AllDay || !xmas.Start.Equal(time.Date(2025, 12, 24, 0, 0, 0, 0, ber)) || !xmas.End.Equal(time.Date(2025, 12, 25, 0, 0, 0, 0, ber)) {
		t.Errorf("Christmas Eve: %+v", xmas)
	}
}

func TestDecodeNextcloud(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	res := decode(t, sample(t, "nextcloud.ics"), ber)
	if len(res.Events) != 2 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].Reason, "to-do") {
		t.Fatalf("%d events, skipped %v", len(res.Events), res.Skipped)
	}
	choir := res.Events[0]
	wantEx := []time.Time{time.Date(2025, 10, 27, 17, 0, 0, 0, time.UTC), time.Date(2025, 11, 3, 17, 0, 0, 0, time.UTC)}
	if choir.Color != "teal" || choir.Location != "Gemeindehaus, Saal 2" || !slices.EqualFunc(choir.Exdates, wantEx, time.Time.Equal) ||
		choir.Description != "Bring sheet music.\nParking: behind the church; free after 18:00." {
		t.Errorf("choir: %+v", choir)
	}
	if conf := res.Events[1]; conf.Title != "Conference: Go Days (Zürich)" || !conf.AllDay ||
		!conf.End.Equal(time.Date(2025, 11, 6, 0, 0, 0, 0, ber)) {
		t.Errorf("conference: %+v", conf)
	}
}

// TestDecodeZones: Windows zone names, a local UNTIL, a VTIMEZONE-only
// zone with DST (single events placed by its offsets; a series refused), a
// fixed-offset VTIMEZONE, Mozilla-style TZIDs.
func TestDecodeZones(t *testing.T) {
	ber := mustLoc(t, "Europe/Berlin")
	res := decode(t, sample(t, "outlook.ics"), ber)
	if len(res.Events) != 3 || len(res.Skipped) != 1 {
		t.Fatalf("%d events, skipped %v", len(res.Events), res.Skipped)
	}
	review := res.Events[0]
	if review.loc().String() != "Europe/Berlin" || !review.Start.Equal(time.Date(2025, 10, 2, 7, 0, 0, 0, time.UTC)) ||
		review.Rule != "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;WKST=SU;UNTIL=20251222T080000Z" {
		t.Errorf("review: %+v", review)
	}
	if !res.Events[1].Start.Equal(time.Date(2025, 7, 14, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("custom zone in summer (-02:00): %v", res.Events[1].Start)
	}
	if !res.Events[2].Start.Equal(time.Date(2025, 7, 15, 4, 0, 0, 0, time.UTC)) {
		t.Errorf("+05:30 zone: %v", res.Events[2].Start)
	}
	if !strings.Contains(res.Skipped[0].Reason, "Customized Time Zone") {
		t.Errorf("skipped: %+v", res.Skipped[0])
	}

	cal := func(tzid, extra string) string {
		return "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + extra +
			"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=" + tzid + ":20250115T100000\r\nRRULE:FREQ=DAILY;COUNT=2\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	}
	for _, c := range []struct {
		tzid, extra, zone string
		utc               time.Time
	}{
		{"/mozilla.org/20050126_1/America/Argentina/Buenos_Aires", "", "America/Argentina/Buenos_Aires", time.Date(2025, 1, 15, 13, 0, 0, 0, time.UTC)},
		{"/Europe/Paris", "", "Europe/Paris", time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)},
		{"Tokyo Standard Time", "", "Asia/Tokyo", time.Date(2025, 1, 15, 1, 0, 0, 0, time.UTC)},
		{"Fixed", "BEGIN:VTIMEZONE\r\nTZID:Fixed\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\nTZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n",
			"Etc/GMT-3", time.Date(2025, 1, 15, 7, 0, 0, 0, time.UTC)},
	} {
		res := decode(t, []byte(cal(c.tzid, c.extra)), ber)
		if len(res.Events) != 1 {
			t.Errorf("%s: skipped %v", c.tzid, res.Skipped)
			continue
		}
		if e := res.Events[0]; e.loc().String() != c.zone || !e.Start.Equal(c.utc) {
			t.Errorf("%s: zone %v start %v, want %s %v", c.tzid, e.loc(), e.Start.UTC(), c.zone, c.utc)
		}
	}
}

// TestDecodeBadEvents: every bad event is skipped with its reason, the
// good one kept.
func TestDecodeBadEvents(t *testing.T) {
	res := decode(t, sample(t, "bad-dates.ics"), time.UTC)
	if len(res.Events) != 1 || res.Events[0].Title != "Fine" {
		t.Errorf("events: %+v", res.Events)
	}
	want := map[string]string{
		"Month thirteen":        "not valid",
		"February 30":           "not valid",
		"Hour 25":               "not valid",
		"Ends before it starts": "ends before it starts",
		"No start":              "no start",
		"Words for a date":      "not valid",
		"Year one":              "out of range",
		"Every second":          "FREQ=SECONDLY",
		"Unknown zone":          "Mars/Olympus_Mons",
		"Extra dates":           "RDATE",
	}
	if len(res.Skipped) != len(want) {
		t.Errorf("skipped %d, want %d: %+v", len(res.Skipped), len(want), res.Skipped)
	}
	for _, s := range res.Skipped {
		if w, ok := want[s.Title]; !ok || !strings.Contains(s.Reason, w) {
			t.Errorf("skipped %q: %q, want it to mention %q", s.Title, s.Reason, w)
		}
	}
}

// TestDecodeDuplicates: one UID twice keeps the higher SEQUENCE; an
// override without its series, or of a date that is no occurrence, is
// skipped; text is cleaned and cut to the limits.
func TestDecodeDuplicates(t *testing.T) {
	long := strings.Repeat("é", MaxTitleRunes+10)
	s := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" +
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20250101T000000Z\r\nSEQUENCE:2\r\nDTSTART:20250105T100000Z\r\nSUMMARY:second\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:a\r\nDTSTAMP:20250101T000000Z\r\nSEQUENCE:1\r\nDTSTART:20250105T100000Z\r\nSUMMARY:first\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:b\r\nDTSTAMP:20250101T000000Z\r\nRECURRENCE-ID:20250105T100000Z\r\nDTSTART:20250105T100000Z\r\nSUMMARY:orphan\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250105T100000Z\r\nRRULE:FREQ=DAILY;COUNT=3\r\nSUMMARY:series\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:c\r\nDTSTAMP:20250101T000000Z\r\nRECURRENCE-ID:20250105T110000Z\r\nDTSTART:20250105T100000Z\r\nSUMMARY:not an occurrence\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:d\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250105T100000Z\r\nSUMMARY:" + long + "\r\nDESCRIPTION:nul\x00 and bell\x07\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:e\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250105T100000Z\r\nEND:VEVENT\r\n" +
		"END:VCALENDAR\r\n"
	res := decode(t, []byte(s), time.UTC)
	var titles []string
	for _, e := range res.Events {
		titles = append(titles, e.Title)
	}
	if len(titles) != 4 || titles[0] != "second" || titles[1] != "series" || titles[3] != UntitledEvent {
		t.Errorf("events %q", titles)
	}
	if d := res.Events[2]; utf8.RuneCountInString(d.Title) != MaxTitleRunes || d.Description != "nul and bell" || res.Shortened != 1 {
		t.Errorf("cleaned: %q %q shortened %d", d.Title, d.Description, res.Shortened)
	}
	if len(res.Skipped) != 3 {
		t.Errorf("skipped %+v", res.Skipped)
	}
}

// TestDecodeHostile: files that are not calendars, cut off, too big, too
// deep, with huge lines or too many events are refused with a message
// (an *Error), fast; 10 000 events are read in well under a second or two.
func TestDecodeHostile(t *testing.T) {
	ev := func(i int) string {
		return "BEGIN:VEVENT\r\nUID:" + strconv.Itoa(i) + "@x\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250105T100000Z\r\nDTEND:20250105T110000Z\r\nSUMMARY:Event " + strconv.Itoa(i) + "\r\nEND:VEVENT\r\n"
	}
	many := func(n int) string {
		var b strings.Builder
		b.WriteString("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n")
		for i := range n {
			b.WriteString(ev(i))
		}
		b.WriteString("END:VCALENDAR\r\n")
		return b.String()
	}
	head := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n"
	for _, c := range []struct {
		name, data, want string
	}{
		{"empty", "", "empty"},
		{"not a calendar", "Hello, this is a letter.\r\n", "does not start with BEGIN:VCALENDAR"},
		{"binary", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an iCalendar"},
		{"a vCard", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nEND:VCARD\r\n", "does not start with BEGIN:VCALENDAR"},
		{"truncated", string(sample(t, "truncated.ics")), "cut off"},
		{"cut mid-line", head + "BEGIN:VEVENT\r\nUID:1\r\nDTSTA", "cut off"},
		{"no end", head, "cut off"},
		{"unbalanced", head + "BEGIN:VEVENT\r\nEND:VTODO\r\nEND:VCALENDAR\r\n", "was not begun"},
		{"two calendars", many(1) + many(1), "after END:VCALENDAR"},
		{"nested calendar", head + "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\nEND:VCALENDAR\r\n", "inside another"},
		{"deep", head + strings.Repeat("BEGIN:X\r\n", 100000) + strings.Repeat("END:X\r\n", 100000) + "END:VCALENDAR\r\n", "nests"},
		{"huge line", head + "X-JUNK:" + strings.Repeat("a", 2<<20) + "\r\nEND:VCALENDAR\r\n", "longer than"},
		{"huge folded line", head + "X-JUNK:" + strings.Repeat("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n ", 30000) + "\r\nEND:VCALENDAR\r\n", "longer than"},
		{"parameter bomb", head + "X-JUNK" + strings.Repeat(";A=1", 1000) + ":x\r\nEND:VCALENDAR\r\n", "parameters"},
		{"too many events", many(DefaultMaxEvents + 1), "more than 10 000 events"},
		{"too big", head + strings.Repeat("X-JUNK:"+strings.Repeat("a", 1000)+"\r\n", 6000) + "END:VCALENDAR\r\n", "larger than 5 MB"},
	} {
		t.Run(c.name, func(t *testing.T) {
			start := time.Now()
			_, err := Decode(strings.NewReader(c.data), DecodeOptions{})
			var fe *Error
			if !errors.As(err, &fe) || !strings.Contains(fe.Msg, c.want) {
				t.Errorf("err %v, want an *Error mentioning %q", err, c.want)
			}
			t.Logf("%s refused in %v", c.name, time.Since(start))
		})
	}

	t.Run("10000 events", func(t *testing.T) {
		start := time.Now()
		res, err := Decode(strings.NewReader(many(DefaultMaxEvents)), DecodeOptions{})
		if err != nil || len(res.Events) != DefaultMaxEvents {
			t.Fatalf("err %v, %d events", err, len(res.Events))
		}
		t.Logf("10 000 events decoded in %v", time.Since(start))
	})
	t.Run("huge description", func(t *testing.T) {
		// A 100 KB line is within the limits: read, and cut to 10 000 characters.
		data := head + "BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20250101T000000Z\r\nDTSTART:20250105T100000Z\r\nSUMMARY:x\r\nDESCRIPTION:" +
			strings.Repeat("ab\\, ", 25000) + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		res, err := Decode(strings.NewReader(data), DecodeOptions{})
		if err != nil || len(res.Events) != 1 || utf8.RuneCountInString(res.Events[0].Description) > MaxDescriptionRunes ||
			utf8.RuneCountInString(res.Events[0].Description) < MaxDescriptionRunes-5 || res.Shortened != 1 {
			t.Fatalf("err %v, %+v", err, res)
		}
	})
}

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in    string
		days  int
		exact time.Duration
		ok    bool
	}{
		{"P1D", 1, 0, true},
		{"P2W", 14, 0, true},
		{"PT1H30M", 0, 90 * time.Minute, true},
		{"-PT15M", 0, -15 * time.Minute, true},
		{"P1DT2H3M4S", 1, 2*time.Hour + 3*time.Minute + 4*time.Second, true},
		{"+P0D", 0, 0, true},
		{"P", 0, 0, false},
		{"PT", 0, 0, false},
		{"P1DT", 0, 0, false},
		{"PT1D", 0, 0, false},
		{"P1H", 0, 0, false},
		{"P1", 0, 0, false},
		{"1D", 0, 0, false},
		{"P99999999999D", 0, 0, false},
		{"P1W2D", 9, 0, true},
		{"P2D1W", 0, 0, false},
		{"PT1M1M", 0, 0, false},
		{"PT1S1M", 0, 0, false},
		{"-P0DT0H10M0S", 0, -10 * time.Minute, true},
	} {
		d, e, ok := parseDuration(c.in)
		if d != c.days || e != c.exact || ok != c.ok {
			t.Errorf("parseDuration(%q) = %d, %v, %v; want %d, %v, %v", c.in, d, e, ok, c.days, c.exact, c.ok)
		}
	}
}

// TestVTimezoneDecode: a file's VTIMEZONE with yearly rules places times
// on both sides of its DST changes, however far from its DTSTART.
func TestVTimezoneDecode(t *testing.T) {
	vt := "BEGIN:VTIMEZONE\r\nTZID:My Zone\r\nBEGIN:STANDARD\r\nDTSTART:16010101T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:16010101T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n"
	for _, c := range []struct {
		local string
		utc   time.Time
	}{
		{"20250115T100000", time.Date(2025, 1, 15, 9, 0, 0, 0, time.UTC)},
		{"20250715T100000", time.Date(2025, 7, 15, 8, 0, 0, 0, time.UTC)},
		{"20251026T040000", time.Date(2025, 10, 26, 3, 0, 0, 0, time.UTC)},
		{"20250330T013000", time.Date(2025, 3, 30, 0, 30, 0, 0, time.UTC)},
		{"29990715T100000", time.Date(2999, 7, 15, 8, 0, 0, 0, time.UTC)},
	} {
		s := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + vt +
			"BEGIN:VEVENT\r\nUID:1\r\nDTSTAMP:20250101T000000Z\r\nDTSTART;TZID=My Zone:" + c.local + "\r\nSUMMARY:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
		res := decode(t, []byte(s), time.UTC)
		if len(res.Events) != 1 || !res.Events[0].Start.Equal(c.utc) {
			t.Errorf("%s: %+v %v, want %v", c.local, res.Events, res.Skipped, c.utc)
		}
	}
}

// TestEncodeDeterministic: the same events give the same bytes.
func TestEncodeDeterministic(t *testing.T) {
	a := encode(t, fixtures(t), EncodeOptions{Now: now})
	b := encode(t, fixtures(t), EncodeOptions{Now: now})
	if !bytes.Equal(a, b) {
		t.Error("two encodings differ")
	}
}

// TestEncodeNoInjection: line breaks and other controls in any text, and
// a rule that is not one, cannot add properties or components.
func TestEncodeNoInjection(t *testing.T) {
	evil := "x\r\nATTACH:http://evil.example/\r\nBEGIN:VALARM\rEND:VALARM\n\x00\x1b"
	in := []Event{{UID: evil, Title: evil, Description: evil, Location: evil, Color: evil,
		Start: now, End: now.Add(time.Hour), Rule: "FREQ=DAILY\r\nATTACH:http://evil.example/", Reminders: []int{10}}}
	out := encode(t, in, EncodeOptions{Now: now, Name: evil})
	alarms := 0
	for _, l := range strings.Split(string(out), "\r\n") {
		if l == "BEGIN:VALARM" {
			alarms++ // the reminder's own
		}
		if strings.HasPrefix(l, "ATTACH") || strings.HasPrefix(l, "RRULE") || strings.ContainsAny(l, "\r\n\x00\x1b") {
			t.Errorf("injected line %q", l)
		}
	}
	if alarms != 1 {
		t.Errorf("%d VALARMs, want the reminder's one", alarms)
	}
	res := decode(t, out, time.UTC)
	if len(res.Events) != 1 || !strings.Contains(res.Events[0].Description, "ATTACH:http://evil.example/") {
		t.Errorf("%+v", res.Events)
	}
}
