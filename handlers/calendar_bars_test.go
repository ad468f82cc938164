package handlers

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// barItem is one bar's list item in a month cell.
const barItem = `<li class="b w\d"><a [^>]*>(?:<b>[^<]*</b> )?[^<]*(?:<span class="visually-hidden">[^<]*</span>)?</a></li>`

// laneItem is a bar's or a kept lane's item.
const laneItem = `(?:<li class="s" aria-hidden="true"></li>|` + barItem + `)`

// barRe finds the bars of an event in a month: the lanes above it in its
// list, its width and the classes of its link, and what it says besides
// its title.
func barRe(id int64) *regexp.Regexp {
	return regexp.MustCompile(`<ul [^>]*>(` + laneItem + `*)<li class="b w(\d)"><a class="([^"]+)" href="/events/` + strconv.FormatInt(id, 10) +
		`">(?:<b>[^<]*</b> )?[^<]*(?:<span class="visually-hidden">([^<]*)</span>)?</a></li>`)
}

// calPart is what the first group of pattern matches in body.
func calPart(t *testing.T, body, pattern string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("nothing matches %s", pattern)
	}
	return m[1]
}

func TestMonthBars(t *testing.T) {
	ts := calServer(t)
	berlin := calLoc(t, "Europe/Berlin")
	u, c := calUser(t, ts, "Europe/Berlin", -1) // weeks start on Monday
	allDay := func(title string, d1, d2 int, m1, m2 time.Month) int64 {
		return calEvent(t, u.ID, title, calAt(berlin, 2025, m1, d1, 0, 0), calAt(berlin, 2025, m2, d2, 0, 0), true).ID
	}
	// Thursday 5 to Tuesday 10 June: two week rows.
	trip := allDay("Trip", 5, 11, 6, 6)
	// Saturday 28 June to Thursday 3 July: across a row and the month's edge.
	camp := allDay("Camp", 28, 4, 6, 7)
	// Timed, 26 hours: a bar with its start time; 8 hours overnight: chips.
	flight := calEvent(t, u.ID, "Flight", calAt(berlin, 2025, 6, 17, 20, 0), calAt(berlin, 2025, 6, 18, 22, 0), false).ID
	night := calEvent(t, u.ID, "Night shift", calAt(berlin, 2025, 6, 19, 22, 0), calAt(berlin, 2025, 6, 20, 6, 0), false).ID
	// Monday 9 to Thursday 12 June: the second lane, under the trip
	// continued from the week before.
	fair := allDay("Fair", 9, 13, 6, 6)

	month := calOK(t, c.htmx("/calendar?view=month&date=2025-06-12"), "month").Body
	if n := strings.Count(month, "<td"); n != 42 {
		t.Errorf("%d cells, want 42", n)
	}
	type bar struct{ lane, width, class, note string }
	bars := func(body string, id int64) []bar {
		var out []bar
		for _, m := range barRe(id).FindAllStringSubmatch(body, -1) {
			out = append(out, bar{strconv.Itoa(strings.Count(m[1], "<li")), m[2], m[3], m[4]})
		}
		return out
	}
	check := func(what string, got []bar, want ...bar) {
		t.Helper()
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: bars %v, want %v", what, got, want)
		}
	}
	check("trip", bars(month, trip),
		bar{"0", "4", "ev ad c-green cr", ", until Sunday 8 June, continues"},
		bar{"0", "2", "ev ad c-green cl", ", continued, until Tuesday 10 June"})
	check("fair", bars(month, fair), bar{"1", "4", "ev ad c-green", ", until Thursday 12 June"})
	check("camp in June", bars(month, camp),
		bar{"0", "2", "ev ad c-green cr", ", until Sunday 29 June, continues"},
		bar{"0", "4", "ev ad c-green cl", ", continued, until Thursday 3 July"})
	check("flight", bars(month, flight), bar{"0", "2", "ev c-green", ", until Wednesday 18 June"})
	if !strings.Contains(month, `href="/events/`+strconv.FormatInt(flight, 10)+`"><b>20:00</b> Flight`) {
		t.Error("the flight's bar does not show its start time")
	}
	if calLinks(month, night) != 2 || len(bars(month, night)) != 0 {
		t.Error("an overnight shift of 8 hours is not a chip on each day")
	}
	// The days under a bar keep its lanes free; the trip and the fair
	// take two lanes on 9 and 10 June.
	spacer := `<li class="s" aria-hidden="true"></li>`
	if c10 := cell(t, month, "Tuesday 10 June"); !strings.Contains(c10, `<ul hx-target="#dialog-root" hx-swap="innerHTML" hx-push-url="false">`+spacer+spacer+`</ul>`) {
		t.Errorf("10 June does not keep two lanes: %s", c10)
	}
	if c7 := cell(t, month, "Saturday 7 June"); strings.Count(c7, "<li") != 1 || !strings.Contains(c7, spacer) {
		t.Errorf("7 June (under the trip's bar) should keep a lane and hold nothing: %s", c7)
	}
	// Across the month's edge: July's grid starts with the camp, continued.
	july := calOK(t, c.htmx("/calendar?view=month&date=2025-07-01"), "july").Body
	check("camp in July", bars(july, camp), bar{"0", "4", "ev ad c-green cl", ", continued, until Thursday 3 July"})
}

