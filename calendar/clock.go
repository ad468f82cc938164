package calendar

import (
	"strconv"
	"strings"
	"time"
)

// Clock is how a viewer reads times of day: Clock24 ("13:05", the zero
// value) or Clock12 ("1:05 PM"). Every time label of a page or an email
// goes through it.
type Clock uint8

// The time formats of Settings.
const (
	Clock24 Clock = iota
	Clock12
)

// ParseClock reads a time format as Settings names it: "24h" or "12h".
func ParseClock(s string) (Clock, bool) {
	switch s {
	case "24h":
		return Clock24, true
	case "12h":
		return Clock12, true
	}
	return Clock24, false
}

// String is the Settings name: "24h" or "12h".
func (c Clock) String() string {
	if c == Clock12 {
		return "12h"
	}
	return "24h"
}

// Time is t's time of day in t's location: "09:30" or "9:30 AM".
func (c Clock) Time(t time.Time) string {
	var b [16]byte
	return string(c.AppendTime(b[:0], t))
}

// AppendTime appends Time(t) to b.
func (c Clock) AppendTime(b []byte, t time.Time) []byte {
	h, m, _ := t.Clock()
	if c == Clock12 {
		b = strconv.AppendInt(b, int64((h+11)%12+1), 10)
		b = append(b, ':', byte('0'+m/10), byte('0'+m%10), ' ')
		if h < 12 {
			return append(b, "AM"...)
		}
		return append(b, "PM"...)
	}
	return append(b, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10))
}

// Seconds is t's time of day to the second: "09:30:05" or "9:30:05 AM"
// (logs and queues).
func (c Clock) Seconds(t time.Time) string {
	if c == Clock12 {
		return t.Format("3:04:05 PM")
	}
	return t.Format("15:04:05")
}

// Span is a time range within a day: "09:30–10:15", or "9:30–10:15 AM"
// (the half of the day said once when both ends share it).
func (c Clock) Span(start, end time.Time) string {
	var b [32]byte
	return string(c.AppendSpan(b[:0], start, end))
}

// AppendSpan appends Span(start, end) to b.
func (c Clock) AppendSpan(b []byte, start, end time.Time) []byte {
	if c == Clock12 && (start.Hour() < 12) == (end.Hour() < 12) {
		b = append(start.AppendFormat(b, "3:04"), "–"...)
		return end.AppendFormat(b, "3:04 PM")
	}
	return c.AppendTime(append(c.AppendTime(b, start), "–"...), end)
}

// Hour labels the hour h (0–23) of a day's axis: "09:00" or "9 AM".
func (c Clock) Hour(h int) string {
	if c == Clock12 {
		switch {
		case h == 0:
			return "12 AM"
		case h < 12:
			return strconv.Itoa(h) + " AM"
		case h == 12:
			return "12 PM"
		}
		return strconv.Itoa(h-12) + " PM"
	}
	if h < 10 {
		return "0" + strconv.Itoa(h) + ":00"
	}
	return strconv.Itoa(h) + ":00"
}

// Example is a time of day written the way c reads, for form hints.
func (c Clock) Example() string {
	return c.Time(time.Date(2000, 1, 1, 13, 30, 0, 0, time.UTC))
}

// ParseWeekStart reads a week start as Settings names it: "monday",
// "sunday" or "saturday" (case-insensitive).
func ParseWeekStart(s string) (time.Weekday, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "monday":
		return time.Monday, true
	case "sunday":
		return time.Sunday, true
	case "saturday":
		return time.Saturday, true
	}
	return time.Monday, false
}

// WeekStartName is the Settings name of a week start: "monday", "sunday"
// or "saturday" (any other day reads as "monday").
func WeekStartName(d time.Weekday) string {
	switch d {
	case time.Sunday:
		return "sunday"
	case time.Saturday:
		return "saturday"
	}
	return "monday"
}
