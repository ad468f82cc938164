package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestRemindersWithoutJavaScript: with JavaScript off, a default reminder
// saved in the settings starts the new-event form, a second one chosen
// beside it is saved, and the event's page lists both; the device
// notifications button stays hidden, and /notifications has its empty
// state.
func TestRemindersWithoutJavaScript(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	name := uniqueName("remind")
	steps(t, b, []part{
		{"register", func(f *flow) {
			f.setScriptDisabled(true)
			f.register(name)
		}},
		{"default reminder", func(f *flow) {
			f.open("/settings")
			if shown := eval[bool](f, `document.getElementById("notify-permission").getClientRects().length > 0`); shown {
				f.t.Error("the notifications button shows without JavaScript")
			}
			f.do("choose 1 hour", chromedp.SetValue(chromedp.ID("settings-default-reminder"), "60"))
			f.clickToPage("save it", `form[action="/settings/reminders"] button[type=submit]`)
			f.wantPath(`^/settings\?saved=reminders$`)
			f.wantText("main .notice", "Saved. New events start with this reminder.")
		}},
		{"new event with two reminders", func(f *flow) {
			f.open("/events/new")
			if got := eval[string](f, `document.getElementById("event-reminder-1").value`); got != "60" {
				f.t.Fatalf("first reminder %q, want the default 60", got)
			}
			f.do("fill in the form", chromedp.SendKeys(chromedp.ID("event-title"), "Piano recital"),
				chromedp.SetValue(chromedp.ID("event-reminder-2"), "10"))
			f.clickToPage("create it", `main form button[type=submit]`)
			f.wantPath(`^/events/\d+$`)
			got := eval[string](f, `[...document.querySelectorAll(".event-facts dt")].find(dt => dt.textContent === "Reminders")?.nextElementSibling.textContent ?? ""`)
			if got != "10 minutes before, 1 hour before" {
				f.t.Errorf("the event's reminders read %q", got)
			}
		}},
		{"notifications", func(f *flow) {
			f.open("/notifications")
			f.wantText("main h1", "Notifications")
			f.wantText("main h1 + p", "No reminders were sent to you yet.")
		}},
	})
}
