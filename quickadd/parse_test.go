package quickadd

import (
	"testing"
	"time"
)

// tc is one table case: text parsed at the usual now (Wed 2 Dec 2026 10:00
// Europe/Berlin, weeks from Monday) unless the case says otherwise.
type tc struct {
	text       string
	title      string
	start, end string // in stamp's layout, in the case's zone
	allDay     bool
	location   string
	rule       string
}

func runCases(t *testing.T, now time.Time, loc *time.Location, ws time.Weekday, cases []tc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			r, err := Parse(c.text, now, loc, ws)
			if err != nil {
				t.Fatalf("Parse(%q): %v", c.text, err)
			}
			checkValid(t, c.text, r, loc)
			got := tc{c.text, r.Title, r.Start.In(loc).Format(stamp), r.End.In(loc).Format(stamp),
				r.AllDay, r.Location, r.Rule}
			if got != c {
				t.Errorf("Parse(%q)\n got %+v\nwant %+v", c.text, got, c)
			}
		})
	}
}

// The four of DESIGN.md.
func TestContract(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Lunch with Ann tomorrow 13:00", "Lunch with Ann", "2026-12-03 13:00 CET", "2026-12-03 14:00 CET", false, "", ""},
		{"Dentist fri 9:30-10:15 at Main St 5", "Dentist", "2026-12-04 09:30 CET", "2026-12-04 10:15 CET", false, "Main St 5", ""},
		{"Holiday Dec 24-26", "Holiday", "2026-12-24 00:00 CET", "2026-12-27 00:00 CET", true, "", ""},
		{"Standup every weekday 9:15", "Standup", "2026-12-02 09:15 CET", "2026-12-02 10:15 CET", false, "", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
	})
}

func TestDays(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Call mom today 15:00", "Call mom", "2026-12-02 15:00 CET", "2026-12-02 16:00 CET", false, "", ""},
		{"Coffee tomorrow", "Coffee", "2026-12-03 00:00 CET", "2026-12-04 00:00 CET", true, "", ""},
		{"Dinner tonight", "Dinner", "2026-12-02 19:00 CET", "2026-12-02 20:00 CET", false, "", ""},
		{"Dinner tonight 8", "Dinner", "2026-12-02 20:00 CET", "2026-12-02 21:00 CET", false, "", ""},
		{"Party fri", "Party", "2026-12-04 00:00 CET", "2026-12-05 00:00 CET", true, "", ""},
		{"Review on Wednesday 14:00", "Review", "2026-12-02 14:00 CET", "2026-12-02 15:00 CET", false, "", ""},
		{"Review tue", "Review", "2026-12-08 00:00 CET", "2026-12-09 00:00 CET", true, "", ""},
		{"Party next fri", "Party", "2026-12-11 00:00 CET", "2026-12-12 00:00 CET", true, "", ""},
		{"Brunch next sun", "Brunch", "2026-12-13 00:00 CET", "2026-12-14 00:00 CET", true, "", ""},
		{"Vacation next week", "Vacation", "2026-12-07 00:00 CET", "2026-12-14 00:00 CET", true, "", ""},
		{"Check in 3 days", "Check", "2026-12-05 00:00 CET", "2026-12-06 00:00 CET", true, "", ""},
		{"Coffee in 2 hours", "Coffee", "2026-12-02 12:00 CET", "2026-12-02 13:00 CET", false, "", ""},
		{"Renew passport in 2 months", "Renew passport", "2027-02-02 00:00 CET", "2027-02-03 00:00 CET", true, "", ""},
		{"Party Dec 24", "Party", "2026-12-24 00:00 CET", "2026-12-25 00:00 CET", true, "", ""},
		{"Party 24 Dec", "Party", "2026-12-24 00:00 CET", "2026-12-25 00:00 CET", true, "", ""},
		{"Party on the 24th of December", "Party", "2026-12-24 00:00 CET", "2026-12-25 00:00 CET", true, "", ""},
		{"Party 24/12", "Party", "2026-12-24 00:00 CET", "2026-12-25 00:00 CET", true, "", ""},
		{"Party 24.12.", "Party", "2026-12-24 00:00 CET", "2026-12-25 00:00 CET", true, "", ""},
		{"Party 2026-12-24 20:00", "Party", "2026-12-24 20:00 CET", "2026-12-24 21:00 CET", false, "", ""},
		{"Party Dec 24, 2027", "Party", "2027-12-24 00:00 CET", "2027-12-25 00:00 CET", true, "", ""},
		{"Pay bills the 15th", "Pay bills", "2026-12-15 00:00 CET", "2026-12-16 00:00 CET", true, "", ""},
		{"Tuesday club fri 18:00", "Tuesday club", "2026-12-04 18:00 CET", "2026-12-04 19:00 CET", false, "", ""},
		{"Lunch with Ann, tomorrow 13:00", "Lunch with Ann", "2026-12-03 13:00 CET", "2026-12-03 14:00 CET", false, "", ""},
	})
}

