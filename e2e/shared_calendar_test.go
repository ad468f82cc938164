package e2e

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/db"
)

// TestSharedCalendarWithJavaScript: Ann makes "Family" and shares it on
// its page, to edit with Bob and to view with Cleo; Bob makes an event in
// it in the new-event dialog; Ann's month shows it; Cleo sees it in the
// dialog and on its page without Edit or Delete.
func TestSharedCalendarWithJavaScript(t *testing.T) { sharedCalendarStory(t, true) }

// TestSharedCalendarWithoutJavaScript: the same with full pages and plain
// forms.
func TestSharedCalendarWithoutJavaScript(t *testing.T) { sharedCalendarStory(t, false) }

func sharedCalendarStory(t *testing.T, js bool) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	ann, bob, cleo := createUser(t, "ann", false), createUser(t, "bob", false), createUser(t, "cleo", false)
	const title = "Grandma's birthday"
	var family, id int64

	steps(t, b, []part{
		{"Ann makes Family and shares it", func(f *flow) {
			f.setScriptDisabled(!js)
			f.login(ann.Username)
			family = f.makeCalendar("Family", "teal")
			f.share(bob.Username, "edit")
			f.share(cleo.Username, "view")
			f.logout()
		}},
		{"Bob makes an event in Family", func(f *flow) {
			f.login(bob.Username)
			cal := strconv.FormatInt(family, 10)
			if !js {
				f.clickToPage("new event", `#calendar .ch a.button`)
				f.wantPath(`^/events/new$`)
				f.fillEvent(title, cal)
				f.clickToPage("save", `main form button[type=submit]`)
				p := f.wantPath(`^/events/\d+$`)
				id, _ = strconv.ParseInt(strings.TrimPrefix(p, "/events/"), 10, 64)
				f.wantText("main h1", title)
			} else {
				f.do("open the new-event dialog",
					click(`#calendar .ch a.button`),
					chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-calendar`)),
				)
				f.fillEvent(title, cal)
				f.do("save", click(`#event-dialog button[type=submit]`),
					chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)))
				f.wantText("#event-dialog h2", title)
				f.waitJS("the event in Bob's month", chipJS(title))
				id = eventIDOf(f, title)
			}
			if !strings.Contains(f.text(".event-facts"), "Family") {
				f.t.Errorf("the details do not name Family: %s", f.text(".event-facts"))
			}
			if n := eval[int](f, `document.querySelectorAll(".event-actions a[href$='/edit'], .event-actions button.danger").length`); n != 2 {
				f.t.Errorf("Bob (edit) sees %d of Edit and Delete, want both", n)
			}
			ev, err := env.Store.GetEvent(context.Background(), db.GetEventParams{ID: id, UserID: ann.ID})
			if err != nil || ev.CalendarID != family {
				f.t.Fatalf("event %d: calendar %d (%v), want Ann's Family %d", id, ev.CalendarID, err, family)
			}
			if js {
				f.do("close the dialog", click(`#event-dialog [data-close-dialog]`),
					chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)))
			}
			f.logout()
		}},
		{"Ann's month shows it", func(f *flow) {
			f.login(ann.Username)
			f.waitJS("Bob's event in Ann's month", chipJS(title))
			f.logout()
		}},
		{"Cleo reads it without Edit or Delete", func(f *flow) {
			f.login(cleo.Username)
			f.waitJS("the event in Cleo's month", chipJS(title))
			page := "/events/" + strconv.FormatInt(id, 10)
			if js {
				f.do("open the event", click(f.chipSel(title)),
					chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)))
				f.wantNoEventControls("the dialog")
				f.open(page)
			} else {
				f.clickToPage("open the event", f.chipSel(title))
			}
			f.wantPath("^" + page + "$")
			f.wantText("main h1", title)
			f.wantNoEventControls("the page")
			b.allow("the server responded with a status of 403")
			f.open(page + "/edit")
			f.wantText("main h1", "Forbidden")
			f.open(page + "/delete")
			f.wantText("main h1", "Forbidden")
		}},
	})
}

// share shares the calendar whose page is open with a user through the
// share form, and sees them in the list.
func (f *flow) share(username, role string) {
	f.t.Helper()
	f.do("fill in the share form",
		chromedp.SendKeys(chromedp.ID("share-username"), username),
		click("#share-role-"+role),
	)
	f.clickToPage("share with "+username, `main form[aria-labelledby="share-heading"] button[type=submit]`)
	f.wantPath(`^/calendars/\d+\?done=shared$`)
	f.waitJS(username+" in the shares", `[...document.querySelectorAll("main table tbody tr")].some(tr =>
		tr.querySelector("th")?.textContent.trim() === `+jsString(username)+` && tr.querySelector("select")?.value === `+jsString(role)+`)`)
}

// fillEvent types a title into the open event form and picks a calendar.
func (f *flow) fillEvent(title, calendar string) {
	f.t.Helper()
	f.do("fill in the form",
		chromedp.SendKeys(chromedp.ID("event-title"), title),
		chromedp.SetValue(chromedp.ID("event-calendar"), calendar),
	)
	if got := eval[string](f, `document.getElementById("event-calendar").selectedOptions[0]?.textContent ?? ""`); !strings.HasPrefix(got, "Family (") {
		f.t.Errorf("picked %q, want Family (its owner)", got)
	}
}

// eventIDOf is the id of the event whose calendar chip holds title.
func eventIDOf(f *flow, title string) int64 {
	f.t.Helper()
	sel := f.chipSel(title)
	href := eval[string](f, `document.querySelector(`+jsString(sel)+`).getAttribute("href")`)
	id, err := strconv.ParseInt(strings.TrimPrefix(href, "/events/"), 10, 64)
	if err != nil {
		f.t.Fatalf("chip href %q", href)
	}
	return id
}

// wantNoEventControls fails when the event's details offer Edit or
// Delete (they keep the way back to the calendar).
func (f *flow) wantNoEventControls(where string) {
	f.t.Helper()
	if !eval[bool](f, `!!document.querySelector(".event-details .event-actions a[href^='/calendar']")`) {
		f.t.Errorf("%s: the details have no way back to the calendar", where)
	}
	if n := eval[int](f, `document.querySelectorAll(".event-details a[href*='/edit'], .event-details form[action*='/delete'], .event-actions button").length`); n != 0 {
		f.t.Errorf("%s: a view sharee gets %d edit or delete controls", where, n)
	}
}
