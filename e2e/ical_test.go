package e2e

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestICalendarPagesInBrowser: in Chromium, with JavaScript on and off, an
// .ics file is chosen in the import form, previewed and imported, and a
// subscription address is made in Settings (confirmed with the password); with JavaScript on (axe-core
// needs it), the import pages and the settings' subscription section (with
// the new address shown) pass axe-core.
func TestICalendarPagesInBrowser(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	_, here, _, _ := runtime.Caller(0)
	file := filepath.Join(filepath.Dir(here), "..", "testdata", "ical", "google.ics")
	b := newBrowser(t, srv)

	for _, js := range []bool{true, false} {
		name := "js"
		if !js {
			name = "nojs"
		}
		t.Run(name, func(t *testing.T) {
			u := createUser(t, "ics"+name, false)
			f := b.flow(t)
			f.setCookiesCleared()
			f.login(u.Username)
			f.setScriptDisabled(!js)
			defer f.setScriptDisabled(false)
			check := func(page string) {
				if js {
					f.axeCheck(page, axe)
				}
			}

			f.open("/events/import")
			f.do("wait for the import form", chromedp.WaitVisible(chromedp.ID("import-file")))
			check("import form")
			f.do("choose a file and ask for the preview",
				chromedp.SetUploadFiles(chromedp.ID("import-file"), []string{file}),
				chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`main .import-list`)),
			)
			if got := f.text("main [role=status]"); !strings.Contains(got, "2 events, 2 repeating events") {
				t.Errorf("preview says %q", got)
			}
			check("import preview")
			f.do("import",
				chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
				chromedp.WaitVisible(chromedp.CSS(`main .notice`)),
			)
			if got := f.text("main .notice"); got != "Imported: 4 new events." {
				t.Errorf("after the import: %q", got)
			}

			f.open("/settings")
			f.do("make a subscription address",
				chromedp.WaitVisible(chromedp.ID("calendar-files")),
				chromedp.SendKeys(chromedp.ID("feed-current-password"), testPassword),
				chromedp.Click(chromedp.CSS(`form[action="/settings/feed"] button`)),
				chromedp.WaitVisible(chromedp.ID("feed-url")),
			)
			if v := eval[string](f, `document.getElementById("feed-url").value`); !strings.Contains(v, "/feed/") {
				t.Errorf("feed address %q", v)
			}
			check("settings with a new feed address")
		})
	}
}
