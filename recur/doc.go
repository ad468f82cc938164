// Package recur holds the pure core of recurring events: RFC 5545 RRULE
// values (parse, validate, canonical form, English description, the Repeat
// control's presets) and the expansion of a series into occurrences, with
// cancelled and overridden occurrences, and the split behind "this and
// following" edits.
//
// It imports neither fiber nor db; it depends on the standard library,
// package calendar and github.com/teambition/rrule-go, which does the RRULE
// parsing and expansion. It has no mutable package state.
//
// # Wall-clock recurrence
//
// A series recurs in wall-clock time in its own zone (Series.Loc, the user's
// IANA zone when the series was saved — store it with the series): a weekly
// meeting at 09:00 in Europe/Berlin stays at 09:00 local across DST changes.
// The rule is expanded in "floating" time — on a UTC clock holding the local
// wall time — and each occurrence is then placed in the zone the way
// package calendar resolves local times: a time inside a DST gap moves
// forward by the size of the gap (02:30 on 2025-03-30 in Berlin becomes
// 03:30 CEST), an ambiguous time in a fall-back overlap takes its earlier
// instant. An all-day occurrence starts at calendar.Date.Start of its day.
//
// # Identity of occurrences
//
// An occurrence is identified by its recurrence id: the instant, in UTC and
// whole seconds, at which the rule originally places it (for an all-day
// series, the start of its day in Series.Loc). Cancelled occurrences
// (EXDATE) and overridden ones (an edited or moved occurrence stored as an
// event of its own that points at the series and the recurrence id) are both
// listed in Series.Exceptions, and the expansion skips them. An override is
// then found like any other event, by its own start and end.
//
// # DTSTART
//
// As RFC 5545 says, the series start (DTSTART) is always its first
// occurrence and counts toward COUNT, even when the rule would not have
// chosen that day (a Monday start with FREQ=WEEKLY;BYDAY=TU,TH gives that
// Monday, then Tuesdays and Thursdays). The presets always produce rules
// that match their start.
//
// # Storing a series (a suggestion for the wiring)
//
// The series row is an ordinary event (starts_at/ends_at of the first
// occurrence, all_day) plus the canonical rule (Rule.String, "" for a
// single event), the zone it recurs in, and, for range queries, the end of
// its last occurrence (Series.Last; NULL when endless): a series overlaps
// [from, to) when starts_at < to and (that end IS NULL or > from), and
// Between then lists its occurrences in the window. Cancelled occurrences
// are kept as (series, recurrence id) pairs; an override is an event row
// with the series and recurrence id it replaces. Series.Exceptions must
// hold both kinds — all of the series' overrides, not only those in the
// window, since an override may move far from the date it replaces.
//
// COUNT counts occurrences as the rule generates them: cancelling or
// overriding one does not add another at the end, and Index keeps counting
// them.
package recur
