package quickadd

import (
	"testing"
	"time"
)

func TestRepeat(t *testing.T) {
	now, loc := berlinNow(t) // a Wednesday
	runCases(t, now, loc, time.Monday, []tc{
		{"Walk every day 7:00", "Walk", "2026-12-02 07:00 CET", "2026-12-02 08:00 CET", false, "", "FREQ=DAILY"},
		{"Vitamins daily", "Vitamins", "2026-12-02 00:00 CET", "2026-12-03 00:00 CET", true, "", "FREQ=DAILY"},
		{"Review every week fri 10:00", "Review", "2026-12-04 10:00 CET", "2026-12-04 11:00 CET", false, "", "FREQ=WEEKLY;BYDAY=FR"},
		{"Plants weekly", "Plants", "2026-12-02 00:00 CET", "2026-12-03 00:00 CET", true, "", "FREQ=WEEKLY;BYDAY=WE"},
		{"Gym every mon and wed 18:00", "Gym", "2026-12-02 18:00 CET", "2026-12-02 19:00 CET", false, "", "FREQ=WEEKLY;BYDAY=MO,WE"},
		{"Gym every tue, thu & sat 7am", "Gym", "2026-12-03 07:00 CET", "2026-12-03 08:00 CET", false, "", "FREQ=WEEKLY;BYDAY=TU,TH,SA"},
		{"Choir mondays 19:00", "Choir", "2026-12-07 19:00 CET", "2026-12-07 20:00 CET", false, "", "FREQ=WEEKLY;BYDAY=MO"},
		{"Cleaning every other week", "Cleaning", "2026-12-02 00:00 CET", "2026-12-03 00:00 CET", true, "", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"},
		{"Water cactus every 3 days", "Water cactus", "2026-12-02 00:00 CET", "2026-12-03 00:00 CET", true, "", "FREQ=DAILY;INTERVAL=3"},
		{"Hike every weekend", "Hike", "2026-12-05 00:00 CET", "2026-12-06 00:00 CET", true, "", "FREQ=WEEKLY;BYDAY=SA,SU"},
		{"Book club every last thu 19:00 at Library", "Book club", "2026-12-31 19:00 CET", "2026-12-31 20:00 CET", false, "Library", "FREQ=MONTHLY;BYDAY=-1TH"},
		{"Board every 2nd tue of the month 10:00", "Board", "2026-12-08 10:00 CET", "2026-12-08 11:00 CET", false, "", "FREQ=MONTHLY;BYDAY=2TU"},
		{"Invoice every month", "Invoice", "2026-12-02 00:00 CET", "2026-12-03 00:00 CET", true, "", "FREQ=MONTHLY;BYMONTHDAY=2"},
		{"Invoice monthly Dec 15", "Invoice", "2026-12-15 00:00 CET", "2026-12-16 00:00 CET", true, "", "FREQ=MONTHLY;BYMONTHDAY=15"},
		{"Anniversary yearly Dec 20", "Anniversary", "2026-12-20 00:00 CET", "2026-12-21 00:00 CET", true, "", "FREQ=YEARLY"},
		{"Meds daily 8:00 10 times", "Meds", "2026-12-02 08:00 CET", "2026-12-02 09:00 CET", false, "", "FREQ=DAILY;COUNT=10"},
		{"Yoga every other tue 7pm until Feb 28", "Yoga", "2026-12-08 19:00 CET", "2026-12-08 20:00 CET", false, "", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU;UNTIL=20270228"},
		{"Course every mon from Jan 4 until Jan 25 18:00", "Course", "2027-01-04 18:00 CET", "2027-01-04 19:00 CET", false, "", "FREQ=WEEKLY;BYDAY=MO;UNTIL=20270125"},
	})
}

// "every month" from a day that some months lack: the 31st is the last day
// of every month; the 29th and 30th fall back to the last day of shorter
// months. A yearly 29 February happens in leap years only (as in recur's
// presets).
func TestRepeatMonthEnds(t *testing.T) {
	now, loc := berlinNow(t)
	runCases(t, now, loc, time.Monday, []tc{
		{"Rent every month Jan 31", "Rent", "2027-01-31 00:00 CET", "2027-02-01 00:00 CET", true, "", "FREQ=MONTHLY;BYMONTHDAY=-1"},
		{"Rent every month Jan 30", "Rent", "2027-01-30 00:00 CET", "2027-01-31 00:00 CET", true, "", "FREQ=MONTHLY;BYMONTHDAY=28,29,30;BYSETPOS=-1"},
		{"Pay every month on the 29th", "Pay", "2026-12-29 00:00 CET", "2026-12-30 00:00 CET", true, "", "FREQ=MONTHLY;BYMONTHDAY=28,29;BYSETPOS=-1"},
		{"Report monthly Dec 31 17:00", "Report", "2026-12-31 17:00 CET", "2026-12-31 18:00 CET", false, "", "FREQ=MONTHLY;BYMONTHDAY=-1"},
		{"Leap party every year Feb 29 2028", "Leap party", "2028-02-29 00:00 CET", "2028-03-01 00:00 CET", true, "", "FREQ=YEARLY"},
		{"Quarter end Mar 31", "Quarter end", "2027-03-31 00:00 CEST", "2027-04-01 00:00 CEST", true, "", ""},
	})
}

// A repetition starts on its first day from the date typed (today when
// none): "every weekday" typed on a Saturday starts on Monday.
func TestRepeatStartsOnItsDay(t *testing.T) {
	loc := mustLoad(t, "Europe/Berlin")
	sat := time.Date(2026, 12, 5, 10, 0, 0, 0, loc)
	runCases(t, sat, loc, time.Monday, []tc{
		{"Standup every weekday 9:15", "Standup", "2026-12-07 09:15 CET", "2026-12-07 10:15 CET", false, "", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"},
		{"Run every sat 8:00", "Run", "2026-12-05 08:00 CET", "2026-12-05 09:00 CET", false, "", "FREQ=WEEKLY;BYDAY=SA"},
	})
	// Weeks from Sunday: an every-other-week rule on several days counts
	// weeks the user's way.
	runCases(t, sat, loc, time.Sunday, []tc{
		{"Swim every other mon and fri", "Swim", "2026-12-07 00:00 CET", "2026-12-08 00:00 CET", true, "", "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU"},
	})
}
