// Package ical converts between eventcal's events and iCalendar (RFC 5545)
// files: Encode writes a VCALENDAR for export and the subscription feed,
// Decode reads one for import and says what it skipped and why.
//
// The iCalendar syntax (content lines, parameters, TEXT escaping) is
// github.com/emersion/go-ical's; this package decides what goes into the
// properties, folds the lines it writes at 75 octets (the library does
// not), and checks a file's lines before the library reads them (scan.go),
// so that what it reads is bounded and well formed. It imports neither
// fiber nor db and has no mutable package state.
//
// # Times
//
// A single timed event is written in UTC. A timed series is written in its
// own zone (DTSTART;TZID=Europe/Berlin) with a VTIMEZONE generated from Go's
// zone data for the years it spans, because a series recurs in wall-clock
// time: a weekly 09:00 stays at 09:00 across DST only when the reader knows
// the zone. An all-day event is written as DATE values with an exclusive
// DTEND, its dates read in Event.Loc.
//
// On import, a TZID is read as an IANA zone when it is one (also inside
// Mozilla-style paths such as /mozilla.org/20050126_1/Europe/Berlin), then
// as a Windows zone name through a small table, then through the file's
// VTIMEZONE (its offsets; a series needs a zone without DST changes there).
// Floating times and all-day dates are read in DecodeOptions.Loc.
//
// # Reminders
//
// Event.Reminders travel as VALARMs in their VEVENT (alarms.go): Encode
// writes ACTION:DISPLAY with TRIGGER;RELATED=START:-PT10M; Decode turns
// any alarm that goes off at or before the start into minutes before it.
package ical

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of what eventcal stores (the schema checks the same lengths).
const (
	MaxTitleRunes       = 200
	MaxDescriptionRunes = 10000
	MaxLocationRunes    = 200
	MaxUIDBytes         = 1000
	// MaxEventDays bounds the local days one event (or one occurrence)
	// covers, as the event form does.
	MaxEventDays = 3653
	// MinYear and MaxYear bound the dates accepted.
	MinYear = 1000
	MaxYear = 9998
)

// MaxReminders and MaxReminderMinutes bound an event's reminders: at most
// five, each 0 (at the start) to 40320 minutes (four weeks) before it.
const (
	MaxReminders       = 5
	MaxReminderMinutes = 40320
)

// UntitledEvent is the title of an imported event without a SUMMARY.
const UntitledEvent = "Untitled event"

// Event is one event as iCalendar carries it. Times are instants; an all-day
// event runs from the start of its first day to the start of the day after
// its last, both in Loc (as eventcal stores it).
type Event struct {
	// UID identifies the event across exports and imports.
	UID         string
	Title       string
	Description string
	Location    string
	// Color is an RFC 7986 colour name ("" for none).
	Color  string
	Start  time.Time
	End    time.Time
	AllDay bool
	// Loc is the zone the event's dates are read in: the series' zone for a
	// series, the owner's zone otherwise. nil means UTC.
	Loc *time.Location
	// Rule is the canonical RRULE value of a series (package recur), "" for
	// a single event.
	Rule string
	// Exdates are the recurrence ids (UTC) of cancelled occurrences.
	Exdates []time.Time
	// RecurrenceID is set on an override: the recurrence id (UTC) of the
	// occurrence it replaces. Overrides share their series' UID.
	RecurrenceID time.Time
	// Overrides are a series' changed occurrences (only on a series).
	Overrides []Event
	// Reminders are minutes before Start (0 to MaxReminderMinutes),
	// ascending, without duplicates, at most MaxReminders; on a series
	// they apply to every occurrence. On an override nil means "as the
	// series" (Decode gives nil when its VEVENT has no VALARM, or the
	// same reminders as the series) and an empty list means none.
	Reminders []int
	// Created and Modified are written when set.
	Created  time.Time
	Modified time.Time
}

// IsSeries reports whether e repeats.
func (e Event) IsSeries() bool { return e.Rule != "" }

// IsOverride reports whether e replaces one occurrence of a series.
func (e Event) IsOverride() bool { return !e.RecurrenceID.IsZero() }

// loc returns e.Loc or UTC.
func (e Event) loc() *time.Location { return orUTC(e.Loc) }

func orUTC(loc *time.Location) *time.Location {
	if loc == nil {
		return time.UTC
	}
	return loc
}

// cleanText makes imported text storable: valid UTF-8, no NUL or other
// control characters (tabs stay, and newlines when multiline; otherwise a
// newline becomes a space), trimmed, at most max runes. It reports whether
// the text was shortened.
func cleanText(s string, multiline bool, max int) (string, bool) {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	s = strings.Map(func(r rune) rune {
		switch {
		case r == '\t':
			return r
		case r == '\n' && multiline:
			return r
		case r == '\n':
			return ' '
		case unicode.IsControl(r):
			return -1
		}
		return r
	}, s)
	if multiline {
		s = strings.TrimRight(strings.TrimLeft(s, "\n"), " \t\n")
	} else {
		s = strings.TrimSpace(s)
	}
	if utf8.RuneCountInString(s) <= max {
		return s, false
	}
	n := 0
	for i := range s {
		if n == max {
			return strings.TrimRightFunc(s[:i], unicode.IsSpace), true
		}
		n++
	}
	return s, false
}

// exportText prepares stored text for a TEXT property: line breaks as LF
// (the library escapes them as \n) and no other control characters but tab.
func exportText(s string) string {
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
