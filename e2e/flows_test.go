package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// yogaClasses are more matches than one page of search results holds.
func yogaClasses() []seed {
	var out []seed
	for i := range 22 {
		out = append(out, seed{Title: fmt.Sprintf("Yoga class %02d", i+1), Location: "Community hall",
			Description: "Bring a mat.", Color: "teal", Day: 2 + i, Hour: 18, Minutes: 60})
	}
	return out
}

// steps runs the named parts of one user's story in order; each part is a
// subtest with its own flow deadline, and a failed part ends the story.
func steps(t *testing.T, b *browser, parts []part) {
	t.Helper()
	for _, p := range parts {
		if !t.Run(p.name, func(t *testing.T) { p.fn(b.flow(t)) }) {
			t.FailNow()
		}
	}
}

// part is one step of a story.
type part struct {
	name string
	fn   func(f *flow)
}

// clickToPage clicks an element that leads to a new page and waits for it
// to load.
func (f *flow) clickToPage(step string, sel string) {
	f.t.Helper()
	if _, err := chromedp.Run(f.ctx, chromedp.WaitEvent(page.LoadEventFired, nil,
		click(sel))); err != nil {
		f.fail(step, err)
	}
}

// wantPath fails unless the page's address (path and query) matches re.
func (f *flow) wantPath(re string) string {
	f.t.Helper()
	p := f.path()
	if !regexp.MustCompile(re).MatchString(p) {
		f.t.Fatalf("address %s, want %s", p, re)
	}
	return p
}

// wantText fails unless the text of sel is want.
func (f *flow) wantText(sel, want string) {
	f.t.Helper()
	if got := f.text(sel); got != want {
		f.t.Fatalf("%s reads %q, want %q", sel, got, want)
	}
}

// waitText waits until the text of sel is want.
func (f *flow) waitText(sel, want string) {
	f.t.Helper()
	f.waitJS(fmt.Sprintf("%s to read %q", sel, want),
		fmt.Sprintf(`(document.querySelector(%s)?.textContent ?? "").replace(/\s+/g, " ").trim() === %s`, jsString(sel), jsString(want)))
}

// chipJS is true when the calendar shows an event chip containing title.
func chipJS(title string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("#calendar a.ev")].some(a => a.textContent.includes(%s))`, jsString(title))
}

// chipSel selects the calendar chip of the first event containing title
// (the event's id is read from the page).
func (f *flow) chipSel(title string) string {
	f.t.Helper()
	href := eval[string](f, fmt.Sprintf(`([...document.querySelectorAll("#calendar a.ev")].find(a => a.textContent.includes(%s))?.getAttribute("href")) ?? ""`, jsString(title)))
	if href == "" {
		f.t.Fatalf("no chip for %q in the calendar", title)
	}
	return fmt.Sprintf(`#calendar a.ev[href=%q]`, href)
}

// register creates an account through the form and lands on the dashboard.
func (f *flow) register(username string) {
	f.t.Helper()
	f.open("/register")
	f.do("fill in the registration form",
		chromedp.WaitVisible(chromedp.ID("reg-username")),
		chromedp.SendKeys(chromedp.ID("reg-username"), username),
		chromedp.SendKeys(chromedp.ID("reg-password"), testPassword),
		chromedp.SendKeys(chromedp.ID("reg-password-confirm"), testPassword),
	)
	f.clickToPage("create the account", `main form button[type=submit]`)
	f.do("wait for the dashboard", chromedp.WaitVisible(chromedp.ID("calendar")))
	f.wantPath(`^/$`)
	f.wantText("#cal-h", "June 2025")
}

// logout signs out with the header's button and lands on the login page.
func (f *flow) logout() {
	f.t.Helper()
	f.clickToPage("log out", `header.top form[action="/logout"] button`)
	f.do("wait for the login form", chromedp.WaitVisible(chromedp.ID("login-username")))
	f.wantPath(`^/login$`)
}

// seedSearchable stores the yoga classes for a user who registered in
// the browser (before they sign in again, which drops their cached lists).
func seedSearchable(t *testing.T, username string) {
	t.Helper()
	u, err := env.Store.GetUserByLogin(context.Background(), username)
	if err != nil {
		t.Fatal(err)
	}
	seedEvents(t, u.ID, yogaClasses())
}

