package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/paths"
)

// axeRunJS runs axe-core on the document with the WCAG 2.0–2.2 A and AA
// rules and the best practices, and returns the violations, briefly.
// No rule is disabled.
const axeRunJS = `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]}, resultTypes: ["violations"]})
	.then(r => r.violations.map(v => v.id + " (" + v.impact + "): " + v.help + "\n      " +
		v.nodes.slice(0, 5).map(n => n.target.join(" ") + " — " + (n.failureSummary || "").replace(/\s+/g, " ")).join("\n      ")))`

// unlabelledJS lists the form controls that have no label.
const unlabelledJS = `[...document.querySelectorAll("input:not([type=hidden]), select, textarea")]
	.filter(e => !(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby"))
	.map(e => e.outerHTML.slice(0, 80))`

// monthTableJS describes the month grid's structure: a table with a
// header row of 7 column headers and 6 rows of 7 days.
const monthTableJS = `(() => { const t = document.querySelector("#calendar table.mo");
	if (!t) return "no table";
	return t.querySelectorAll("thead th[scope=col]").length + " column headers, " + t.tBodies[0].rows.length + " rows of " +
		[...t.tBodies[0].rows].map(r => r.cells.length).join("/"); })()`

// axeSource reads axe-core from node_modules (npm ci installs it). It
// skips the test when it is missing, or fails it in CI.
func axeSource(t *testing.T) string {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	p := filepath.Join(filepath.Dir(here), "..", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is missing (CI=true): run `npm ci` at the repository root (%v)", err)
		}
		t.Skipf("axe-core is missing: run `npm ci` at the repository root to check accessibility (%v)", err)
	}
	return string(b)
}

// axeCheck injects axe-core into the page and fails the test with every
// violation it finds.
func (f *flow) axeCheck(name, axe string) {
	f.t.Helper()
	if !eval[bool](f, `typeof window.axe === "object"`) {
		f.do("inject axe-core", chromedp.Evaluate[chromedp.Void](axe))
	}
	if bad := eval[[]string](f, unlabelledJS); len(bad) > 0 {
		f.t.Errorf("inputs without a label on %s: %v", name, bad)
	}
	if v := eval[[]string](f, axeRunJS); len(v) > 0 {
		f.t.Errorf("axe: %d violations on %s (%s):\n  %s", len(v), name, f.path(), strings.Join(v, "\n  "))
	} else {
		f.t.Logf("axe: 0 violations on %s", name)
	}
}

