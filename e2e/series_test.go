package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/db"
)

// occChipsJS counts the month's chips of title, by day of the month.
func occChipsJS(title string) string {
	return fmt.Sprintf(`[...document.querySelectorAll("#calendar td")].filter(td => [...td.querySelectorAll("a.ev")].some(a => a.textContent.includes(%s)))
		.map(td => td.querySelector("a.dn").textContent.trim()).join(",")`, jsString(title))
}

// TestSeriesWithJavaScript creates a weekly series through the dialog's
// Repeat control and cancels one occurrence with "Only this event" in the
// scope question, checking the month view after each step.
func TestSeriesWithJavaScript(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "series", false)
	const title = "Weekly review"

	steps(t, b, []part{
		{"log in", func(f *flow) { f.login(u.Username) }},
		{"create a weekly series in the dialog", func(f *flow) {
			f.do("open the new-event dialog",
				click(`#calendar .ch a.button`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
			)
			// Wednesday 11 June, 11:00: the presets name that day.
			if got := eval[string](f, `document.querySelector('#event-rrule option[value="FREQ=WEEKLY;BYDAY=WE"]')?.textContent ?? ""`); got != "Weekly on Wednesday" {
				f.t.Errorf("weekly preset reads %q", got)
			}
			if !eval[bool](f, `document.querySelector("[data-repeat-custom]").hidden`) {
				f.t.Error("the custom rule's field shows before Custom… is chosen")
			}
			f.do("choose Custom…", chromedp.SetValue(chromedp.ID("event-rrule"), "custom"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("event-rrule").dispatchEvent(new Event("change", {bubbles: true}))`))
			f.waitJS("the custom field shows", `!document.querySelector("[data-repeat-custom]").hidden && document.activeElement?.id === "event-rrule-custom"`)
			// A new start date re-labels the presets (Thursday the 12th).
			f.do("choose weekly, then move the start",
				chromedp.SetValue(chromedp.ID("event-rrule"), "FREQ=WEEKLY;BYDAY=WE"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("event-rrule").dispatchEvent(new Event("change", {bubbles: true}))`),
				chromedp.SetValue(chromedp.ID("event-start"), "2025-06-12T11:00"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("event-start").dispatchEvent(new Event("change", {bubbles: true}))`),
			)
			if got := eval[string](f, `document.getElementById("event-rrule").value + " | " + document.getElementById("event-rrule").selectedOptions[0].textContent`); got != "FREQ=WEEKLY;BYDAY=TH | Weekly on Thursday" {
				f.t.Errorf("after moving the start: %s", got)
			}
			if !eval[bool](f, `document.querySelector("[data-repeat-custom]").hidden`) {
				f.t.Error("the custom rule's field shows under a preset")
			}
			f.do("back to Wednesday, fill in and save",
				chromedp.SetValue(chromedp.ID("event-start"), "2025-06-11T11:00"),
				chromedp.Evaluate[chromedp.Void](`document.getElementById("event-start").dispatchEvent(new Event("change", {bubbles: true}))`),
				chromedp.SendKeys(chromedp.ID("event-title"), title),
				click(`#event-dialog button[type=submit]`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			f.wantText("#event-dialog h2", title)
			if got := f.text("#event-dialog .event-facts"); !strings.Contains(got, "Weekly on Wednesday") {
				f.t.Errorf("details: %q, want the rule in words", got)
			}
			f.waitJS("four Wednesdays in the month", occChipsJS(title)+` === "11,18,25,2"`)
			f.do("close the dialog",
				click(`#event-dialog [data-close-dialog]`),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
			)
		}},
		{"cancel one occurrence", func(f *flow) {
			occ := `#calendar a.ev[href$="?occ=2025-06-18T09:00:00Z"]`
			f.do("open the 18th",
				click(occ),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			if got := f.text("#event-dialog .event-facts"); !strings.Contains(got, "Wed 18 Jun 2025, 11:00–12:00") {
				f.t.Errorf("occurrence details: %q", got)
			}
			f.do("delete it",
				click(`#event-dialog button.danger`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] input[name=scope][value=this]`)),
			)
			f.wantText("#event-dialog h2", "Delete recurring event")
			f.axeCheck("the scope question in the dialog", axe)
			if !eval[bool](f, `document.querySelector("#event-dialog input[name=scope][value=this]").checked`) {
				f.t.Error("“Only this event” is not the default")
			}
			if d := b.acceptedDialogs(); len(d) != 0 {
				f.t.Errorf("a JavaScript confirm was asked: %q", d)
			}
			f.do("only this event",
				click(`#event-dialog label[for=scope-this]`),
				click(`#event-dialog button.danger`),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
			)
			f.waitJS("the 18th gone, the rest kept", occChipsJS(title)+` === "11,25,2"`)
			f.waitJS("focus on the calendar", `document.getElementById("calendar").contains(document.activeElement)`)
		}},
		{"stored as an exception", func(f *flow) {
			m := seriesMaster(f.t, u.ID, title)
			want := time.Date(2025, 6, 18, 9, 0, 0, 0, time.UTC)
			if m.Rrule != "FREQ=WEEKLY;BYDAY=WE" || len(m.Exdates) != 1 || !m.Exdates[0].Equal(want) {
				f.t.Errorf("stored %q with exdates %v", m.Rrule, m.Exdates)
			}
			// The next page load shows the same month.
			f.open("/")
			f.waitJS("the month after a reload", occChipsJS(title)+` === "11,25,2"`)
			// The occurrence's page and the scope question as pages.
			base := fmt.Sprintf("/events/%d", m.ID)
			f.open(base + "?occ=2025-06-25T09:00:00Z")
			f.do("wait for the occurrence", chromedp.WaitVisible(chromedp.CSS(".event-details")))
			f.axeCheck("an occurrence's page", axe)
			f.open(base + "/delete?occ=2025-06-25T09:00:00Z")
			f.do("wait for the question", chromedp.WaitVisible(chromedp.CSS(".event-scope")))
			f.axeCheck("the scope question's page", axe)
		}},
	})
}

// TestSeriesWithoutJavaScript is the same with JavaScript off: the custom
// rule's field is always there, and the scope question is a page.
func TestSeriesWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	u := createUser(t, "series_nojs", false)
	const title = "Team lunch"

	steps(t, b, []part{
		{"log in", func(f *flow) {
			f.setScriptDisabled(true)
			f.login(u.Username)
		}},
		{"create a series with a custom rule", func(f *flow) {
			f.clickToPage("new event", `#calendar .ch a.button`)
			f.do("fill in the form",
				chromedp.WaitVisible(chromedp.ID("event-rrule-custom")),
				chromedp.SendKeys(chromedp.ID("event-title"), title),
				chromedp.SetValue(chromedp.ID("event-rrule"), "custom"),
				chromedp.SendKeys(chromedp.ID("event-rrule-custom"), "FREQ=WEEKLY;BYDAY=WE,FR;COUNT=4"),
			)
			f.clickToPage("create it", `main form button[type=submit]`)
			f.wantPath(`^/events/\d+$`)
			if got := f.text(".event-facts"); !strings.Contains(got, "Weekly on Wednesday and Friday, 4 times") {
				f.t.Errorf("details: %q", got)
			}
			f.clickToPage("back to the calendar", `.event-actions a[href^="/calendar"]`)
			if got := eval[string](f, occChipsJS(title)); got != "11,13,18,20" {
				f.t.Errorf("month: %s", got)
			}
		}},
		{"delete one occurrence on the scope page", func(f *flow) {
			f.clickToPage("open the 13th", `#calendar a.ev[href$="?occ=2025-06-13T09:00:00Z"]`)
			f.clickToPage("delete", `.event-actions button.danger`)
			f.wantPath(`/delete\?occ=2025-06-13T09(:|%3A)00(:|%3A)00Z$`)
			f.clickToPage("only this event", `main form button.danger`)
			f.wantPath(`^/calendar\?view=month&date=2025-06-13$`)
			if got := eval[string](f, occChipsJS(title)); got != "11,18,20" {
				f.t.Errorf("month after the delete: %s", got)
			}
		}},
	})
}

// seriesMaster reads the user's series master titled title.
func seriesMaster(t *testing.T, uid int64, title string) db.Event {
	t.Helper()
	var id int64
	err := env.Pool.QueryRow(context.Background(), "SELECT id FROM events WHERE user_id = $1 AND title = $2 AND rrule <> ''", uid, title).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := env.Store.GetEvent(context.Background(), db.GetEventParams{ID: id, UserID: uid})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}
