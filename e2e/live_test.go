package e2e

import (
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// liveWait bounds how long a change may take to reach another page.
const liveWait = 5 * time.Second

// TestLiveUpdates: Ann has her month open in two browsers. She adds an
// event in the first; the second's month shows it within seconds without
// a reload, keeping its scroll position and focus, and its status region
// says "Calendar updated". The first, which made the change, reloads its
// calendar once (for its own save), not again for the echo. While a dialog
// is open in the second, its refresh waits until the dialog closes; on a
// phone's week view, the grid keeps its sideways scroll; search results
// follow too.
func TestLiveUpdates(t *testing.T) {
	srv := startServer(t)
	ann := createUser(t, "live", false)
	a, b := newBrowser(t, srv).flow(t), newBrowser(t, srv).flow(t)
	const first, second = "Live lunch", "Live dinner"

	b.viewport(1000, 500, false) // short enough to scroll
	a.login(ann.Username)
	b.login(ann.Username)
	for _, f := range []*flow{a, b} {
		f.following()
		f.markWindow()
		f.do("count calendar reloads", chromedp.Evaluate[chromedp.Void](`window.__calendarLoads = 0;
			document.addEventListener("htmx:beforeRequest", e => { if (e.detail.elt?.id === "calendar") window.__calendarLoads++; })`))
	}
	b.do("scroll and focus Go to date", chromedp.Evaluate[chromedp.Void](`scrollTo(0, 150); document.getElementById("cal-d").focus()`))
	scrolled := eval[float64](b, `scrollY`)
	if scrolled < 100 {
		t.Fatalf("the second page scrolled to %v, want about 150 (too short to test scrolling)", scrolled)
	}

	a.addEvent(first)
	b.waitLive("the second browser shows the new event", chipJS(first))
	b.waitText("#live", "Calendar updated")
	if b.reloaded() {
		t.Error("the second page reloaded")
	}
	if y := eval[float64](b, `scrollY`); y != scrolled {
		t.Errorf("the second page scrolled from %v to %v", scrolled, y)
	}
	if e := b.activeElement(); e != `input#cal-d ""` {
		t.Errorf("focus after the refresh: %s, want Go to date", e)
	}
	a.waitJS("the event in the first browser", chipJS(first))

	b.do("open the new-event dialog", click(`#calendar .ch a.button`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)))
	a.closeDialog()
	a.addEvent(second)
	time.Sleep(time.Second)
	if eval[bool](b, chipJS(second)) || eval[int](b, `window.eventcalLive.refreshes`) != 1 {
		t.Error("the second browser refreshed behind its open dialog")
	}
	b.closeDialog()
	b.waitLive("the second event after the dialog closed", chipJS(second))
	if n := eval[int](b, `window.eventcalLive.refreshes`); n != 2 || b.reloaded() {
		t.Errorf("the second browser refreshed %d times, want 2 (reloaded %v)", n, b.reloaded())
	}

	liveWeekAndSearch(t, a, b)

	// The echoes of the first browser's changes had time to arrive (and a
	// refresh waiting behind its dialog would run once it closes).
	a.closeDialog()
	time.Sleep(time.Second)
	if n := eval[int](a, `window.__calendarLoads`); n != 4 {
		t.Errorf("the first browser loaded its calendar %d times for its 4 changes, want 4", n)
	}
	if n := eval[int](a, `window.eventcalLive.refreshes`); n != 0 || a.reloaded() {
		t.Errorf("the first browser refreshed %d times for its own changes (reloaded %v)", n, a.reloaded())
	}
}

// liveWeekAndSearch: on a phone, the week grid keeps its sideways scroll;
// search results follow too, and the search field keeps the focus.
func liveWeekAndSearch(t *testing.T, a, b *flow) {
	const third, fourth = "Live breakfast", "Live supper"
	b.viewport(500, 700, false)
	b.open("/calendar?view=week&date=2025-06-11")
	b.following()
	const wk = `document.querySelector("#calendar .wk").scrollLeft`
	left := eval[float64](b, wk+` = 120`)
	a.closeDialog()
	a.addEvent(third)
	b.waitLive("the third event in the week", chipJS(third))
	if got := eval[float64](b, wk); got != left || left == 0 {
		t.Errorf("the week grid scrolled sideways from %v to %v", left, got)
	}

	b.open("/search?q=live")
	b.following()
	a.closeDialog()
	a.addEvent(fourth)
	b.waitLive("the fourth event in the search results", `[...document.querySelectorAll("#search-results .search-title")].some(a => a.textContent.includes(`+jsString(fourth)+`))`)
	if e := b.activeElement(); e != `input#search-q ""` {
		t.Errorf("focus after the search refreshed: %s, want the search field", e)
	}
}

// following waits until the page's live-update stream is open, and a
// moment for the instance to subscribe to the user's channel.
func (f *flow) following() {
	f.t.Helper()
	f.waitJS("the stream open", `window.eventcalLive?.opened > 0`)
	time.Sleep(300 * time.Millisecond)
}

// closeDialog closes the open event dialog.
func (f *flow) closeDialog() {
	f.t.Helper()
	f.do("close the dialog", click(`#event-dialog [data-close-dialog]`), chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)))
}

// addEvent makes an event with a title in the new-event dialog.
func (f *flow) addEvent(title string) {
	f.t.Helper()
	f.do("add "+title,
		click(`#calendar .ch a.button`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
		chromedp.SendKeys(chromedp.ID("event-title"), title),
		click(`#event-dialog button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
	)
}

// waitLive waits, at most liveWait, until a JavaScript expression is truthy.
func (f *flow) waitLive(step, js string) {
	f.t.Helper()
	if _, err := chromedp.Run(f.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(25*time.Millisecond),
		chromedp.WithPollingTimeout(liveWait))); err != nil {
		f.fail(step+" (within "+liveWait.String()+")", err)
	}
}

// TestLiveEndsWithTheSession: a page whose session ended while it stayed
// open (here its cookies are dropped, as when the session expires on a
// laptop that slept) reconnects its stream, is told once that the session
// ended, and stops following: no error in the console, no more attempts.
func TestLiveEndsWithTheSession(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "liveend", false)
	f := newBrowser(t, srv).flow(t)
	f.login(u.Username)
	f.following()
	f.setCookiesCleared()
	f.do("reconnect the stream, counting connections", chromedp.Evaluate[chromedp.Void](`(() => {
		window.__connects = 0;
		const create = htmx.createEventSource;
		htmx.createEventSource = url => { window.__connects++; return create(url); };
		const el = document.getElementById("live"), again = el.cloneNode(false);
		el.replaceWith(again);
		htmx.process(again);
	})()`))
	f.waitJS("the page told the session ended", `window.eventcalLive.ended === true`)
	time.Sleep(4 * time.Second) // the extension would have retried twice by now
	if n := eval[int](f, `window.__connects`); n != 1 {
		t.Errorf("the page connected %d times after its session ended, want 1", n)
	}
	if eval[bool](f, `document.getElementById("live").hasAttribute("sse-connect")`) {
		t.Error("#live still follows the stream")
	}
}