func TestMonthBarsAndMore(t *testing.T) {
	ts := calServer(t)
	u, c := calUser(t, ts, "UTC", -1)
	day := func(d, h int) time.Time { return calAt(time.UTC, 2025, 6, d, h, 0) }
	long1 := calEvent(t, u.ID, "Course", day(9, 0), day(12, 0), true)
	long2 := calEvent(t, u.ID, "Visit", day(10, 0), day(14, 0), true)
	long3 := calEvent(t, u.ID, "Retreat", day(11, 0), day(13, 0), true)
	long4 := calEvent(t, u.ID, "Hidden bar", day(11, 0), day(13, 0), true)
	for i := range 3 {
		calEvent(t, u.ID, fmt.Sprintf("Call %d", i+1), day(11, 9+i), day(11, 10+i), false)
	}
	month := calOK(t, c.htmx("/calendar?view=month&date=2025-06-12"), "month").Body
	// 11 June: three lanes of bars, a fourth bar and three calls hidden.
	c11 := cell(t, month, "Wednesday 11 June")
	if strings.Count(c11, `<li class="b w`) != 1 || strings.Count(c11, `<li class="s"`) != 2 || strings.Contains(c11, "Call ") {
		t.Errorf("11 June should show three lanes and no chip: %s", c11)
	}
	if !strings.Contains(c11, `<a class="more" href="/calendar?view=day&amp;date=2025-06-11">+4 more</a>`) {
		t.Errorf("11 June lacks +4 more to the day: %s", c11)
	}
	if !strings.Contains(c11, `<span class="visually-hidden">7 events</span>`) {
		t.Error("11 June does not count its 7 events")
	}
	if calLinks(month, long4.ID) != 0 {
		t.Error("a bar past the third lane is shown")
	}
	// 12 June: the hidden bar is one more.
	if c12 := cell(t, month, "Thursday 12 June"); !strings.Contains(c12, ">+1 more</a>") {
		t.Errorf("12 June: %s", c12)
	}
	for _, id := range []int64{long1.ID, long2.ID, long3.ID} {
		if calLinks(month, id) != 1 {
			t.Errorf("event %d: %d bars, want 1", id, calLinks(month, id))
		}
	}
	day11 := calOK(t, c.get("/calendar?view=day&date=2025-06-11"), "day").Body
	if strings.Count(day11, "Call ") != 3 || calLinks(day11, long4.ID) != 1 {
		t.Error("the day view does not show every event of 11 June")
	}
}
