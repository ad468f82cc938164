package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestCalendarsPageWithJavaScript: make a calendar on the calendars page,
// then switch it off and on in place (htmx swaps only the switch, focus
// stays on it, the live region says what happened).
func TestCalendarsPageWithJavaScript(t *testing.T) { calendarsStory(t, true) }

// TestCalendarsPageWithoutJavaScript: the same with plain forms and 303s.
func TestCalendarsPageWithoutJavaScript(t *testing.T) { calendarsStory(t, false) }

func calendarsStory(t *testing.T, js bool) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "cals", false)
	var id int64

	steps(t, b, []part{
		{"make a calendar", func(f *flow) {
			f.setScriptDisabled(!js)
			f.login(u.Username)
			if !js && eval[bool](f, `typeof window.htmx !== "undefined"`) {
				f.t.Fatal("htmx ran: JavaScript is not off")
			}
			id = f.makeCalendar("Work", "green")
			f.clickToPage("back to the list", `main a[href="/calendars"]`)
		}},
		{"switch it off and on", func(f *flow) {
			btn := "#cal-switch-" + strconv.FormatInt(id, 10) + "-button"
			f.wantAttr(btn, "aria-checked", "true")
			for _, want := range []bool{false, true} {
				f.toggle(btn, js)
				f.wantAttr(btn, "aria-checked", strconv.FormatBool(want))
				if got := visibleIn(t, u.ID, id); got != want {
					t.Errorf("stored visibility %v, want %v", got, want)
				}
			}
		}},
	})
}

// makeCalendar goes to the calendars page with the header's link, makes a
// calendar with the new-calendar form and returns its id (on its page).
func (f *flow) makeCalendar(name, color string) int64 {
	f.t.Helper()
	f.clickToPage("go to the calendars", `header.top a[href="/calendars"]`)
	f.wantPath(`^/calendars$`)
	f.wantText("main h1", "Calendars")
	f.do("fill in the new calendar",
		chromedp.SendKeys(chromedp.ID("new-calendar-name"), name),
		chromedp.SetValue(chromedp.ID("new-calendar-color"), color),
	)
	f.clickToPage("create it", `main form[action="/calendars"] button[type=submit]`)
	p := f.wantPath(`^/calendars/\d+\?done=created$`)
	id, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(p, "/calendars/"), "?done=created"), 10, 64)
	f.wantText("main h1", name)
	return id
}

// toggle clicks a visibility switch: with JS the page stays, the switch
// keeps the focus and the live region speaks; without JS the list loads
// again.
func (f *flow) toggle(btn string, js bool) {
	f.t.Helper()
	if !js {
		f.clickToPage("switch", btn)
		f.wantPath(`^/calendars$`)
		return
	}
	f.markWindow()
	before := eval[string](f, `document.querySelector(`+jsString(btn)+`).getAttribute("aria-checked")`)
	f.do("switch", click(btn))
	f.waitJS("the switch to flip", `document.querySelector(`+jsString(btn)+`)?.getAttribute("aria-checked") !== `+jsString(before))
	f.waitJS("the message", `/is (shown|hidden)/.test(document.getElementById("calendars-status").textContent)`)
	if f.reloaded() {
		f.t.Error("the switch reloaded the page")
	}
	if a := f.activeElement(); !strings.HasPrefix(a, "button"+btn) {
		f.t.Errorf("focus after the switch: %s, want the switch", a)
	}
}

// wantAttr waits until an attribute of sel reads want.
func (f *flow) wantAttr(sel, attr, want string) {
	f.t.Helper()
	f.waitJS(sel+" "+attr+"="+want, `document.querySelector(`+jsString(sel)+`)?.getAttribute(`+jsString(attr)+`) === `+jsString(want))
}

// visibleIn reads whether user uid shows calendar id.
func visibleIn(t *testing.T, uid, id int64) bool {
	t.Helper()
	rows, err := env.Store.ListCalendars(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == id {
			return r.Visible
		}
	}
	t.Fatalf("user %d has no calendar %d", uid, id)
	return false
}
