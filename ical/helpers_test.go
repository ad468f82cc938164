package ical

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	_ "time/tzdata" // the test zones, whatever the machine has
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// sample reads a file of testdata/ical (at the repository root).
func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "ical", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func decode(t testing.TB, data []byte, loc *time.Location) *Result {
	t.Helper()
	res, err := Decode(bytes.NewReader(data), DecodeOptions{Loc: loc})
	if err != nil {
		t.Fatalf("Decode: %v", err)
	}
	return res
}

func encode(t testing.TB, evs []Event, opt EncodeOptions) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, evs, opt); err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b.Bytes()
}

// fixtures are events of every kind eventcal stores, in loc: timed and
// all-day single events, text that needs escaping and folding, and series
// (timed across DST with a cancelled and a moved occurrence, all-day
// yearly, UNTIL as a date, endless, in UTC); some with reminders.
func fixtures(t testing.TB) []Event {
	ber := mustLoc(t, "Europe/Berlin")
	ny := mustLoc(t, "America/New_York")
	d := func(loc *time.Location, y int, m time.Month, day, h, min int) time.Time {
		return time.Date(y, m, day, h, min, 0, 0, loc)
	}
	return []Event{
		{UID: "event-1@eventcal", Title: "Lunch, with; Bob\\Alice", Description: "Line one\nLine two, with a comma; and a semicolon\n\nÜmlauts: äöü ß — 日本語 — 🎉",
			Location: "Café \"Zur Post\", Hauptstraße 1; 2. OG", Color: "green", Reminders: []int{10},
			Start: d(time.UTC, 2025, 6, 1, 10, 0), End: d(time.UTC, 2025, 6, 1, 11, 30), Loc: ber},
		{UID: "event-2@eventcal", Title: "A long title that goes on and on so that its content line is folded — ünïcödé ✓✓✓✓✓✓",
			Description: strings.TrimSpace(strings.Repeat("Wörter und Sätze, mehrfach; ", 20)),
			Start:       d(ber, 2025, 3, 30, 1, 30), End: d(ber, 2025, 3, 30, 3, 30), Loc: ber},
		{UID: "holiday@example.org", Title: "Holiday", AllDay: true, Start: d(ber, 2025, 7, 14, 0, 0), End: d(ber, 2025, 7, 19, 0, 0), Loc: ber},
		{UID: "one-day@example.org", Title: "Day off", AllDay: true, Start: d(ber, 2025, 10, 26, 0, 0), End: d(ber, 2025, 10, 27, 0, 0), Loc: ber},
		{UID: "zero@example.org", Title: "Reminder", Start: d(time.UTC, 2025, 1, 2, 8, 0), End: d(time.UTC, 2025, 1, 2, 8, 0), Loc: ber},
		{UID: "standup@example.org", Title: "Standup", Description: "Daily-ish, weekly here",
			Start: d(ber, 2025, 3, 3, 9, 0), End: d(ber, 2025, 3, 3, 9, 15), Loc: ber,
			Rule: "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=20", Exdates: []time.Time{d(ber, 2025, 3, 12, 9, 0).UTC()}, Reminders: []int{0, 15},
			Overrides: []Event{{Title: "Standup (moved)", Description: "Room 2", Start: d(ber, 2025, 4, 1, 10, 0), End: d(ber, 2025, 4, 1, 10, 30), Loc: ber,
				RecurrenceID: d(ber, 2025, 3, 31, 9, 0).UTC()},
				{Title: "Standup (late)", Start: d(ber, 2025, 4, 2, 11, 0), End: d(ber, 2025, 4, 2, 11, 15), Loc: ber,
					RecurrenceID: d(ber, 2025, 4, 2, 9, 0).UTC(), Reminders: []int{60}}}},
		{UID: "birthday@example.org", Title: "Anna's birthday 🎂", AllDay: true, Start: d(ber, 1990, 4, 12, 0, 0), End: d(ber, 1990, 4, 13, 0, 0), Loc: ber,
			Rule: "FREQ=YEARLY", Exdates: []time.Time{d(ber, 2000, 4, 12, 0, 0).UTC()}, Reminders: []int{900},
			Overrides: []Event{{Title: "Anna's birthday party", AllDay: true, Start: d(ber, 2024, 4, 13, 0, 0), End: d(ber, 2024, 4, 15, 0, 0), Loc: ber,
				RecurrenceID: d(ber, 2024, 4, 12, 0, 0).UTC(), Reminders: []int{}}}},
		{UID: "monthly@example.org", Title: "Rent", Start: d(ny, 2025, 1, 31, 18, 0), End: d(ny, 2025, 1, 31, 18, 30), Loc: ny,
			Rule: "FREQ=MONTHLY;BYMONTHDAY=-1;UNTIL=20251231"},
		{UID: "gym@example.org", Title: "Gym", Start: d(ny, 2025, 10, 30, 6, 30), End: d(ny, 2025, 10, 30, 7, 30), Loc: ny, Rule: "FREQ=DAILY;INTERVAL=3",
			Reminders: []int{5, 30, 90, 1440, MaxReminderMinutes}},
		{UID: "utc-series@example.org", Title: "UTC sync", Start: d(time.UTC, 2025, 3, 1, 12, 0), End: d(time.UTC, 2025, 3, 1, 13, 0), Loc: time.UTC,
			Rule: "FREQ=WEEKLY;COUNT=8"},
		{UID: "vacation-series@example.org", Title: "Summer week", AllDay: true, Start: d(ber, 2025, 8, 4, 0, 0), End: d(ber, 2025, 8, 9, 0, 0), Loc: ber,
			Rule: "FREQ=YEARLY;UNTIL=20280804T000000Z"},
	}
}

// inOneComponent reports whether one component of an unfolded export holds
// every line of want, its BEGIN line counting as one of its own.
func inOneComponent(unfolded string, want ...string) bool {
	var open []map[string]bool
	for _, l := range strings.Split(unfolded, "\r\n") {
		switch {
		case strings.HasPrefix(l, "BEGIN:"):
			open = append(open, map[string]bool{l: true})
		case strings.HasPrefix(l, "END:") && len(open) > 0:
			c := open[len(open)-1]
			open = open[:len(open)-1]
			if !slices.ContainsFunc(want, func(w string) bool { return !c[w] }) {
				return true
			}
		case len(open) > 0:
			open[len(open)-1][l] = true
		}
	}
	return false
}