// TestAccessibility runs axe-core on every kind of page, at desktop and
// phone sizes, in the light and the dark colour scheme, signed out and
// signed in, with the event dialog open, and on the admin pages when the
// user is an administrator and they exist.
func TestAccessibility(t *testing.T) {
	axe := axeSource(t)
	srv := startServer(t)
	u := createUser(t, "a11y", true)
	seedEvents(t, u.ID, busyMonth())
	cals := axeCalendars(t, u)
	b := newBrowser(t, srv)

	for _, size := range axeSizes {
		t.Run(size.name, func(t *testing.T) {
			f := b.flow(t)
			f.viewport(size.w, size.h, size.phone)
			f.setCookiesCleared() // first: /login signed in would open the dashboard
			f.colorScheme(size.scheme)

			for _, p := range []struct{ name, path, ready string }{
				{"login", "/login", "#login-username"},
				{"register", "/register", "#reg-username"},
			} {
				f.open(p.path)
				f.do("wait for "+p.name, chromedp.WaitVisible(chromedp.CSS(p.ready)))
				f.axeCheck(p.name, axe)
			}

			f.login(u.Username)
			f.open("/calendar?view=day&date=2025-06-11")
			eventPath := eval[string](f, `document.querySelector("#calendar a.ev").getAttribute("href")`)

			pages := []struct{ name, path, ready string }{
				{"dashboard (month)", "/", "#calendar table.mo"},
				{"month", "/calendar?view=month&date=2025-06-11", "#calendar table.mo"},
				{"week", "/calendar?view=week&date=2025-06-11", "#calendar .wk"},
				{"day", "/calendar?view=day&date=2025-06-11", "#calendar .wk"},
				{"day list", "/events?date=2025-06-11", "#day-list"},
				{"event form", "/events/new", "#event-title"},
				{"event details", eventPath, ".event-details"},
				{"event edit form", eventPath + "/edit", "#event-title"},
				{"event delete confirmation", eventPath + "/delete", ".event-delete"},
				{"search with results", "/search?q=yoga", "#search-results .search-result"},
				{"search without results", "/search?q=zzzz", "#search-status"},
				{"settings", "/settings", "#settings-email"},
				{"notifications", "/notifications", "main h1"},
				{"calendars", "/calendars", "#new-calendar-name"},
				{"own calendar", cals.own, "#share-username"},
				{"calendar delete confirmation", cals.own + "/delete", "main h1"},
				{"shared calendar", cals.shared, "main h1"},
				{"not found", "/no-such-page", "main .error"},
				{"quick add with a preview", "/events/quick?text=Lunch+tomorrow+13:00+at+Cafe", "#qa-p b"},
				{"quick add not understood", "/events/quick?text=Call+the+plumber", "#qa-p .qa-x"},
				{"keyboard shortcuts", "/shortcuts", ".keys dl"},
				{"event move question", eventPath + "/move?shift=1w", ".event-move"},
			}
			b.allow("the server responded with a status of 404")
			for _, p := range pages {
				f := b.flow(t) // a deadline per page
				f.open(p.path)
				f.do("wait for "+p.name, chromedp.WaitVisible(chromedp.CSS(p.ready)))
				f.axeCheck(p.name, axe)
				if strings.Contains(p.ready, "table.mo") {
					if got := eval[string](f, monthTableJS); got != "7 column headers, 6 rows of 7/7/7/7/7/7" {
						t.Errorf("%s: month grid is %s", p.name, got)
					}
				}
			}

			// The event dialog, open over the calendar.
			f = b.flow(t)
			f.open("/?view=month&date=2025-06-11")
			f.do("open an event in the dialog",
				click(`#upcoming .el a`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
			)
			f.axeCheck("event dialog (details)", axe)
			f.do("open the new-event dialog",
				click(`#event-dialog [data-close-dialog]`),
				chromedp.WaitNotPresent(chromedp.CSS(`#event-dialog`)),
				click(`#calendar .ch a.button`),
				chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
			)
			f.axeCheck("event dialog (form)", axe)

			// Admin pages, when they exist (the admin area is optional here).
			for _, p := range []string{"/admin", "/admin/users", "/admin/events", "/admin/cache", cals.admin} {
				f := b.flow(t)
				if status := f.status(p); status == http.StatusOK {
					f.open(p)
					f.do("wait for "+p, chromedp.WaitVisible(chromedp.CSS("main h1")))
					f.axeCheck(p, axe)
				} else {
					t.Logf("%s answers %d: not checked", p, status)
				}
			}
		})
	}
}

// axeSizes are the screens and colour schemes the accessibility check runs in.
var axeSizes = []struct {
	name, scheme string
	w, h         int64
	phone        bool
}{
	{"desktop", "light", 1280, 800, false}, {"phone", "light", 360, 740, true},
	{"desktop dark", "dark", 1280, 800, false}, {"phone dark", "dark", 360, 740, true},
}

// colorScheme makes the tab prefer scheme ("light" or "dark"), and checks
// a page follows it.
func (f *flow) colorScheme(scheme string) {
	f.t.Helper()
	f.do("prefer the "+scheme+" colour scheme", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
	f.open("/login")
	bg := map[string]string{"light": "rgb(255, 255, 255)", "dark": "rgb(13, 17, 23)"}[scheme]
	if got := eval[string](f, `getComputedStyle(document.body).backgroundColor`); got != bg {
		f.t.Fatalf("%s scheme: the page's background is %s, want %s", scheme, got, bg)
	}
}

// status fetches a path from the page (with the browser's session) and
// returns the status of the answer.
func (f *flow) status(path string) int {
	f.t.Helper()
	return eval[int](f, fmt.Sprintf(`fetch(%s, {redirect: "manual"}).then(r => r.status)`, jsString(path)))
}

// setCookiesCleared signs the browser out by dropping its cookies.
func (f *flow) setCookiesCleared() {
	f.t.Helper()
	f.do("clear cookies", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, network.ClearBrowserCookies, cdp.Empty{})
		return err
	}))
}

// axeCalendarPages are the calendar pages of the accessibility check.
type axeCalendarPages struct{ own, shared, admin string }

// axeCalendars gives u a calendar shared with someone and a calendar
// someone shares with u, and returns the addresses of their pages.
func axeCalendars(t *testing.T, u db.User) axeCalendarPages {
	t.Helper()
	ctx := context.Background()
	other := createUser(t, "a11y_other", false)
	work, err := env.Store.CreateCalendar(ctx, db.CreateCalendarParams{OwnerID: u.ID, Name: "Work", Color: "green"})
	if err != nil {
		t.Fatal(err)
	}
	family, err := env.Store.CreateCalendar(ctx, db.CreateCalendarParams{OwnerID: other.ID, Name: "Family", Color: "red"})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []db.UpsertShareParams{
		{CalendarID: work.ID, UserID: other.ID, Role: "edit"},
		{CalendarID: family.ID, UserID: u.ID, Role: "view"},
	} {
		if err := env.Store.UpsertShare(ctx, s); err != nil {
			t.Fatal(err)
		}
	}
	return axeCalendarPages{own: paths.CalendarPage(work.ID, ""), shared: paths.CalendarPage(family.ID, ""),
		admin: paths.AdminUserCalendars(u.ID)}
}
