package paths

import (
	"testing"

	"github.com/eventcal/eventcal/calendar"
)

func TestPaths(t *testing.T) {
	d := calendar.MakeDate(2025, 6, 9)
	for got, want := range map[string]string{
		Event(5, "", ""):                                     "/events/5",
		Event(5, "/edit", ""):                                "/events/5/edit",
		Event(5, "/delete", "2025-06-10T07:00:00Z"):          "/events/5/delete?occ=2025-06-10T07:00:00Z",
		AdminEvent(7, "/edit"):                               "/admin/events/7/edit",
		Calendar("/", calendar.Week, d):                      "/?view=week&date=2025-06-09",
		Calendar("/calendar", calendar.Day, calendar.Date{}): "/calendar?view=day",
		Month(d):                       "/calendar?view=month&date=2025-06-09",
		DayList(d):                     "/events?date=2025-06-09",
		CalendarPage(3, ""):            "/calendars/3",
		CalendarPage(3, ".ics"):        "/calendars/3.ics",
		CalendarShare(3, 9, "/delete"): "/calendars/3/shares/9/delete",
		AdminUserCalendars(4):          "/admin/users/4/calendars",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}