// markWindow marks the window; reloaded tells whether the page was loaded
// again since (htmx navigation must not reload the layout).
func (f *flow) markWindow() {
	f.do("mark the window", chromedp.Evaluate[chromedp.Void](`window.__e2eMark = 1`))
}
func (f *flow) reloaded() bool { return !eval[bool](f, `window.__e2eMark === 1`) }

// TestFlowWithJavaScript is a user's whole story with JavaScript on:
// register, log out and in, create an event in the dialog, navigate the
// calendar (with the back button), week and day views, open, edit and
// delete the event, live search with "More results", and log out. htmx
// navigation never reloads the page, focus moves to each new heading and
// returns to the opener when a dialog closes.
func TestFlowWithJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	name := uniqueName("js")
	const title, edited = "Dentist appointment", "Dentist (moved)"

	steps(t, b, []part{
		{"register", func(f *flow) {
			// The browser's zone preselects the time zone.
			if _, err := chromedp.Call(f.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: "Asia/Tokyo"}); err != nil {
				f.fail("emulate a time zone", err)
			}
			f.open("/register")
			f.do("wait for the form", chromedp.WaitVisible(chromedp.ID("reg-timezone")))
			if tz := eval[string](f, `document.getElementById("reg-timezone").value`); tz != "Asia/Tokyo" {
				f.t.Errorf("time zone preselected: %q, want the browser's Asia/Tokyo", tz)
			}
			if _, err := chromedp.Call(f.ctx, emulation.SetTimezoneOverride, emulation.SetTimezoneOverrideParams{TimezoneID: testZone}); err != nil {
				f.fail("emulate a time zone", err)
			}
			f.register(name)
		}},
		{"log out and in", func(f *flow) {
			f.logout()
			seedSearchable(f.t, name)
			f.login(name)
			f.wantPath(`^/$`)
		}},
		{"create an event in the dialog", func(f *flow) {
			f.markWindow()
			f.do("open the new-event dialog",
				click(`#calendar .ch a.button`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
			)
			f.wantPath(`^/$`)
			if a := f.activeElement(); !strings.HasPrefix(a, "input#event-title") {
				f.t.Errorf("focus in the new dialog: %s, want the title field", a)
			}
			f.checkFocusTrapped()
			f.checkAllDayToggle()
			// Without a title the form comes back (422) in the dialog, with
			// the error summary focused and the other values kept.
			b.allow("the server responded with a status of 422")
			f.do("submit without a title",
				chromedp.SendKeys(chromedp.ID("event-location"), "Main Street 5"),
				click(`#event-dialog button[type=submit]`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-errors`)),
			)
			f.waitJS("focus on the error summary", `document.activeElement?.id === "event-errors"`)
			if loc := eval[string](f, `document.getElementById("event-location").value`); loc != "Main Street 5" {
				f.t.Errorf("location after the 422: %q, want it kept", loc)
			}
			f.do("fill in and submit the form",
				chromedp.SendKeys(chromedp.ID("event-title"), title),
				click(`#event-dialog button[type=submit]`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			f.wantText("#event-dialog h2", title)
			f.waitJS("the new event in the month", chipJS(title))
			if f.reloaded() {
				f.t.Error("creating an event reloaded the page")
			}
			if a := f.activeElement(); !strings.HasPrefix(a, "h2#event-dialog-title") {
				f.t.Errorf("focus after saving: %s, want the dialog's heading", a)
			}
			// Closing returns focus to "New event" (refreshed behind the dialog).
			f.do("close the dialog",
				click(`#event-dialog [data-close-dialog]`),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
			)
			f.waitJS("focus back on New event", `document.activeElement?.matches("#calendar .ch a.button")`)
		}},
		{"navigate months and go back", func(f *flow) {
			f.watchLayoutShifts()
			f.do("next month", click(`#calendar a[rel=next]`))
			f.waitText("#cal-h", "July 2025")
			f.wantPath(`^/\?view=month&date=2025-07-11$`)
			f.waitJS("focus on the new heading", `document.activeElement?.id === "cal-h"`)
			f.do("previous month", click(`#calendar a[rel=prev]`))
			f.waitText("#cal-h", "June 2025")
			f.do("previous month", click(`#calendar a[rel=prev]`))
			f.waitText("#cal-h", "May 2025")
			f.wantPath(`date=2025-05-11$`)
			f.back()
			f.waitText("#cal-h", "June 2025")
			f.wantPath(`^/\?view=month&date=2025-06-11$`)
			f.back()
			f.waitText("#cal-h", "July 2025")
			f.wantPath(`date=2025-07-11$`)
			f.do("today", click(`#calendar .cn > a:not([rel])`))
			f.waitText("#cal-h", "June 2025")
			f.wantPath(`^/\?view=month$`)
			f.waitJS("the event", chipJS(title))
			if f.reloaded() {
				f.t.Error("calendar navigation reloaded the page")
			}
			shift := f.layoutShift()
			f.t.Logf("layout shift while navigating: %.4f", shift)
			if shift > 0.01 {
				f.t.Errorf("calendar navigation shifted the layout by %.3f (cumulative layout shift score)", shift)
			}
		}},
		{"a day of the month", func(f *flow) {
			// The month's day numbers are plain links that app.js loads
			// with htmx (the grid is [data-nav]), pushing the URL.
			f.do("a day's number", click(`#calendar .mo a.dn[href$="date=2025-06-12"]`))
			f.waitText("#cal-h", "Thursday, 12 June 2025")
			f.wantPath(`view=day&date=2025-06-12$`)
			f.waitJS("focus on the day's heading", `document.activeElement?.id === "cal-h"`)
			f.back()
			f.waitText("#cal-h", "June 2025")
			f.wantPath(`^/\?view=month$`)
			if f.reloaded() {
				f.t.Error("opening a day of the month reloaded the page")
			}
		}},
		{"week and day views", func(f *flow) {
			f.do("week view", click(`#calendar .vs a[href*="view=week"]`))
			f.waitText("#cal-h", "9 – 15 June 2025")
			f.wantPath(`view=week`)
			f.waitJS("focus on the week heading", `document.activeElement?.id === "cal-h"`)
			f.waitJS("the event in the week", chipJS(title))
			f.do("a day's heading", click(`#calendar .wh a[href$="date=2025-06-12"]`))
			f.waitText("#cal-h", "Thursday, 12 June 2025")
			f.wantPath(`view=day&date=2025-06-12$`)
			f.back()
			f.waitText("#cal-h", "9 – 15 June 2025")
			f.do("day view", click(`#calendar .vs a[href*="view=day"]`))
			f.waitText("#cal-h", "Wednesday, 11 June 2025")
			f.wantPath(`view=day&date=2025-06-11`)
			f.waitJS("the event in the day", chipJS(title))
			if f.reloaded() {
				f.t.Error("switching views reloaded the page")
			}
		}},
		{"open and edit the event", func(f *flow) {
			chip := f.chipSel(title)
			f.do("open the event",
				click(chip),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			f.wantText("#event-dialog h2", title)
			if a := f.activeElement(); !strings.HasPrefix(a, "h2#event-dialog-title") {
				f.t.Errorf("focus in the details dialog: %s, want its heading", a)
			}
			f.do("edit it",
				click(`#event-dialog .event-actions a.button`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
			)
			f.waitJS("focus on the edit form's heading", `document.activeElement?.id === "event-dialog-title"`)
			f.do("change the title and save",
				chromedp.Clear(chromedp.ID("event-title")),
				chromedp.SendKeys(chromedp.ID("event-title"), edited),
				click(`#event-dialog button[type=submit]`),
			)
			f.waitText("#event-dialog h2", edited)
			f.waitJS("the new title in the calendar", chipJS(edited))
			// Escape closes the dialog, and focus returns to the event's chip
			// (refreshed behind the dialog).
			f.do("close the dialog with Escape",
				chromedp.KeyEvent(kb.Escape),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
			)
			f.waitJS("focus back on the chip", fmt.Sprintf(`document.activeElement?.matches(%s)`, jsString(chip)))
		}},
		{"delete the event", func(f *flow) {
			f.do("open the event",
				click(f.chipSel(edited)),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			f.do("delete it (confirming)",
				click(`#event-dialog button.danger`),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
			)
			f.waitJS("the event gone from the calendar", "!("+chipJS(edited)+")")
			if d := b.acceptedDialogs(); !slices.Contains(d, "Delete “"+edited+"”?") {
				f.t.Errorf("confirmations asked: %q, want Delete “%s”?", d, edited)
			}
			f.waitJS("focus on the calendar", `document.getElementById("calendar").contains(document.activeElement)`)
			if f.reloaded() {
				f.t.Error("editing and deleting reloaded the page")
			}
		}},
		{"live search", func(f *flow) {
			f.clickToPage("go to search", `header.top a[href="/search"]`)
			f.markWindow()
			f.do("type a query",
				chromedp.WaitVisible(chromedp.ID("search-q")),
				chromedp.SendKeys(chromedp.ID("search-q"), "yoga"),
			)
			f.waitJS("20 results", `document.querySelectorAll("#search-results .search-result").length === 20`)
			f.waitJS("the query in the address", `location.search === "?q=yoga"`)
			f.waitText("#search-status", "22 events match “yoga”, showing 1–20.")
			f.do("more results", click("#search-more"))
			f.waitJS("22 results", `document.querySelectorAll("#search-results .search-result").length === 22`)
			f.waitJS("focus on the first new result", `document.activeElement === document.querySelectorAll("#search-results .search-result a")[20]`)
			if f.reloaded() {
				f.t.Error("live search reloaded the page")
			}
		}},
		{"log out", func(f *flow) { f.logout() }},
	})
}

// checkAllDayToggle switches the open form to all day and back: the inputs
// become dates and then date-times again, with the same days and times.
func (f *flow) checkAllDayToggle() {
	f.t.Helper()
	read := func() string {
		return eval[string](f, `["event-start", "event-end"].map(id => { const e = document.getElementById(id); return e.type + " " + e.value; }).join(" | ")`)
	}
	before := read()
	if before != "datetime-local 2025-06-11T11:00 | datetime-local 2025-06-11T12:00" {
		f.t.Errorf("new event's times: %s", before)
	}
	f.do("all day", click("#event-all-day"))
	if got := read(); got != "date 2025-06-11 | date 2025-06-11" {
		f.t.Errorf("all day: %s, want dates", got)
	}
	f.do("not all day", click("#event-all-day"))
	if got := read(); got != before {
		f.t.Errorf("all day off again: %s, want %s", got, before)
	}
}

// TestFlowWithoutJavaScript is the same story with JavaScript off: full
// pages and plain forms throughout (the New event link is a page, Delete
// asks on a page of its own, search is a GET form).
func TestFlowWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	name := uniqueName("nojs")
	const title, edited = "Piano lesson", "Piano lesson (moved)"
	var eventPath string

	steps(t, b, []part{
		{"register", func(f *flow) {
			f.setScriptDisabled(true)
			f.register(name)
			if eval[bool](f, `typeof window.htmx !== "undefined"`) {
				f.t.Fatal("htmx ran: JavaScript is not off")
			}
		}},
		{"log out and in", func(f *flow) {
			f.logout()
			seedSearchable(f.t, name)
			f.login(name)
			f.wantPath(`^/$`)
		}},
		{"create an event on its page", func(f *flow) {
			f.clickToPage("new event", `#calendar .ch a.button`)
			f.wantPath(`^/events/new$`)
			f.wantText("main h1", "New event")
			f.do("fill in the form", chromedp.SendKeys(chromedp.ID("event-title"), title))
			f.clickToPage("create it", `main form button[type=submit]`)
			eventPath = f.wantPath(`^/events/\d+$`)
			f.wantText("main h1", title)
			f.clickToPage("back to the calendar", `.event-actions a[href^="/calendar"]`)
			f.wantPath(`^/calendar\?view=month&date=2025-06-11$`)
			f.waitJS("the event in the month", chipJS(title))
		}},
		{"navigate months and go back", func(f *flow) {
			f.clickToPage("next month", `#calendar a[rel=next]`)
			f.wantText("#cal-h", "July 2025")
			f.wantPath(`^/calendar\?view=month&date=2025-07-11$`)
			f.clickToPage("previous month", `#calendar a[rel=prev]`)
			f.wantText("#cal-h", "June 2025")
			f.do("back", chromedp.NavigateBack())
			f.wantText("#cal-h", "July 2025")
			f.wantPath(`date=2025-07-11$`)
			f.clickToPage("today", `#calendar .cn > a:not([rel])`)
			f.wantText("#cal-h", "June 2025")
			f.wantPath(`^/calendar\?view=month$`)
		}},
		{"week and day views", func(f *flow) {
			f.clickToPage("week view", `#calendar .vs a[href*="view=week"]`)
			f.wantText("#cal-h", "9 – 15 June 2025")
			f.waitJS("the event in the week", chipJS(title))
			f.clickToPage("day view", `#calendar .vs a[href*="view=day"]`)
			f.wantText("#cal-h", "Wednesday, 11 June 2025")
			f.waitJS("the event in the day", chipJS(title))
		}},
		{"open and edit the event", func(f *flow) {
			f.clickToPage("open the event", f.chipSel(title))
			f.wantPath("^" + eventPath + "$")
			f.clickToPage("edit it", `.event-actions a.button`)
			f.wantPath("^" + eventPath + "/edit$")
			f.do("change the title",
				chromedp.Clear(chromedp.ID("event-title")),
				chromedp.SendKeys(chromedp.ID("event-title"), edited),
			)
			f.clickToPage("save", `main form button[type=submit]`)
			f.wantPath("^" + eventPath + "$")
			f.wantText("main h1", edited)
		}},
		{"delete the event", func(f *flow) {
			f.clickToPage("delete", `.event-actions button.danger`)
			f.wantPath("^" + eventPath + `/delete\??$`)
			f.clickToPage("confirm", `main form button.danger`)
			f.wantPath(`^/calendar\?view=month&date=2025-06-11$`)
			if eval[bool](f, chipJS(edited)) {
				f.t.Error("the deleted event is still in the calendar")
			}
		}},
		{"search", func(f *flow) {
			f.clickToPage("go to search", `header.top a[href="/search"]`)
			f.do("type a query", chromedp.SendKeys(chromedp.ID("search-q"), "yoga"))
			f.clickToPage("search", `main form[role=search] button[type=submit]`)
			f.wantPath(`^/search\?q=yoga$`)
			f.wantText("#search-status", "22 events match “yoga”, showing 1–20.")
			f.clickToPage("more results", `#search-more`)
			f.wantPath(`^/search\?q=yoga&page=2$`)
			if n := eval[int](f, `document.querySelectorAll("#search-results .search-result").length`); n != 2 {
				f.t.Errorf("page 2 has %d results, want 2", n)
			}
		}},
		{"log out", func(f *flow) { f.logout() }},
	})
}

// watchLayoutShifts starts counting the page's layout shifts (all of
// them, also those right after a click, which the CLS score forgives).
func (f *flow) watchLayoutShifts() {
	f.t.Helper()
	f.do("watch layout shifts", chromedp.Evaluate[chromedp.Void](`window.__e2eShift = 0;
		new PerformanceObserver(l => { for (const e of l.getEntries()) window.__e2eShift += e.value; }).observe({type: "layout-shift"})`))
}

// layoutShift is the sum of the layout shifts since watchLayoutShifts.
func (f *flow) layoutShift() float64 {
	f.t.Helper()
	return eval[float64](f, `window.__e2eShift`)
}

// checkFocusTrapped tabs through the open dialog and past its end: focus
// comes round to the dialog's first control again and never reaches the
// page behind it (showModal makes that inert).
func (f *flow) checkFocusTrapped() {
	f.t.Helper()
	var last string
	passedEnd := false
	for range 80 { // date-time inputs take a Tab per part
		f.do("tab", chromedp.KeyEvent(kb.Tab))
		where := eval[string](f, `(() => { const d = document.querySelector("dialog[open]"), a = document.activeElement;
			if (a === document.body) return "body";
			if (!d.contains(a)) return "outside";
			return a.matches("[data-close-dialog]") ? a.textContent.trim() : "inside"; })()`)
		switch {
		case where == "outside":
			f.t.Fatalf("Tab left the dialog for %s (after %s)", f.activeElement(), last)
		case where == "Cancel":
			passedEnd = true
		case where == "Close" && passedEnd:
			f.do("back to the title", chromedp.Focus(chromedp.ID("event-title")))
			return
		}
		last = where
	}
	f.t.Fatal("Tab never came round to the dialog's Close button")
}

// back goes one entry back in the tab's history, as the browser's back
// button does, without waiting for a page load (htmx restores pushed
// entries in the same document).
func (f *flow) back() {
	f.t.Helper()
	f.do("back", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		h, err := cdp.Call(ctx, t, page.GetNavigationHistory, cdp.Empty{})
		if err != nil {
			return err
		}
		if h.CurrentIndex < 1 {
			return fmt.Errorf("no history to go back to")
		}
		_, err = cdp.Call(ctx, t, page.NavigateToHistoryEntry, page.NavigateToHistoryEntryParams{EntryID: h.Entries[h.CurrentIndex-1].ID})
		return err
	}))
}
