package e2e

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/eventcal/eventcal/db"
)

// typeKey types a character key into the focused element (the page when
// none is) as a keyboard does: one key down that carries its text, so
// that a listener that prevents it also stops the text.
func (f *flow) typeKey(key string) {
	f.t.Helper()
	f.do("press "+key, chromedp.Poll[chromedp.Void](htmxIdleJS, chromedp.WithPollingInterval(10*time.Millisecond),
		chromedp.WithPollingTimeout(waitTimeout)), keyStroke(key))
}

func keyStroke(key string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		if _, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Text: key}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, t, input.DispatchKeyEvent, input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyUp, Key: key})
		return err
	})
}

// pressToPage presses a key that leads to a new page and waits for it.
func (f *flow) pressToPage(key string) {
	f.t.Helper()
	stroke := keyStroke(key)
	if key == kb.Enter {
		stroke = chromedp.KeyEvent(key)
	}
	if _, err := chromedp.Run(f.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, stroke)); err != nil {
		f.fail("press "+key+" for a new page", err)
	}
}

// blur leaves every field, as a reader of the page is.
func (f *flow) blur() {
	f.t.Helper()
	eval[bool](f, `(document.activeElement?.blur(), true)`)
}

// waitView waits until the calendar shows view at an address matching re,
// with focus on its heading.
func (f *flow) waitView(step, query string) {
	f.t.Helper()
	f.waitJS(step, fmt.Sprintf(`location.search.startsWith(%s) && document.activeElement?.id === "cal-h" && %s`,
		jsString(query), htmxIdleJS))
}

// storedTitleAt reads the start of the user's event with a title.
func storedStart(t *testing.T, uid int64, title string) time.Time {
	t.Helper()
	var s time.Time
	if err := env.Pool.QueryRow(context.Background(), `SELECT starts_at FROM events WHERE user_id = $1 AND title = $2`, uid, title).Scan(&s); err != nil {
		t.Fatalf("%s: %v", title, err)
	}
	return s.UTC()
}

// TestQuickAddAndShortcuts: q focuses quick add, the preview follows the
// typing, Enter adds the event and shows it; every shortcut does what the
// list says, and none works while typing in a field.
func TestQuickAddAndShortcuts(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "quick", false)
	b.allow("status of 422 (Unprocessable Entity)") // the refused quick add
	steps(t, b, []part{
		{"quick add", func(f *flow) { f.quickAddStory(u) }},
		{"navigation keys", func(f *flow) { f.navigationKeys() }},
		{"keys for new event, search and the list", func(f *flow) {
			f.open("/")
			f.do("wait for the calendar", chromedp.WaitVisible(chromedp.ID("calendar")))
			f.typeKey("c")
			f.waitJS("c: the new event form", `document.querySelector("#event-dialog[open]") && document.activeElement?.id === "event-title"`)
			f.typeKey("j") // typing in the title
			if v := eval[string](f, `document.getElementById("event-title").value`); v != "j" {
				t.Errorf("j typed in the title gave %q", v)
			}
			f.do("close", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS("dialog[open]")))
			f.blur()
			f.typeKey("?")
			f.waitJS("?: the list", `document.querySelector("#event-dialog[open] h2")?.textContent === "Keyboard shortcuts" && document.activeElement?.tagName === "H2"`)
			if n := eval[int](f, `document.querySelectorAll("#event-dialog dt").length`); n != 12 {
				t.Errorf("the list shows %d shortcuts", n)
			}
			f.do("close the list", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS("dialog[open]")))
			f.blur()
			f.pressToPage("/")
			f.wantPath(`^/search$`)
			f.waitJS("/: the search field focused", `document.activeElement?.id === "search-q"`)
			f.open("/")
			for key, sel := range map[string]string{"c": "#calendar .ch a.button", "t": "#calendar .cn a:not([rel])", "j n": "#calendar a[rel=next]",
				"k p": "#calendar a[rel=prev]", "m": "#calendar .vs a", "q": "#qa-t", "/": "a[href='/search']"} {
				if got := eval[string](f, fmt.Sprintf(`document.querySelector(%s).getAttribute("aria-keyshortcuts")`, jsString(sel))); got != key {
					t.Errorf("%s announces %q, want %q", sel, got, key)
				}
			}
		}},
	})
}

