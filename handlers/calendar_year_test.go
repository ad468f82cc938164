package handlers

import (
	"strings"
	"testing"
	"time"
)

// yearMonth is one mini month's table in a year page.
func yearMonth(t *testing.T, body, month string) string {
	t.Helper()
	return calPart(t, body, `(?s)<table class="ym"><caption><a href="[^"]+">`+month+`</a></caption>(.*?)</table>`)
}

func TestYearView(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", 0) // weeks start on Sunday
	for i := range 3 {
		calEvent(t, u.ID, "Meeting", calAt(berlin, 2025, 3, 5, 9+i, 0), calAt(berlin, 2025, 3, 5, 9+i, 30), false)
	}
	for i := range 4 {
		calEvent(t, u.ID, "Busy", calAt(berlin, 2025, 8, 1, 9+i, 0), calAt(berlin, 2025, 8, 1, 9+i, 30), false)
	}
	calEvent(t, u.ID, "Holiday", calAt(berlin, 2025, 7, 4, 0, 0), calAt(berlin, 2025, 7, 5, 0, 0), true)
	calEvent(t, u.ID, "Year's end", calAt(berlin, 2025, 12, 31, 18, 0), calAt(berlin, 2025, 12, 31, 19, 0), false)
	// 23:30 in Berlin is the next day in UTC: counted on its local day.
	calEvent(t, u.ID, "Late", calAt(berlin, 2025, 10, 10, 23, 30), calAt(berlin, 2025, 10, 10, 23, 45), false)

	page := calOK(t, c.get("/calendar?view=year&date=2025-06-10"), "year").Body
	if !calFull(page) || !strings.Contains(page, ">2025</h1>") {
		t.Fatal("not the year page of 2025")
	}
	if n := strings.Count(page, `<table class="ym">`); n != 12 {
		t.Errorf("%d mini months, want 12", n)
	}
	grid := page[strings.Index(page, `class="yr"`):]
	if n := strings.Count(grid, `href="/calendar?view=day&amp;date=2025-`); n != 365 {
		t.Errorf("%d day links in 2025, want 365", n)
	}
	for _, s := range []string{
		`href="/calendar?view=day&amp;date=2025-03-05" class="e">5<span class="visually-hidden">, 3 events</span></a>`,
		`href="/calendar?view=day&amp;date=2025-08-01" class="e f">1<span class="visually-hidden">, 4 events</span></a>`,
		`href="/calendar?view=day&amp;date=2025-07-04" class="e">4<span class="visually-hidden">, 1 event</span></a>`,
		`href="/calendar?view=day&amp;date=2025-12-31" class="e">31<span class="visually-hidden">, 1 event</span></a>`,
		`href="/calendar?view=day&amp;date=2025-10-10" class="e">10<`,
		`href="/calendar?view=day&amp;date=2025-10-11">11</a>`,
		`href="/calendar?view=day&amp;date=2025-06-10" aria-current="date">10</a>`, // today
		`href="/calendar?view=day&amp;date=2025-03-06">6</a>`,
		`<caption><a href="/calendar?view=month&amp;date=2025-02-01">February</a></caption>`,
		`rel="prev" aria-label="Previous year"`, `href="/calendar?view=year&amp;date=2024-06-10"`, `href="/calendar?view=year&amp;date=2026-06-10"`,
		`href="/calendar?view=year&amp;date=2025-06-10" aria-current="page">Year</a>`,
	} {
		if !strings.Contains(page, s) {
			t.Errorf("year page lacks %s", s)
		}
	}
}

