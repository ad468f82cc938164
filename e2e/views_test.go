package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// agendaSeeds are busyMonth's June and a few events around it: one in May,
// two in July after the first agenda page, a three-day festival.
func agendaSeeds() []seed {
	return append(busyMonth(),
		seed{Title: "Spring fair", Color: "green", Day: -4, Hour: 10, Minutes: 60},           // 27 May
		seed{Title: "Summer party", Color: "orange", Day: 45, Hour: 19, Minutes: 180},        // 15 July
		seed{Title: "Harbour walk", Color: "teal", Day: 50, Hour: 11, Minutes: 90},           // 20 July
		seed{Title: "Music festival", Color: "purple", Day: 19, Hour: 12, Minutes: 3 * 1440}, // 19–22 June
	)
}

// screenshotDir is a temporary directory for the screenshots of a test
// (logged, kept after it).
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "eventcal-views-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// agendaDaysJS lists the agenda's day headings in order.
const agendaDaysJS = `[...document.querySelectorAll("#ag-list > li h2")].map(h => h.textContent.trim())`

func TestAgendaWithJavaScript(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	u := createUser(t, "agenda", false)
	seedEvents(t, u.ID, agendaSeeds())
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)

	const start = "/calendar?view=agenda&date=2025-06-11"
	f.open(start)
	f.do("wait for the agenda", chromedp.WaitVisible(chromedp.CSS("#ag-list > li h2")))
	f.wantText("#cal-h", "11 June – 10 July 2025")
	first := eval[[]string](f, agendaDaysJS)
	if len(first) == 0 || first[0] != "Wednesday, 11 June 2025" || strings.Contains(strings.Join(first, "|"), "July") {
		t.Fatalf("agenda days %q", first)
	}
	f.axeCheck("agenda", axe)

	// "Later" appends the next 30 days, focuses the first new day and
	// leaves the address as it was.
	f.do("load later days", click("#ag-later"))
	f.waitJS("the July days", `document.querySelectorAll("#ag-list > li h2").length > `+fmt.Sprint(len(first)))
	f.waitJS("htmx to settle", htmxIdleJS)
	days := eval[[]string](f, agendaDaysJS)
	if got := strings.Join(days[len(first):], "|"); got != "Tuesday, 15 July 2025|Sunday, 20 July 2025" {
		t.Errorf("later days %q", got)
	}
	if a := f.activeElement(); !strings.Contains(a, "Tuesday, 15 July 2025") {
		t.Errorf("focus after Later is on %s, want the first new day", a)
	}
	f.wantPath(`^/calendar\?view=agenda&date=2025-06-11$`)
	if href := eval[string](f, `document.getElementById("ag-later").getAttribute("href")`); href != "/calendar?view=agenda&date=2025-08-10" {
		t.Errorf("Later now leads to %s", href)
	}
	// Again: the link that came out of band loads the page after, which
	// has no events and says so.
	f.do("load later days again", click("#ag-later"))
	f.waitJS("the empty page", `document.querySelector("#ag-list > li:last-child")?.textContent === "No events from 10 August 2025 to 8 September 2025."`)
	f.waitJS("htmx to settle", htmxIdleJS)
	if a := f.activeElement(); !strings.Contains(a, "No events from 10 August") {
		t.Errorf("focus after an empty Later is on %s", a)
	}
	// "Earlier" puts the 30 days before on top.
	f.do("load earlier days", click("#ag-earlier"))
	f.waitJS("the May day", `document.querySelector("#ag-list > li h2")?.textContent.includes("May")`)
	f.waitJS("htmx to settle", htmxIdleJS)
	if got := eval[[]string](f, agendaDaysJS)[0]; got != "Tuesday, 27 May 2025" {
		t.Errorf("first day after Earlier: %q", got)
	}
	if a := f.activeElement(); !strings.Contains(a, "27 May 2025") {
		t.Errorf("focus after Earlier is on %s", a)
	}
	f.axeCheck("agenda after Earlier and Later", axe)
	f.screenshot(filepath.Join(screenshotDir(t), "agenda.png"), true)

	// Following a change, the agenda reloads every day on screen, those
	// Earlier and Later added included.
	shown := eval[[]string](f, agendaDaysJS)
	if u := eval[string](f, `document.getElementById("ag-live").getAttribute("hx-get")`); u != "/calendar?view=agenda&date=2025-05-12&days=120" {
		t.Errorf("the agenda reloads %s", u)
	}
	eval[bool](f, `htmx.trigger(document.body, "eventsChanged"), true`)
	f.waitJS("the reloaded agenda", `document.getElementById("cal-h")?.textContent === "12 May – 8 September 2025"`)
	f.waitJS("htmx to settle", htmxIdleJS)
	if got := eval[[]string](f, agendaDaysJS); strings.Join(got, "|") != strings.Join(shown, "|") {
		t.Errorf("after a reload the agenda shows %q, want %q", got, shown)
	}
	f.wantPath(`^/calendar\?view=agenda&date=2025-06-11$`)

	// An event opens in the dialog, as from the other views.
	f.do("open an event", click(`#ag-list .el a`), chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)))
	f.do("close it", click(`#event-dialog [data-close-dialog]`), chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)))
	f.wantPath(`^/calendar\?view=agenda&date=2025-06-11$`)
	// A day's heading opens its day view in place, pushing the address.
	f.do("open a day", click(`#ag-list a[href="/calendar?view=day&date=2025-07-15"]`))
	f.waitJS("the day view", `!!document.querySelector("#calendar .wk")`)
	f.wantPath(`^/calendar\?view=day&date=2025-07-15$`)
}

func TestAgendaWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "agenda_nojs", false)
	seedEvents(t, u.ID, agendaSeeds())
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.setScriptDisabled(true)
	defer f.setScriptDisabled(false)
	f.login(u.Username)
	f.open("/calendar?view=agenda&date=2025-06-11")
	f.clickToPage("Later", "#ag-later")
	f.wantPath(`^/calendar\?view=agenda&date=2025-07-11$`)
	f.wantText("#cal-h", "11 July – 9 August 2025")
	if got := strings.Join(eval[[]string](f, agendaDaysJS), "|"); got != "Tuesday, 15 July 2025|Sunday, 20 July 2025" {
		t.Errorf("the later page lists %q", got)
	}
	f.clickToPage("Earlier", "#ag-earlier")
	f.wantPath(`^/calendar\?view=agenda&date=2025-06-11$`)
	// The view switcher is plain links too.
	f.clickToPage("Year", `.vs a[href*="view=year"]`)
	f.wantPath(`^/calendar\?view=year&date=2025-06-11$`)
	f.wantText("#cal-h", "2025")
}

// yearSizesJS describes the year view on screen: mini months shown, the
// smallest day link, today's day.
const yearSizesJS = `(() => {
	const tables = [...document.querySelectorAll(".yr table.ym")].filter(t => t.getClientRects().length);
	let w = 1e9, h = 1e9;
	for (const a of document.querySelectorAll(".ym td a")) { const r = a.getBoundingClientRect(); w = Math.min(w, r.width); h = Math.min(h, r.height); }
	const today = document.querySelector('.ym a[aria-current="date"]');
	return tables.length + " months, day links at least " + Math.floor(w) + "x" + Math.floor(h) + ", today " + (today ? today.getAttribute("href") : "none");
})()`

func TestYearOnPhoneAndDesktop(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	u := createUser(t, "year", false)
	seedEvents(t, u.ID, agendaSeeds())
	shots := screenshotDir(t)
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)
	for _, size := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"360x740", 360, 740, true}, {"1280x800", 1280, 800, false}} {
		f := b.flow(t)
		f.viewport(size.w, size.h, size.phone)
		f.open("/calendar?view=year&date=2025-06-11")
		f.do("wait for the year", chromedp.WaitVisible(chromedp.CSS(".yr table.ym")))
		if over := eval[string](f, overflowJS); over != "" {
			t.Errorf("year at %s scrolls sideways: %s", size.name, over)
		}
		got := eval[string](f, yearSizesJS)
		var n, w, h int
		var today string
		if _, err := fmt.Sscanf(got, "%d months, day links at least %dx%d, today %s", &n, &w, &h, &today); err != nil || n != 12 || w < 24 || h < 24 ||
			today != "/calendar?view=day&date=2025-06-11" {
			t.Errorf("year at %s: %s (want 12 months, links of at least 24×24 px, today 11 June)", size.name, got)
		}
		if note := f.text(`.ym a[href$="date=2025-06-11"] .visually-hidden`); note != ", 4 events" {
			t.Errorf("11 June says %q, want \", 4 events\"", note)
		}
		f.axeCheck("year at "+size.name, axe)
		f.screenshot(filepath.Join(shots, "year-"+size.name+".png"), true)
	}
	// A day opens its day view in place.
	f = b.flow(t)
	f.open("/calendar?view=year&date=2025-06-11")
	f.do("open a day", click(`.ym a[href$="date=2025-06-20"]`))
	f.waitJS("the day view", `!!document.querySelector("#calendar .wk")`)
	f.wantPath(`^/calendar\?view=day&date=2025-06-20$`)
	f.waitText("#cal-h", "Friday, 20 June 2025")
}