// TestMoveWithoutJavaScript: the detail page's +1 week and Move to a date
// and time move an event, through the question, with JavaScript off.
func TestMoveWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "move", false)
	seedEvents(t, u.ID, []seed{{Title: "Piano lesson", Day: 12, Hour: 16, Minutes: 45}})
	steps(t, b, []part{
		{"move", func(f *flow) {
			f.setScriptDisabled(true)
			f.login(u.Username)
			f.clickToPage("open the event", `#calendar a[href^="/events/"]:not([href^="/events/new"])`)
			f.wantText("main h1", "Piano lesson")
			f.clickToPage("+1 week", `button[name=shift][value="1w"]`)
			f.wantText("main h1", "Move “Piano lesson”?")
			f.clickToPage("confirm", `main form[method=post] button[type=submit]`)
			f.wantPath(`^/events/\d+$`)
			if s := storedStart(t, u.ID, "Piano lesson"); !s.Equal(time.Date(2025, 6, 19, 14, 0, 0, 0, time.UTC)) {
				t.Fatalf("after +1 week the lesson starts at %v", s)
			}
			f.do("choose a new start", chromedp.SetValue(chromedp.ID("mv-s"), "2025-06-20T09:15"))
			f.clickToPage("move to it", `.mv form:first-of-type button[type=submit]`)
			f.clickToPage("confirm", `main form[method=post] button[type=submit]`)
			if s := storedStart(t, u.ID, "Piano lesson"); !s.Equal(time.Date(2025, 6, 20, 7, 15, 0, 0, time.UTC)) {
				t.Fatalf("after the move the lesson starts at %v", s)
			}
			f.wantText(".event-facts dd", "Fri 20 Jun 2025, 09:15–10:00")
		}},
	})
}

// TestMoveInDialog: in the event dialog, +1 day moves the event at once
// and the dialog shows it at its new time.
func TestMoveInDialog(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "movejs", false)
	seedEvents(t, u.ID, []seed{{Title: "Choir", Day: 12, Hour: 19, Minutes: 90}})
	steps(t, b, []part{
		{"move", func(f *flow) {
			f.login(u.Username)
			f.do("open the event", click(`#calendar a[href^="/events/"]:not([href^="/events/new"])`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] button[name=shift][value="1d"]`)))
			f.do("+1 day", click(`#event-dialog button[name=shift][value="1d"]`))
			f.waitText("#event-dialog .event-facts dd", "Fri 13 Jun 2025, 19:00–20:30")
			if s := storedStart(t, u.ID, "Choir"); !s.Equal(time.Date(2025, 6, 13, 17, 0, 0, 0, time.UTC)) {
				t.Fatalf("after +1 day the choir starts at %v", s)
			}
		}},
	})
}

// quickAddStory: q focuses quick add; the preview follows the typing and
// Enter adds the event, which opens in the dialog, and empties the field;
// a line without a date stays, with the reason in the preview.
func (f *flow) quickAddStory(u db.User) {
	t := f.t
	f.login(u.Username)
	f.blur()
	f.typeKey("q")
	f.waitJS("q: quick add focused", `document.activeElement?.id === "qa-t"`)
	f.do("type", chromedp.SendKeys(chromedp.ID("qa-t"), "Dentist fri 9:30-10:15 at Main St 5"))
	f.waitText("#qa-p", "Dentist Fri 13 Jun 09:30–10:15 · at Main St 5")
	f.do("Enter", chromedp.KeyEvent(kb.Enter))
	f.waitJS("the new event in the dialog", `document.querySelector("#event-dialog[open] h2")?.textContent === "Dentist" && document.getElementById("qa-t").value === "" && document.getElementById("qa-p").textContent === ""`)
	f.waitJS("the calendar shows it", chipJS("Dentist"))
	if s := storedStart(t, u.ID, "Dentist"); !s.Equal(time.Date(2025, 6, 13, 7, 30, 0, 0, time.UTC)) {
		t.Errorf("the dentist starts at %v", s)
	}
	f.do("close", chromedp.KeyEvent(kb.Escape), chromedp.WaitNotPresent(chromedp.CSS("dialog")))
	f.waitJS("focus back on the calendar", `document.activeElement?.id === "cal-h" && `+htmxIdleJS)
	f.do("type what cannot be read", chromedp.SendKeys(chromedp.ID("qa-t"), "Call the plumber"))
	f.waitJS("the preview says what was not understood", `document.querySelector("#qa-p .qa-x")?.textContent.startsWith("Found no date")`)
	f.do("Enter", chromedp.KeyEvent(kb.Enter))
	f.waitJS("refused, the text kept", `document.querySelector("#qa-p .qa-x")?.textContent.startsWith("Found no date") && document.getElementById("qa-t").value === "Call the plumber" && !document.querySelector("dialog[open]") && `+htmxIdleJS)
}

