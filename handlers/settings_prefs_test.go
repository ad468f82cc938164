package handlers

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// prefsForm is the profile form with a week start and a time format.
func prefsForm(weekStart, timeFormat string) url.Values {
	return url.Values{"email": {""}, "timezone": {"UTC"}, "week_start": {weekStart}, "time_format": {timeFormat}}
}

// firstWeekday is the first column header of a month grid.
var firstWeekday = regexp.MustCompile(`<th scope="col"><abbr title="(\w+)">`)

// TestSettingsPreferences: the form shows and takes the named values,
// refuses others with a 422 that says why, and the saved ones reach the
// database and the session.
func TestSettingsPreferences(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	page := c.get("/settings")
	for _, want := range []string{
		`name="week_start" value="monday" checked`, `name="week_start" value="sunday">`, `name="week_start" value="saturday">`,
		`name="time_format" value="24h" checked`, `name="time_format" value="12h">`,
	} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("settings form lacks %s", want)
		}
	}
	for _, bad := range []struct {
		form url.Values
		msg  string
	}{
		{prefsForm("tuesday", "24h"), "Choose Monday, Sunday or Saturday."},
		{prefsForm("3", "24h"), "Choose Monday, Sunday or Saturday."},
		{prefsForm("monday", "13h"), "Choose 24-hour or 12-hour time."},
		{prefsForm("", "am"), "Choose 24-hour or 12-hour time."},
	} {
		r := c.post("/settings", bad.form)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, bad.msg) {
			t.Errorf("%v: %d, want 422 saying %q", bad.form, r.StatusCode, bad.msg)
		}
	}
	if got, _ := env.Store.GetUser(context.Background(), u.ID); got.WeekStart != 1 || got.TimeFormat != "24h" {
		t.Fatalf("refused values were stored: %d %s", got.WeekStart, got.TimeFormat)
	}

	if r := c.post("/settings", prefsForm("saturday", "12h")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	got, _ := env.Store.GetUser(context.Background(), u.ID)
	sess := sessionData(t, ts, c.cookie("eventcal_session"))
	if got.WeekStart != 6 || got.TimeFormat != "12h" || sess == nil || sess.WeekStart != 6 || !sess.Clock12 {
		t.Fatalf("stored %d %s, session %+v", got.WeekStart, got.TimeFormat, sess)
	}
	page = c.get("/settings")
	if !strings.Contains(page.Body, `value="saturday" checked`) || !strings.Contains(page.Body, `value="12h" checked`) {
		t.Error("the form does not show the saved values")
	}
	// A form without time_format (older pages) keeps the stored one.
	if r := c.post("/settings", url.Values{"email": {""}, "timezone": {"UTC"}, "week_start": {"sunday"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save without time_format: %d", r.StatusCode)
	}
	if got, _ := env.Store.GetUser(context.Background(), u.ID); got.WeekStart != 0 || got.TimeFormat != "12h" {
		t.Fatalf("after a save without time_format: %d %s", got.WeekStart, got.TimeFormat)
	}
}

// TestTimeFormatLabels: with the 12-hour clock every time label reads
// "1:30 PM": the week and day axes and chips, the event page, the day
// list, the upcoming list and search results.
func TestTimeFormatLabels(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	c.get("/settings") // the CSRF token rotates at sign-in
	utc := calLoc(t, "UTC")
	e := calEvent(t, u.ID, "Prefs picnic", calAt(utc, 2025, 6, 12, 13, 30), calAt(utc, 2025, 6, 12, 14, 45), false)
	pages := map[string]string{
		"week":     "/calendar?view=week&date=2025-06-12",
		"day":      "/calendar?view=day&date=2025-06-12",
		"event":    "/events/" + strconv.FormatInt(e.ID, 10),
		"day list": "/events?date=2025-06-12",
		"upcoming": "/",
		"search":   "/search?q=picnic",
	}
	want24 := map[string][]string{
		"week": {"<b>13:30</b>", "<li>13:00</li>"}, "day": {"<b>13:30</b>", "<li>09:00</li>"},
		"event": {"Thu 12 Jun 2025, 13:30–14:45"}, "day list": {"13:30–14:45"},
		"upcoming": {"Thu 12 Jun, 13:30–14:45"}, "search": {"Thu 12 Jun 2025, 13:30–14:45"},
	}
	want12 := map[string][]string{
		"week": {"<b>1:30 PM</b>", "<li>1 PM</li>", "<li>12 AM</li>"}, "day": {"<b>1:30 PM</b>", "<li>9 AM</li>"},
		"event": {"Thu 12 Jun 2025, 1:30–2:45 PM"}, "day list": {"1:30–2:45 PM"},
		"upcoming": {"Thu 12 Jun, 1:30–2:45 PM"}, "search": {"Thu 12 Jun 2025, 1:30–2:45 PM"},
	}
	check := func(step string, want map[string][]string, gone string) {
		t.Helper()
		for name, path := range pages {
			body := c.get(path).Body
			for _, w := range want[name] {
				if !strings.Contains(body, w) {
					t.Errorf("%s: %s lacks %q", step, name, w)
				}
			}
			if strings.Contains(body, gone) {
				t.Errorf("%s: %s still has %q", step, name, gone)
			}
		}
	}
	check("24-hour", want24, " PM<")
	if r := c.post("/settings", prefsForm("monday", "12h")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	check("12-hour", want12, "13:30–")
}

// TestWeekStartGrids: a Sunday or Saturday week start orders the month
// grid's headers and days and the week view.
func TestWeekStartGrids(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", -1)
	c.get("/settings")
	for _, tc := range []struct{ start, head, firstCell, week string }{
		{"sunday", "Sunday", `aria-label="Sunday 1 June"`, "8 – 14 June 2025"},
		{"saturday", "Saturday", `aria-label="Saturday 31 May"`, "7 – 13 June 2025"},
		{"monday", "Monday", `aria-label="Monday 26 May"`, "9 – 15 June 2025"},
	} {
		if r := c.post("/settings", prefsForm(tc.start, "24h")); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %s: %d", tc.start, r.StatusCode)
		}
		month := c.htmx("/calendar?date=2025-06-12").Body
		if m := firstWeekday.FindStringSubmatch(month); m == nil || m[1] != tc.head {
			t.Errorf("%s: first header %v", tc.start, m)
		}
		if !strings.Contains(month, tc.firstCell) {
			t.Errorf("%s: the grid does not start with %s", tc.start, tc.firstCell)
		}
		if w := c.htmx("/calendar?view=week&date=2025-06-12").Body; !strings.Contains(w, tc.week) {
			t.Errorf("%s: the week is not %s", tc.start, tc.week)
		}
	}
}

// TestPrefsCacheIdentity: a page stored for one week start or time format
// is never served for another, on this instance or another one sharing the
// session.
func TestPrefsCacheIdentity(t *testing.T) {
	a, b := calServer(t), calServer(t)
	u, ca := calUser(t, a, "UTC", -1)
	ca.get("/settings")
	cb := &client{t: t, base: b.URL, http: ca.http, csrf: ca.csrf}
	utc := calLoc(t, "UTC")
	calEvent(t, u.ID, "Identity lunch", calAt(utc, 2025, 6, 12, 13, 30), calAt(utc, 2025, 6, 12, 14, 0), false)
	const week, month = "/calendar?view=week&date=2025-06-12", "/calendar?date=2025-06-12"
	warm := func(step string) {
		t.Helper()
		for _, cl := range []*client{ca, cb} {
			for _, p := range []string{week, month} {
				cl.htmx(p)
				if r := cl.htmx(p); queriesOf(t, r) != 0 {
					t.Fatalf("%s: %s is not served from the cache", step, p)
				}
			}
		}
	}
	save := func(ws, tf string) {
		t.Helper()
		if r := ca.post("/settings", prefsForm(ws, tf)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("save %s %s: %d", ws, tf, r.StatusCode)
		}
	}
	expect := func(step, chip, head string) {
		t.Helper()
		for i, cl := range []*client{ca, cb} {
			if w := cl.htmx(week).Body; !strings.Contains(w, chip) {
				t.Errorf("%s: instance %d's week lacks %q", step, i, chip)
			}
			if m := firstWeekday.FindStringSubmatch(cl.htmx(month).Body); m == nil || m[1] != head {
				t.Errorf("%s: instance %d's month starts on %v, want %s", step, i, m, head)
			}
		}
	}
	warm("24-hour, Monday")
	expect("24-hour, Monday", "<b>13:30</b>", "Monday")
	save("monday", "12h")
	expect("12-hour", "<b>1:30 PM</b>", "Monday")
	warm("12-hour")
	save("sunday", "12h")
	expect("Sunday", "<b>1:30 PM</b>", "Sunday")
	warm("Sunday")
	save("monday", "24h")
	expect("back", "<b>13:30</b>", "Monday")
}

// TestPrefsReachOtherSessions: a new week start or time format saved on
// one device shows on the user's other signed-in device (another instance)
// at its next request, without signing it out, and survives the end of
// other sessions by a zone change.
func TestPrefsReachOtherSessions(t *testing.T) {
	a, b := calServer(t), calServer(t)
	u, here := calUser(t, a, "UTC", -1)
	here.get("/settings")
	there := b.client(t)
	there.login(u.Username, "correct horse battery")
	utc := calLoc(t, "UTC")
	calEvent(t, u.ID, "Other device", calAt(utc, 2025, 6, 12, 13, 30), calAt(utc, 2025, 6, 12, 14, 0), false)
	const week = "/calendar?view=week&date=2025-06-12"
	there.htmx(week)
	if r := there.htmx(week); !strings.Contains(r.Body, "<b>13:30</b>") || queriesOf(t, r) != 0 {
		t.Fatalf("before: %d SQL, 24-hour chip: %v", queriesOf(t, r), strings.Contains(r.Body, "<b>13:30</b>"))
	}
	if r := here.post("/settings", prefsForm("sunday", "12h")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", r.StatusCode)
	}
	r := there.htmx(week)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "<b>1:30 PM</b>") || !strings.Contains(r.Body, ">Sun 8</a>") {
		t.Fatalf("the other device still shows the old settings: %d", r.StatusCode)
	}
	if sess := sessionData(t, b, there.cookie("eventcal_session")); sess == nil {
		t.Fatal("the other device was signed out")
	}

	// A zone change ends the other sessions; the settings stay for the next sign-in.
	form := prefsForm("sunday", "12h")
	form.Set("timezone", "Europe/Berlin")
	if r := here.post("/settings", form); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("zone: %d", r.StatusCode)
	}
	if r := here.htmx(week); !strings.Contains(r.Body, "<b>3:30 PM</b>") {
		t.Error("after a zone change: the chip is not 3:30 PM in Berlin")
	}
}
