package e2e

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// TestSettingsTimezone: the settings page's time zone field has no
// suggestions in the page; with JavaScript they arrive when the field gets
// focus, and a zone picked from them is saved. Without JavaScript a typed
// name is saved ("asia/tokyo" as Asia/Tokyo), and a name that is no zone
// comes back with the error and the suggestions.
func TestSettingsTimezone(t *testing.T) {
	srv := startServer(t)
	b := newBrowser(t, srv)
	b.allow("the server responded with a status of 422") // the refused zone
	steps(t, b, []part{
		{"with JavaScript", func(f *flow) {
			f.register(uniqueName("tzjs"))
			f.open("/settings")
			if n := eval[int](f, `document.querySelectorAll("datalist option").length`); n != 0 {
				f.t.Fatalf("the settings page holds %d suggestion elements before the field has focus", n)
			}
			f.do("focus the time zone field", chromedp.Focus(chromedp.ID("settings-timezone")))
			f.waitJS("the suggestions arrive", `document.getElementById("settings-timezone").list?.options.length > 400`)
			if got := eval[string](f, `document.getElementById("settings-timezone").list.querySelector('option[value="Asia/Tokyo"]')?.value ?? ""`); got != "Asia/Tokyo" {
				f.t.Fatalf("no Asia/Tokyo among the suggestions: %q", got)
			}
			f.do("choose Asia/Tokyo", chromedp.SetValue(chromedp.ID("settings-timezone"), "Asia/Tokyo"))
			f.clickToPage("save", `form[action="/settings"] button[type=submit]`)
			f.wantPath(`^/settings\?saved=profile$`)
			if got := eval[string](f, `document.getElementById("settings-timezone").value`); got != "Asia/Tokyo" {
				f.t.Errorf("saved zone %q, want Asia/Tokyo", got)
			}
		}},
		{"without JavaScript", func(f *flow) {
			f.setScriptDisabled(true)
			f.open("/settings")
			f.do("type a zone", chromedp.SetValue(chromedp.ID("settings-timezone"), "asia/kolkata"))
			f.clickToPage("save", `form[action="/settings"] button[type=submit]`)
			f.wantPath(`^/settings\?saved=profile$`)
			if got := eval[string](f, `document.getElementById("settings-timezone").value`); got != "Asia/Kolkata" {
				f.t.Errorf("saved zone %q, want Asia/Kolkata", got)
			}
			f.do("type no zone", chromedp.SetValue(chromedp.ID("settings-timezone"), "Atlantis"))
			f.clickToPage("save", `form[action="/settings"] button[type=submit]`)
			f.wantText("#settings-timezone-error", "Error: Choose a time zone from the suggestions, such as Europe/Berlin.")
			if n := eval[int](f, `document.getElementById("settings-timezone").list?.options.length ?? 0`); n < 400 {
				f.t.Errorf("the refused zone came back with %d suggestions", n)
			}
			f.setScriptDisabled(false)
		}},
	})
}