func TestYearWeekStart(t *testing.T) {
	ts := calServer(t)
	_, c := calUser(t, ts, "UTC", 0) // weeks start on Sunday
	page := calOK(t, c.get("/calendar?view=year&date=2025-06-10"), "year").Body
	// Weeks start on the user's week start: June 2025 starts on a Sunday,
	// so its first row has no blank; March 2025 starts on a Saturday.
	june := yearMonth(t, page, "June")
	if !strings.Contains(june, `<th scope="col"><abbr title="Sunday">S</abbr></th><th scope="col"><abbr title="Monday">M</abbr></th>`) {
		t.Error("June's weeks do not start on Sunday")
	}
	if !strings.HasPrefix(june[strings.Index(june, "<tbody>"):], `<tbody><tr><td><a href="/calendar?view=day&amp;date=2025-06-01">1</a></td>`) {
		t.Error("June 1 (a Sunday) does not open the first week")
	}
	march := yearMonth(t, page, "March")
	if !strings.Contains(march, `<tbody><tr><td></td><td></td><td></td><td></td><td></td><td></td><td><a href="/calendar?view=day&amp;date=2025-03-01">1</a></td></tr>`) {
		t.Error("March 1 (a Saturday) is not the last day of the first Sunday week")
	}
	if n := strings.Count(march, "<tr>"); n != 1+6 {
		t.Errorf("March 2025 from Sunday has %d rows, want a header and 6 weeks", n)
	}
	if n := strings.Count(yearMonth(t, page, "February"), "<tr>"); n != 1+5 {
		t.Errorf("February 2025 from Sunday has %d rows, want a header and 5 weeks", n)
	}
	// A Monday start moves the blanks, with the same helper as the month grid.
	_, mon := calUser(t, ts, "UTC", -1)
	mj := yearMonth(t, calOK(t, mon.get("/calendar?view=year&date=2025-01-01"), "monday year").Body, "June")
	if !strings.Contains(mj, `<tbody><tr><td></td><td></td><td></td><td></td><td></td><td></td><td><a href="/calendar?view=day&amp;date=2025-06-01">1</a></td></tr>`) {
		t.Error("June 1 is not the Sunday ending the first Monday week")
	}
}

func TestYearEdges(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	berlin := calLoc(t, "Europe/Berlin")
	calEvent(t, u.ID, "New Year trip", calAt(berlin, 2025, 12, 30, 0, 0), calAt(berlin, 2026, 1, 3, 0, 0), true)
	// A leap year has 366 days; the next year's trip days are counted.
	leap := calOK(t, c.htmx("/calendar?view=year&date=2024-02-29"), "2024").Body
	if n := strings.Count(leap[strings.Index(leap, `class="yr"`):], `href="/calendar?view=day&amp;date=2024-`); n != 366 {
		t.Errorf("2024 has %d day links", n)
	}
	next := calOK(t, c.htmx("/calendar?view=year&date=2026-01-01"), "2026").Body
	if !strings.Contains(next, `date=2026-01-02" class="e">2<`) || !strings.Contains(next, `date=2026-01-03">3</a>`) {
		t.Error("the trip's days in January 2026 are not marked (it ends on the 2nd)")
	}
	if calFull(next) || !strings.Contains(next, `<div class="yr" data-nav hx-push-url="true">`) {
		t.Error("the year fragment is not the calendar region")
	}
	if empty := calOK(t, c.htmx("/calendar?view=year&date=2030-05-05"), "empty year").Body; !strings.Contains(empty, "No events this year.") {
		t.Error("an empty year does not say so")
	}
}

// TestViewsFragmentBudget weighs the agenda and year fragments of a user
// with a busy June (about 40 events) and an event every other day of the
// year, gzip (the first pages are weighed as sent in e2e).
func TestViewsFragmentBudget(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1)
	titles := []string{"Team stand-up", "Lunch with Maria", "Dentist appointment", "Project review", "Gym", "Call with the bank"}
	n := 0
	for d := 1; d <= 30; d++ {
		for k := range 1 + d%3 {
			start := calAt(berlin, 2025, 6, d, 8+3*k, 15*(n%4))
			calEvent(t, u.ID, titles[n%len(titles)], start, start.Add(45*time.Minute), false)
			n++
		}
	}
	for d := 0; d < 365; d += 2 {
		start := calAt(berlin, 2025, 1, 1+d, 18, 0)
		calEvent(t, u.ID, "Evening class", start, start.Add(time.Hour), false)
	}
	for _, path := range []string{"/calendar?view=agenda&date=2025-06-01", "/calendar?view=year&date=2025-06-12", "/?view=year&date=2025-06-12"} {
		r := calOK(t, c.htmx(path), path)
		gz := calGzip(t, []byte(r.Body))
		t.Logf("%s fragment: %d bytes, %d gzip", path, len(r.Body), gz)
		if gz > 4096 {
			t.Errorf("%s fragment is %d bytes gzip, over the 4 KB budget", path, gz)
		}
		checkFirstLoad(t, ts, c, path)
	}
}