// TestQuickAddWithoutJavaScript: Enter in the field leads to the quick add
// page with the preview; its Add creates the event and shows it, and a
// line without a date comes back with the reason and the text.
func TestQuickAddWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "quicknojs", false)
	b.allow("status of 422 (Unprocessable Entity)") // the refused quick add
	steps(t, b, []part{
		{"quick add", func(f *flow) {
			f.setScriptDisabled(true)
			f.login(u.Username)
			f.do("type", chromedp.SendKeys(chromedp.ID("qa-t"), "Lunch with Ann tomorrow 13:00"))
			f.pressToPage(kb.Enter)
			f.wantPath(`^/events/quick\?text=Lunch`)
			f.wantText("#qa-p", "Lunch with Ann Thu 12 Jun 13:00–14:00")
			f.clickToPage("add", `main form.qa button[type=submit]`)
			f.wantPath(`^/events/\d+$`)
			f.wantText("main h1", "Lunch with Ann")
			if s := storedStart(t, u.ID, "Lunch with Ann"); !s.Equal(time.Date(2025, 6, 12, 11, 0, 0, 0, time.UTC)) {
				t.Errorf("lunch starts at %v", s)
			}
			f.open("/events/quick")
			f.do("type", chromedp.SendKeys(chromedp.ID("qa-t"), "Call the plumber"))
			f.clickToPage("add", `main form.qa button[type=submit]`)
			f.wantText("main .form-error", "Found no date or time in “Call the plumber”. Add one, like “tomorrow 13:00”, “fri 9:30-10:15”, “Dec 24” or “every mon”.")
			if v := eval[string](f, `document.getElementById("qa-t").value`); v != "Call the plumber" {
				t.Errorf("the refused text reads %q", v)
			}
		}},
	})
}

// navigationKeys: j k n p t move the calendar, m w d a y change its view
// (focus on the new heading each time); without a calendar on the page a
// view's key leads to it.
func (f *flow) navigationKeys() {
	f.open("/?view=month&date=2025-06-11")
	f.typeKey("j")
	f.waitView("j: next month", "?view=month&date=2025-07")
	f.typeKey("k")
	f.waitView("k: previous month", "?view=month&date=2025-06")
	f.typeKey("n")
	f.waitView("n: next month", "?view=month&date=2025-07")
	f.typeKey("t")
	f.waitView("t: today", "?view=month")
	f.wantText("#cal-h", "June 2025")
	f.typeKey("p")
	f.waitView("p: previous month", "?view=month&date=2025-05")
	f.typeKey("w")
	f.waitView("w: week", "?view=week&date=2025-05")
	f.typeKey("d")
	f.waitView("d: day", "?view=day&date=2025-05")
	f.typeKey("m")
	f.waitView("m: month", "?view=month&date=2025-05")
	f.typeKey("a")
	f.waitView("a: agenda", "?view=agenda&date=2025-05")
	f.typeKey("y")
	f.waitView("y: year", "?view=year&date=2025-05")
	f.open("/settings")
	f.pressToPage("w") // no calendar here: to the view of today
	f.wantPath(`^/calendar\?view=week$`)
}
