// Package calendar holds the pure date math behind the month, week and day
// views: civil dates, view ranges and navigation, event day spans, the
// side-by-side layout of timed events, and parsing of form input.
//
// It depends only on the standard library and has no mutable package state.
// Time zones are passed in explicitly; the package never imports time/tzdata
// (the main binary does). A nil *time.Location is treated as UTC.
//
// Local wall-clock times are resolved consistently across DST changes: a
// time that falls in a gap resolves forward by the size of the gap (02:30 on a
// spring-forward day becomes 03:30), and an ambiguous time in a fall-back
// overlap resolves to its earlier instant. This differs from time.Date, whose
// choice in those cases is unspecified and varies by zone.
package calendar
