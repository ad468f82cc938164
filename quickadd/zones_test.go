package quickadd

import (
	"testing"
	"time"
)

// Wall-clock times are placed like package calendar does: inside the
// spring-forward gap they move forward by the gap; in the fall-back
// overlap they take the earlier instant. The default hour is an hour of
// real time.
func TestDSTBerlin(t *testing.T) {
	loc := mustLoad(t, "Europe/Berlin")
	spring := time.Date(2026, 3, 28, 10, 0, 0, 0, loc) // the day before 29 Mar
	runCases(t, spring, loc, time.Monday, []tc{
		{"Brunch tomorrow 2:30", "Brunch", "2026-03-29 03:30 CEST", "2026-03-29 04:30 CEST", false, "", ""},
		{"Night tomorrow 1:30-2:30", "Night", "2026-03-29 01:30 CET", "2026-03-29 03:30 CEST", false, "", ""},
		{"Market tomorrow 9:00", "Market", "2026-03-29 09:00 CEST", "2026-03-29 10:00 CEST", false, "", ""},
		{"Clocks tomorrow", "Clocks", "2026-03-29 00:00 CET", "2026-03-30 00:00 CEST", true, "", ""},
		{"Bake every day 2:30", "Bake", "2026-03-28 02:30 CET", "2026-03-28 03:30 CET", false, "", "FREQ=DAILY"},
	})
	autumn := time.Date(2026, 10, 24, 10, 0, 0, 0, loc) // the day before 25 Oct
	runCases(t, autumn, loc, time.Monday, []tc{
		{"Owls tomorrow 2:30", "Owls", "2026-10-25 02:30 CEST", "2026-10-25 02:30 CET", false, "", ""},
		{"Owls tomorrow 1:30-3:30", "Owls", "2026-10-25 01:30 CEST", "2026-10-25 03:30 CET", false, "", ""},
		{"Fall back Oct 25", "Fall back", "2026-10-25 00:00 CEST", "2026-10-26 00:00 CET", true, "", ""},
	})
}

// America/New_York, weeks from Sunday: "next sun" and "next week" follow
// the user's week.
func TestNewYorkSundayWeeks(t *testing.T) {
	loc := mustLoad(t, "America/New_York")
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, loc) // a Wednesday
	runCases(t, now, loc, time.Sunday, []tc{
		{"Lunch tomorrow 1pm", "Lunch", "2026-12-03 13:00 EST", "2026-12-03 14:00 EST", false, "", ""},
		{"Brunch next sun", "Brunch", "2026-12-06 00:00 EST", "2026-12-07 00:00 EST", true, "", ""},
		{"Party next sat 8pm", "Party", "2026-12-12 20:00 EST", "2026-12-12 21:00 EST", false, "", ""},
		{"Vacation next week", "Vacation", "2026-12-06 00:00 EST", "2026-12-13 00:00 EST", true, "", ""},
		{"Standup every weekday 9:15", "Standup", "2026-12-02 09:15 EST", "2026-12-02 10:15 EST", false, "", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
	})
	spring := time.Date(2026, 3, 7, 12, 0, 0, 0, loc) // the day before 8 Mar
	runCases(t, spring, loc, time.Sunday, []tc{
		{"Early tomorrow 2:30am", "Early", "2026-03-08 03:30 EDT", "2026-03-08 04:30 EDT", false, "", ""},
	})
}

// "today" and "tomorrow" are the user's days: one instant is already
// Thursday in Berlin and still Wednesday in New York.
func TestTodayIsTheUsersDay(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	ny := mustLoad(t, "America/New_York")
	now := time.Date(2026, 12, 3, 1, 0, 0, 0, berlin) // Wed 2 Dec 19:00 in New York
	runCases(t, now, berlin, time.Monday, []tc{
		{"Call tomorrow 9:00", "Call", "2026-12-04 09:00 CET", "2026-12-04 10:00 CET", false, "", ""},
	})
	runCases(t, now, ny, time.Monday, []tc{
		{"Call tomorrow 9:00", "Call", "2026-12-03 09:00 EST", "2026-12-03 10:00 EST", false, "", ""},
	})
}
