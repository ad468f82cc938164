package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// screen is one page the responsive test looks at.
type screen struct {
	name, path string
	ready      string // CSS selector visible once the page is there
}

// responsiveScreens are the pages that must fit a phone.
func responsiveScreens() []screen {
	return []screen{
		{"month", "/?view=month&date=2025-06-11", "#calendar table.mo"},
		{"week", "/calendar?view=week&date=2025-06-11", "#calendar .wk"},
		{"day", "/calendar?view=day&date=2025-06-11", "#calendar .wk"},
		{"search", "/search?q=yoga", "#search-results .search-result"},
		{"event-form", "/events/new", "#event-title"},
		{"event", "", ".event-details"}, // path filled in from the seeded events
		{"settings", "/settings", "#settings-email"},
		{"notifications", "/notifications", "main h1"},
	}
}

// TestResponsive loads the main pages at 360×740 (a small phone) and at
// 1280×800: no horizontal page scroll on the phone, the week grid scrolls
// inside its own box, tap targets of navigation and buttons are at least
// 44×44 px. Screenshots of both sizes go to a temporary directory (logged).
func TestResponsive(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "phone", false)
	seedEvents(t, u.ID, busyMonth())
	b := newBrowser(t, srv)
	f := b.flow(t)
	f.login(u.Username)
	f.open("/calendar?view=day&date=2025-06-11")
	eventPath := eval[string](f, `document.querySelector("#calendar a.ev").getAttribute("href")`)

	dir, err := os.MkdirTemp("", "eventcal-screens-")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)

	for _, size := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"360x740", 360, 740, true}, {"1280x800", 1280, 800, false}} {
		f := b.flow(t)
		f.viewport(size.w, size.h, size.phone)
		for _, s := range responsiveScreens() {
			f := b.flow(t) // a deadline per page
			path := s.path
			if path == "" {
				path = eventPath
			}
			f.open(path)
			f.do("wait for "+s.name, chromedp.WaitVisible(chromedp.CSS(s.ready)))
			f.screenshot(filepath.Join(dir, s.name+"-"+size.name+".png"), false)
			f.screenshot(filepath.Join(dir, s.name+"-"+size.name+"-full.png"), true)
			if !size.phone {
				continue
			}
			if over := eval[string](f, overflowJS); over != "" {
				t.Errorf("%s at %s scrolls sideways: %s", s.name, size.name, over)
			}
			if small := eval[[]string](f, smallTargetsJS); len(small) > 0 {
				t.Errorf("%s at %s: tap targets smaller than 44×44 px:\n  %s", s.name, size.name, strings.Join(small, "\n  "))
			}
			if s.name == "week" {
				wk := eval[[]int](f, `(() => { const w = document.querySelector(".wk");
					return [w.scrollWidth, w.clientWidth, getComputedStyle(w).overflowX === "auto" ? 1 : 0]; })()`)
				if wk[0] <= wk[1] || wk[2] != 1 {
					t.Errorf("week grid at %s: scrollWidth %d, clientWidth %d, overflow-x auto %v: want it to scroll inside its box", size.name, wk[0], wk[1], wk[2] == 1)
				}
			}
			if s.name == "month" && size.phone {
				// Each day opens on tap: the day number is a link to the day.
				if n := eval[int](f, `document.querySelectorAll("table.mo td a.dn[href*='view=day']").length`); n != 42 {
					t.Errorf("month at %s: %d day links, want 42", size.name, n)
				}
				// Dots, not chips; their count is in words too.
				if got := eval[string](f, `[...document.querySelectorAll("table.mo .dots")].map(d => getComputedStyle(d).display + " " + d.textContent.trim()).slice(0, 2).join(", ")`); !strings.HasPrefix(got, "flex ") || !strings.Contains(got, " events") {
					t.Errorf("month at %s: day dots %q, want shown with the count in words", size.name, got)
				}
				if n := eval[int](f, `[...document.querySelectorAll("table.mo a.ev")].filter(a => a.getClientRects().length).length`); n != 0 {
					t.Errorf("month at %s: %d chips shown, want dots only", size.name, n)
				}
			}
		}

		// The event dialog over the calendar.
		f = b.flow(t)
		f.open("/")
		f.do("open the new-event dialog",
			click(`#calendar .ch a.button`),
			chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
		)
		f.screenshot(filepath.Join(dir, "dialog-"+size.name+".png"), false)
		if over := eval[string](f, `(() => { const d = document.getElementById("event-dialog").getBoundingClientRect();
			return d.left < 0 || d.right > innerWidth ? "dialog " + Math.round(d.left) + "–" + Math.round(d.right) : ""; })()`); over != "" {
			t.Errorf("dialog at %s does not fit: %s", size.name, over)
		}
		if small := eval[[]string](f, smallTargetsJS); size.phone && len(small) > 0 {
			t.Errorf("dialog at %s: tap targets smaller than 44×44 px:\n  %s", size.name, strings.Join(small, "\n  "))
		}
	}
}

// overflowJS describes the page's horizontal overflow at the current size,
// naming the widest elements that stick out; "" when the page fits.
const overflowJS = `(() => {
	const w = window.innerWidth, sw = document.documentElement.scrollWidth;
	if (sw <= w) return "";
	const out = [];
	for (const e of document.querySelectorAll("body *")) {
		const r = e.getBoundingClientRect();
		if (r.right > w + 1 && !e.closest(".wk")) out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "") + " right=" + Math.round(r.right));
	}
	return "scrollWidth " + sw + " > innerWidth " + w + ": " + out.slice(0, 8).join(", ");
})()`

// smallTargetsJS lists the visible navigation links and buttons smaller
// than 44×44 CSS pixels (links inside running text and the event chips of
// the calendar grids are exempt, as WCAG 2.5.8 allows: the day opens on tap).
const smallTargetsJS = `(() => {
	const sel = "header.top a, header.top button, .cn a, .ch a.button, .ch button, main button, main a.button, .search-more a, .wh a, a.dn, .more, dialog button, dialog a.button";
	const out = [];
	for (const e of document.querySelectorAll(sel)) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 && r.height === 0) continue;
		if (document.querySelector("dialog[open]") && !e.closest("dialog")) continue;
		if (r.width < 44 || r.height < 44) out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " \"" + e.textContent.trim().slice(0, 30) + "\" " + Math.round(r.width) + "×" + Math.round(r.height));
	}
	return out;
})()`

// screenshot saves the viewport (or the whole page) as a PNG file.
func (f *flow) screenshot(file string, full bool) {
	f.t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	png, err := chromedp.Run(f.ctx, shot)
	if err != nil {
		f.fail("screenshot "+file, err)
	}
	if err := os.WriteFile(file, png, 0o644); err != nil {
		f.t.Fatal(err)
	}
}