// A date already past this year is next year's; ranges cross the year.
func TestYearRollover(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Review Jan 3", "Review", "2027-01-03 00:00 CET", "2027-01-04 00:00 CET", true, "", ""},
		{"Review Dec 1", "Review", "2027-12-01 00:00 CET", "2027-12-02 00:00 CET", true, "", ""},
		{"Review 3/1 10:00", "Review", "2027-01-03 10:00 CET", "2027-01-03 11:00 CET", false, "", ""},
		{"Ski trip Dec 30 - Jan 2", "Ski trip", "2026-12-30 00:00 CET", "2027-01-03 00:00 CET", true, "", ""},
		{"Leap day Feb 29", "Leap day", "2028-02-29 00:00 CET", "2028-03-01 00:00 CET", true, "", ""},
	})
	late := time.Date(2026, 12, 30, 9, 0, 0, 0, loc) // a Wednesday
	runCases(t, late, loc, time.Monday, []tc{
		{"Offsite next week", "Offsite", "2027-01-04 00:00 CET", "2027-01-11 00:00 CET", true, "", ""},
		{"Check in 5 days", "Check", "2027-01-04 00:00 CET", "2027-01-05 00:00 CET", true, "", ""},
		{"Party fri 20:00", "Party", "2027-01-01 20:00 CET", "2027-01-01 21:00 CET", false, "", ""},
	})
}

func TestTimes(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Call 9:00", "Call", "2026-12-02 09:00 CET", "2026-12-02 10:00 CET", false, "", ""}, // past: still today
		{"Call 1pm", "Call", "2026-12-02 13:00 CET", "2026-12-02 14:00 CET", false, "", ""},
		{"Call 1:30pm", "Call", "2026-12-02 13:30 CET", "2026-12-02 14:30 CET", false, "", ""},
		{"Call 1:30 p.m. fri", "Call", "2026-12-04 13:30 CET", "2026-12-04 14:30 CET", false, "", ""},
		{"Call 12am tomorrow", "Call", "2026-12-03 00:00 CET", "2026-12-03 01:00 CET", false, "", ""},
		{"Lunch noon", "Lunch", "2026-12-02 12:00 CET", "2026-12-02 13:00 CET", false, "", ""},
		{"Sync 1-2pm", "Sync", "2026-12-02 13:00 CET", "2026-12-02 14:00 CET", false, "", ""},
		{"Sync 11-1pm", "Sync", "2026-12-02 11:00 CET", "2026-12-02 13:00 CET", false, "", ""},
		{"Work 9am-5", "Work", "2026-12-02 09:00 CET", "2026-12-02 17:00 CET", false, "", ""},
		{"Class fri 9-10", "Class", "2026-12-04 09:00 CET", "2026-12-04 10:00 CET", false, "", ""},
		{"Class fri 9:30 to 10:15", "Class", "2026-12-04 09:30 CET", "2026-12-04 10:15 CET", false, "", ""},
		{"Class fri from 2 to 4", "Class", "2026-12-04 14:00 CET", "2026-12-04 16:00 CET", false, "", ""},
		{"Exam tomorrow 14:00 until 16:30", "Exam", "2026-12-03 14:00 CET", "2026-12-03 16:30 CET", false, "", ""},
		{"Night shift 22:00-6:00", "Night shift", "2026-12-02 22:00 CET", "2026-12-03 06:00 CET", false, "", ""},
		{"Walk tomorrow 10:00 for 2 hours", "Walk", "2026-12-03 10:00 CET", "2026-12-03 12:00 CET", false, "", ""},
		{"Nap 14:00 for 1h30", "Nap", "2026-12-02 14:00 CET", "2026-12-02 15:30 CET", false, "", ""},
		{"Trip Dec 24 for 3 days", "Trip", "2026-12-24 00:00 CET", "2026-12-27 00:00 CET", true, "", ""},
		{"Conference Dec 24-26 9:00-17:00", "Conference", "2026-12-24 09:00 CET", "2026-12-26 17:00 CET", false, "", ""},
	})
}

