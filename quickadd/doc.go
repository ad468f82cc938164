// Package quickadd turns one line of English into an event, for the quick
// add field ("Lunch with Ann tomorrow 13:00"): Parse returns the title,
// start and end instants, all-day flag, location and a canonical RRULE,
// with the phrases it understood (Result.Parts) and a one-line preview
// (Result.Summary). It is pure: the standard library, package calendar
// (days and wall-clock times in a zone) and package recur (rules); no
// mutable package state.
//
// # What it reads
//
// Everything is read in the user's zone, relative to now:
//
//   - days: today, tonight (19:00 unless a time is given; hours without
//     am/pm are evening ones), tomorrow, yesterday; a weekday ("fri", "this
//     fri": its next occurrence, today included); "next fri" (Friday of next
//     week, weeks starting on the user's week start); "next week" (all of
//     it); "in 3 days", "in a week", "in 2 months"; "in 2 hours" (from now).
//   - dates: "Dec 24", "December 24th", "24 Dec", "the 24th of December",
//     "Dec 24, 2027", ISO "2026-12-24", and numbers day first: "24/12",
//     "24/12/2026", "24.12." — never month first: "12/24" is refused with
//     a hint. A date without a year is its next occurrence, today included
//     ("Jan 3" typed in December is next year's; "Feb 29" the next leap
//     year's); "the 24th" is the next 24th of a month.
//   - ranges of days: "Dec 24-26", "24-26 Dec", "Dec 30 - Jan 2", "mon-wed",
//     "Dec 24 to Dec 26", "Dec 24 until 26 Dec", "until fri" (from today),
//     "for 3 days". A range starts on the next occurrence of its first day.
//   - times: "13:00", "1pm", "1:30 p.m.", "noon"; ranges "9:30-10:15",
//     "1-2pm", "9am-5", "from 9 to 10", "14:00 until 16:30"; "for 2 hours",
//     "for 1h30". A bare hour is a time only after "at" or "tonight" or in a
//     range, and from 1 to 7 it is afternoon ("at 5" is 17:00, "1-2" is
//     13:00–14:00); with minutes it is as written ("5:30" is 05:30). An end
//     before its start, taking the start's half of the day when it has no
//     am/pm ("9:30-5:30" ends 17:30), is on the next day ("22:00-1:00").
//   - repetition: "daily", "weekly", "monthly", "yearly", "every day |
//     week | month | year | weekday (Mon–Fri) | weekend", "mondays", "every
//     mon and wed", "every other week", "every 3 days", "every last fri",
//     "every 2nd tue of the month"; ended by "until Dec 31" or "10 times".
//   - place: the first "at" (or "@") not followed by a time starts the
//     location, which runs to the next phrase read above: "Dentist fri 9:30
//     at Main St 5", "Drinks at The Pub at 7" (a place, then a time).
//
// What is left is the title, as typed, with separators at its ends and a
// dangling "on", "at", "to", … dropped. When a kind of phrase is typed
// twice the later one counts and the earlier stays in the title ("Tuesday
// club fri 18:00" is on Friday).
//
// # The event it makes
//
// A date without a time makes an all-day event: Start is 00:00 of the first
// day and End 00:00 of the day after the last (calendar.Date.Start), as
// eventcal stores them. A time without a date is today, even when it has
// passed. A time without an end lasts DefaultDuration (one hour of real
// time); with a range of days it ends an hour after the time on the last
// day. Wall-clock times are placed as package calendar does everywhere in
// eventcal: in a spring-forward gap they move forward by the gap ("tomorrow
// 2:30" on 29 March 2026 in Berlin is 03:30 CEST), in a fall-back overlap
// they take the earlier instant (02:30 CEST on 25 October 2026).
//
// A repetition starts on its first day from the date typed (today when
// none): "every weekday" typed on a Saturday starts on Monday. Its rule is
// the canonical form recur gives (recur.Parse accepts it, and it is a preset
// where one fits: "FREQ=WEEKLY;BYDAY=WE" for "weekly" on a Wednesday).
// "every month" from the 30th is FREQ=MONTHLY;BYMONTHDAY=28,29,30;
// BYSETPOS=-1 (the 30th, or the last day of a shorter month; from the 29th
// likewise with 28,29), from the 31st BYMONTHDAY=-1 (every month's last
// day): a monthly event never skips a month. A yearly 29 February happens in leap years only, as in recur's
// presets. UNTIL is written as a date (the series ends that day in the
// user's zone); "every other" weekly rules carry WKST when weeks start on
// another day than Monday.
//
// # Errors
//
// Parse returns an *Error whose Msg is a sentence for the person typing:
// ErrEmpty, ErrTooLong (over MaxLen characters), ErrInvalidText, ErrNoDate
// (nothing read as a date, time or repetition — the HTTP handler's 422),
// ErrInvalidDate ("Feb 30", "12/24", a range ending before it starts, a
// year outside MinYear..MaxYear), ErrInvalidRepeat, and ErrNoTitle, which
// comes with the Result understood so that a preview can still show it.
// Lengths of title and location are left to events.Input.Validate.
//
// # Why no date library
//
// github.com/olebedev/when and github.com/markusmobius/go-dateparser were
// both tried (both are served). when gives one time per text without
// saying whether a time was typed (a date alone carries the current
// clock), does not roll "Jan 3" over to next year, reads "2026-12-24" as
// 12:24 and "1-2pm" as 2pm, and has no ranges. go-dateparser reports a
// day's precision even with a time, reads "1-2pm" as 2 January and
// "9:30-10:15" as 10:15, moves "9:15" to tomorrow, and brings a WebAssembly
// regex engine (wazero, go-re2) that makes a binary 8 MB larger and takes
// tens of milliseconds on a first call. Neither knows the week start or
// the DST rule above. What they would add over this small grammar is
// other languages and phrasings eventcal does not offer, so the grammar is
// ours: a lexer (lex.go) and one table-tested matcher per kind of phrase
// (dates.go, clock.go, repeat.go), longest match first.
package quickadd