// barGeometryJS measures the bar of an event titled %s in the month grid:
// for each of its bars, how far its ends are from its first and last
// day's cell ends, and whether a chip under it overlaps it.
const barGeometryJS = `(() => {
	const out = [];
	for (const a of document.querySelectorAll("#calendar .b a.ev")) {
		if (!a.textContent.includes(%s)) continue;
		const li = a.parentElement, td = li.closest("td"), row = [...td.parentElement.cells];
		const span = +li.className.match(/w(\d)/)[1], i = row.indexOf(td), last = row[i + span - 1];
		const b = li.getBoundingClientRect(), c0 = td.getBoundingClientRect(), c1 = last.getBoundingClientRect();
		let overlap = 0;
		for (const c of row.slice(i, i + span)) for (const ch of c.querySelectorAll("li:not(.b) a.ev")) {
			const r = ch.getBoundingClientRect();
			if (r.top < b.bottom - 1) overlap++;
		}
		out.push(Math.round(Math.abs(b.left - c0.left)) + "/" + Math.round(Math.abs(b.right - c1.right)) + "/" + overlap);
	}
	return out;
})()`

func TestMonthBarsInBrowser(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	u := createUser(t, "bars", false)
	seedEvents(t, u.ID, append(agendaSeeds(),
		seed{Title: "Road trip", Color: "red", Day: 27, Hour: 9, Minutes: 5 * 1440})) // Fri 27 June – Wed 2 July
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.viewport(1280, 800, false)
	f.login(u.Username)
	f.open("/calendar?view=month&date=2025-06-11")
	f.do("wait for the month", chromedp.WaitVisible(chromedp.CSS("#calendar table.mo")))
	// Each bar lies from its first day's cell to its last one's (within
	// the 2 px margins), with no chip under it.
	for title, want := range map[string]string{"Music festival": "0/0/0", "Road trip": "0/0/0 0/0/0"} {
		got := eval[[]string](f, fmt.Sprintf(barGeometryJS, jsString(title)))
		var ok = len(got) == len(strings.Fields(want))
		for _, g := range got {
			var l, r, o int
			fmt.Sscanf(g, "%d/%d/%d", &l, &r, &o)
			ok = ok && l <= 3 && r <= 3 && o == 0
		}
		if !ok {
			t.Errorf("%s: bars %v, want %s (left and right off by at most 3 px, no chip beneath)", title, got, want)
		}
	}
	if n := eval[int](f, `document.querySelectorAll("#calendar a.ev.cr, #calendar a.ev.cl").length`); n != 2 {
		t.Errorf("%d continuing bar ends, want 2 (the road trip across a week)", n)
	}
	if got := eval[string](f, monthTableJS); got != "7 column headers, 6 rows of 7/7/7/7/7/7" {
		t.Errorf("month grid is %s", got)
	}
	f.axeCheck("month with bars", axe)
	f.screenshot(filepath.Join(screenshotDir(t), "month-bars.png"), true)
	// A bar opens its event in the dialog, as a chip does.
	f.do("open the festival", click(`#calendar .b a.ev`), chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)))
}

// TestViewsBudgets weighs the first agenda and year pages with everything
// they load, compressed as sent, for a user with a busy June and an event
// every other day of the year.
func TestViewsBudgets(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "views_budget", false)
	seeds := busyMonth()
	for d := -150; d <= 214; d += 2 { // 1 January to 31 December
		seeds = append(seeds, seed{Title: "Evening class", Day: d, Hour: 18, Minutes: 60})
	}
	seedEvents(t, u.ID, seeds)
	c := newGzipClient(t, srv.URL)
	c.login(u.Username)
	for _, path := range []string{"/calendar?view=agenda&date=2025-06-01", "/calendar?view=year&date=2025-06-11"} {
		res, html := c.get(path)
		wantGzip(t, path, res)
		total := len(html)
		for _, r := range assetRef.FindAllStringSubmatch(gunzip(t, html), -1) {
			_, body := c.get(r[1])
			total += len(body)
		}
		t.Logf("%s: HTML %d bytes gzip, first page with everything %d (budget %d)", path, len(html), total, firstPageBudget)
		if total > firstPageBudget {
			t.Errorf("%s weighs %d bytes gzip, over the budget of %d", path, total, firstPageBudget)
		}
	}
}

func TestAgendaOnPhone(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	u := createUser(t, "agenda_phone", false)
	seedEvents(t, u.ID, agendaSeeds())
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.viewport(360, 740, true)
	f.login(u.Username)
	f.open("/calendar?view=agenda&date=2025-06-11")
	f.do("wait for the agenda", chromedp.WaitVisible(chromedp.CSS("#ag-list > li h2")))
	f.do("load later days", click("#ag-later"))
	f.waitJS("the July days", `[...document.querySelectorAll("#ag-list h2")].some(h => h.textContent.includes("July"))`)
	if over := eval[string](f, overflowJS); over != "" {
		t.Errorf("agenda at 360x740 scrolls sideways: %s", over)
	}
	if small := eval[[]string](f, smallTargetsJS); len(small) > 0 {
		t.Errorf("agenda at 360x740: tap targets smaller than 44×44 px:\n  %s", strings.Join(small, "\n  "))
	}
	f.axeCheck("agenda at 360x740", axe)
	f.screenshot(filepath.Join(screenshotDir(t), "agenda-360x740.png"), false)
}