func TestRanges(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Trip 24-26 Dec", "Trip", "2026-12-24 00:00 CET", "2026-12-27 00:00 CET", true, "", ""},
		{"Trip Dec 24 to Dec 26", "Trip", "2026-12-24 00:00 CET", "2026-12-27 00:00 CET", true, "", ""},
		{"Trip Dec 24 until 26 Dec", "Trip", "2026-12-24 00:00 CET", "2026-12-27 00:00 CET", true, "", ""},
		{"Fair mon-wed", "Fair", "2026-12-07 00:00 CET", "2026-12-10 00:00 CET", true, "", ""},
		{"Fair fri-mon", "Fair", "2026-12-04 00:00 CET", "2026-12-08 00:00 CET", true, "", ""},
		{"Away until fri", "Away", "2026-12-02 00:00 CET", "2026-12-05 00:00 CET", true, "", ""},
	})
}

// "at" followed by a time is a time; otherwise the place is what follows.
func TestAt(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Call at 5pm", "Call", "2026-12-02 17:00 CET", "2026-12-02 18:00 CET", false, "", ""},
		{"Meet Bob at 5", "Meet Bob", "2026-12-02 17:00 CET", "2026-12-02 18:00 CET", false, "", ""},
		{"Lunch at noon at Cafe Central", "Lunch", "2026-12-02 12:00 CET", "2026-12-02 13:00 CET", false, "Cafe Central", ""},
		{"Drinks at The Pub at 7 tomorrow", "Drinks", "2026-12-03 19:00 CET", "2026-12-03 20:00 CET", false, "The Pub", ""},
		{"Talk at 17:00 @ Room 2", "Talk", "2026-12-02 17:00 CET", "2026-12-02 18:00 CET", false, "Room 2", ""},
		{"Dinner at Anna's place, fri 19:30", "Dinner", "2026-12-04 19:30 CET", "2026-12-04 20:30 CET", false, "Anna's place", ""},
		{"Concert at the Stadium at 5:30pm sat", "Concert", "2026-12-05 17:30 CET", "2026-12-05 18:30 CET", false, "the Stadium", ""},
	})
}

// Evening ranges and bare hours: "tonight" makes hours without am/pm
// evening ones; two bare hours that go backwards are no time ("3-1").
func TestEveningAndBareHours(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Dinner tonight 9:30-11", "Dinner", "2026-12-02 21:30 CET", "2026-12-02 23:00 CET", false, "", ""},
		{"Party tonight 11-1", "Party", "2026-12-02 23:00 CET", "2026-12-03 01:00 CET", false, "", ""},
		{"Film tonight 20:00-23:30", "Film", "2026-12-02 20:00 CET", "2026-12-02 23:30 CET", false, "", ""},
		{"Game 3-1 tomorrow", "Game 3-1", "2026-12-03 00:00 CET", "2026-12-04 00:00 CET", true, "", ""},
		{"Shift tomorrow 7-9", "Shift", "2026-12-03 19:00 CET", "2026-12-03 21:00 CET", false, "", ""},
		{"Meet at 5:30", "Meet", "2026-12-02 05:30 CET", "2026-12-02 06:30 CET", false, "", ""},
	})
}
