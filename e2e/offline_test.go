package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdpnet "github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/assets"
)

// The offline tests cut the network with Chromium's emulation, for the
// tab and its service worker alike, as a phone in a tunnel loses it.

// netSwitch switches the network of a tab and of its service worker on and
// off. The worker needs a session of its own (the tab's emulation does not
// reach its requests), kept until the test ends: emulation belongs to a
// session.
type netSwitch struct {
	f       *flow
	workers map[target.ID]context.Context
}

func newNetwork(f *flow) *netSwitch {
	return &netSwitch{f: f, workers: map[target.ID]context.Context{}}
}

// set cuts the network (off) or restores it.
func (n *netSwitch) set(off bool) { n.emulate(off, 0) }

// slow delays every answer by latency milliseconds (a poor link).
func (n *netSwitch) slow(latency float64) { n.emulate(false, latency) }

func (n *netSwitch) emulate(off bool, latency float64) {
	f := n.f
	f.t.Helper()
	infos, err := chromedp.Targets(f.ctx)
	if err != nil {
		f.fail("list the targets", err)
	}
	for _, ti := range infos {
		if _, ok := n.workers[ti.TargetID]; ti.Type == "service_worker" && !ok {
			sw, cancel := chromedp.NewContext(f.b.ctx, chromedp.WithTargetID(ti.TargetID), chromedp.WithDetachOnCancel())
			f.t.Cleanup(cancel)
			n.workers[ti.TargetID] = sw
		}
	}
	ctxs := []context.Context{f.ctx}
	for _, sw := range n.workers {
		ctxs = append(ctxs, sw)
	}
	conds := []*cdpnet.Conditions{}
	if off || latency > 0 {
		conds = append(conds, &cdpnet.Conditions{Offline: off, Latency: latency, DownloadThroughput: -1, UploadThroughput: -1})
	}
	for _, ctx := range ctxs {
		if _, err := chromedp.Call(ctx, cdpnet.EmulateNetworkConditionsByRule, cdpnet.EmulateNetworkConditionsByRuleParams{
			EmulateOfflineServiceWorker: &off, MatchedNetworkConditions: conds}); err != nil {
			f.fail("emulate the network", err)
		}
		if _, err := chromedp.Call(ctx, cdpnet.OverrideNetworkState, cdpnet.OverrideNetworkStateParams{
			Offline: off, Latency: latency, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
			f.fail("emulate the network state", err)
		}
	}
}

// offlineAllowed lets the messages of a tab without network pass: failed
// loads (the live stream among them) and the worker's 503 answers.
func offlineAllowed(b *browser) {
	for _, s := range []string{"ERR_INTERNET_DISCONNECTED", "status of 503", "Response Status Error Code 503", "/events/stream", "[object Event]", "ERR_CONNECTION_REFUSED"} {
		b.allow(s)
	}
}

// controlled waits until the service worker controls the page. A page
// whose request left before the worker was active stays without it (the
// worker claims only the pages that exist when it activates): it is loaded
// again.
func (f *flow) controlled() {
	f.t.Helper()
	f.waitJS("the service worker active", `navigator.serviceWorker.ready.then(r => !!r.active)`)
	if !eval[bool](f, `!!navigator.serviceWorker.controller`) {
		f.open(f.path())
	}
	f.waitJS("the service worker in control", `!!navigator.serviceWorker.controller`)
}

// cacheNames lists the worker's caches.
func (f *flow) cacheNames() []string {
	f.t.Helper()
	return eval[[]string](f, `caches.keys()`)
}

var bannerText = regexp.MustCompile(`^Offline — saved at \d\d:\d\d$`)

// wantSaved checks that the page shows the saved copy of a calendar view:
// the banner, the heading and events.
func (f *flow) wantSaved(path, heading string) {
	f.t.Helper()
	f.open(path)
	f.do("wait for the banner on "+path, chromedp.WaitVisible(chromedp.CSS(`main > .offline-banner`)))
	if got := f.text(`main > .offline-banner`); !bannerText.MatchString(got) {
		f.t.Errorf("%s: banner %q", path, got)
	}
	f.wantText("#cal-h", heading)
	if n := eval[int](f, `document.querySelectorAll("#calendar .ev").length`); n == 0 {
		f.t.Errorf("%s offline shows no events", path)
	}
}

// installable fails the test when Chromium finds the page not installable
// (its installability check: manifest, icons, start URL, display).
func (f *flow) installable() {
	f.t.Helper()
	res, err := chromedp.Call(f.ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		f.fail("ask for installability errors", err)
	}
	for _, e := range res.InstallabilityErrors {
		f.t.Errorf("not installable: %s", e.ErrorID)
	}
}

// axe checks the page with axe-core (skipped, not failed, without npm ci
// outside CI).
func (f *flow) axe(name string) {
	f.t.Helper()
	f.t.Run("axe "+name, func(t *testing.T) { f.axeCheck(name, axeSource(t)) })
}

// TestOfflineReading: after the month and the week were viewed online,
// both open without a network under the "Offline — saved at" banner; a
// view never seen says it was not saved.
//
// The worker saves a page after answering it, so the test waits for both
// copies before it cuts the network; and each stage (online, offline, a
// slow link) has a flow deadline of its own, so that a slow machine's
// start (the worker registers when the page is idle) does not eat the
// offline checks' time.
func TestOfflineReading(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "offread", false)
	seedEvents(t, u.ID, busyMonth())
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	f.installable()
	f.open("/calendar?view=month&date=2025-06-11")
	f.open("/calendar?view=week&date=2025-06-11")
	f.do("the week online", chromedp.WaitVisible(chromedp.CSS(`#calendar .ev`)))
	if n := eval[int](f, `document.querySelectorAll(".offline-banner").length`); n != 0 {
		t.Errorf("online, %d offline banners", n)
	}
	f.waitJS("the service worker to save the month", savedJS("/calendar?view=month&date=2025-06-11"))
	f.waitJS("the service worker to save the week", savedJS("/calendar?view=week&date=2025-06-11"))

	csp := eval[string](f, `caches.keys().then(ks => caches.open(ks.find(k => k.startsWith("pages-"))))
		.then(c => c.match("/calendar?view=month&date=2025-06-11")).then(r => r ? r.headers.get("Content-Security-Policy") : "")`)
	if !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("the saved month keeps the Content-Security-Policy %q", csp)
	}

	f = b.flow(t) // offline
	net := newNetwork(f)
	net.set(true)
	f.wantSaved("/calendar?view=month&date=2025-06-11", "June 2025")
	f.wantSaved("/calendar?view=week&date=2025-06-11", "9 – 15 June 2025")
	f.axe("a saved week offline")
	if os.Getenv("OFFLINE_SHOTS") != "" {
		f.screenshot("/tmp/offline-week.png", false)
	}
	f.do("next week, never viewed", click(`#calendar a[rel=next]`), chromedp.WaitVisible(chromedp.CSS(`main > .offline-note`)))
	f.wantText("main > .offline-note", "You are offline, and this was not saved on this device.")
	f.wantText("#cal-h", "9 – 15 June 2025")
	f.open("/calendar?view=day&date=2025-06-12")
	f.waitText("main h1", "You are offline")
	f.axe("the offline page")
	if n := eval[int](f, `document.querySelectorAll(".ev").length`); n != 0 {
		t.Errorf("a day never viewed shows %d events offline", n)
	}
	net.set(false)
	f.open("/calendar?view=month&date=2025-06-11")
	f.do("online again", chromedp.WaitVisible(chromedp.CSS(`#calendar .ev`)))
	if n := eval[int](f, `document.querySelectorAll(".offline-banner").length`); n != 0 {
		t.Errorf("online again, %d offline banners", n)
	}

	// A link so slow that the saved copy comes first (after 5 s).
	f = b.flow(t)
	net.f = f
	net.slow(9000)
	start := time.Now()
	f.wantSaved("/calendar?view=month&date=2025-06-11", "June 2025")
	d := time.Since(start)
	t.Logf("on a slow link, the saved copy after %s", d.Round(time.Millisecond))
	if d > 8500*time.Millisecond {
		t.Errorf("the saved copy came after %s on a slow link", d)
	}
	net.set(false)
}

// TestOfflineCreate: a new event sent without a network is refused with a
// message in the dialog, which keeps what was typed; nothing reaches the
// calendar until the user sends it again online.
func TestOfflineCreate(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "offnew", false)
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	f.do("open the new-event dialog",
		click(`#calendar .ch a.button`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] #event-title`)),
		chromedp.SendKeys(chromedp.ID("event-title"), "Lunch in the tunnel"),
	)
	net := newNetwork(f)
	net.set(true)
	f.do("send it offline",
		click(`#event-dialog button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] form .offline-note`)),
	)
	if os.Getenv("OFFLINE_SHOTS") != "" {
		f.screenshot("/tmp/offline-create.png", false)
	}
	f.wantText("#event-dialog .offline-note", "You are offline — nothing was saved. What you entered is still here: send it again when you are back online.")
	f.waitJS("focus on the note", `document.activeElement?.matches("#event-dialog .offline-note")`)
	f.axe("the offline note in the event dialog")
	f.waitJS("the note in view", `(() => { const r = document.querySelector("#event-dialog .offline-note").getBoundingClientRect();
		return r.top >= 0 && r.bottom <= innerHeight; })()`)
	if v := eval[string](f, `document.getElementById("event-title").value`); v != "Lunch in the tunnel" {
		t.Errorf("the title field holds %q after the refusal", v)
	}

	net.set(false)
	time.Sleep(2 * time.Second) // nothing is queued to be sent later
	if n := eventsTitled(t, u.ID, "Lunch in the tunnel"); n != 0 {
		t.Fatalf("%d events were saved from the offline form", n)
	}
	f.do("send it again online",
		click(`#event-dialog button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`#event-dialog[open] .event-details`)),
	)
	if n := eventsTitled(t, u.ID, "Lunch in the tunnel"); n != 1 {
		t.Errorf("after sending it again, %d events", n)
	}
}

// TestOfflinePlainForm: a plain form (no htmx) sent without a network
// gets the page "You are offline — nothing was saved", and nothing changes.
func TestOfflinePlainForm(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "offplain", false)
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	f.open("/settings")
	net := newNetwork(f)
	net.set(true)
	f.do("choose Sunday", click(`#settings-week-sunday`))
	f.clickToPage("send the settings offline", `form[action="/settings"] button[type=submit]`)
	f.wantText("main h1", "You are offline — nothing was saved")
	net.set(false)
	var ws int
	if err := env.Pool.QueryRow(context.Background(), "SELECT week_start FROM users WHERE id = $1", u.ID).Scan(&ws); err != nil {
		t.Fatal(err)
	}
	if ws != 1 {
		t.Errorf("week start %d after an offline post, want 1 (Monday)", ws)
	}
}

// eventsTitled counts a user's events with a title.
func eventsTitled(t *testing.T, uid int64, title string) int {
	t.Helper()
	var n int
	err := env.Pool.QueryRow(context.Background(), "SELECT count(*) FROM events WHERE user_id = $1 AND title = $2", uid, title).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestOfflineAfterLogout: signing out drops every saved page, so the
// device shows no calendar offline.
func TestOfflineAfterLogout(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "offout", false)
	seedEvents(t, u.ID, busyMonth())
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	f.open("/calendar?view=month&date=2025-06-11")
	f.waitJS("the month saved", `caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith("pages-")).map(k => caches.open(k).then(c => c.keys()))))
		.then(ls => ls.some(l => l.some(r => r.url.includes("view=month"))))`)
	f.logout()
	newNetwork(f).set(true)
	f.open("/calendar?view=month&date=2025-06-11")
	f.waitText("main h1", "You are offline")
	if n := eval[int](f, `document.querySelectorAll(".ev, #calendar").length`); n != 0 {
		t.Errorf("after logout, offline shows %d calendar elements", n)
	}
	saved := eval[int](f, `caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith("pages-")).map(k => caches.open(k).then(c => c.keys()))))
		.then(ls => ls.reduce((n, l) => n + l.length, 0))`)
	if saved != 0 {
		t.Errorf("after logout, %d saved pages", saved)
	}
}

// savedJS is true when the worker keeps a page whose address contains part.
func savedJS(part string) string {
	return fmt.Sprintf(`caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith("pages-")).map(k => caches.open(k).then(c => c.keys()))))
		.then(ls => ls.some(l => l.some(r => r.url.includes(%s))))`, jsString(part))
}

// TestOfflineOtherUser: when another user's pages arrive (here signed in
// past the worker, with a session cookie set from outside), everything
// the worker kept for the first user is dropped.
func TestOfflineOtherUser(t *testing.T) {
	srv := startServer(t)
	a, other := createUser(t, "offa", false), createUser(t, "offb", false)
	seedEvents(t, a.ID, busyMonth())
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(a.Username)
	f.controlled()
	f.open("/calendar?view=month&date=2025-06-11")
	f.waitJS("the month kept", savedJS("view=month"))

	c := newGzipClient(t, srv.URL)
	c.login(other.Username)
	u, _ := url.Parse(srv.URL)
	var session *http.Cookie
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "eventcal_session" {
			session = ck
		}
	}
	if session == nil {
		t.Fatal("no session cookie for the other user")
	}
	f.do("take the other user's session", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, cdpnet.SetCookie, cdpnet.SetCookieParams{Name: session.Name, Value: session.Value,
			Domain: u.Hostname(), Path: "/"})
		return err
	}))
	f.open("/calendar?view=week&date=2025-06-11")
	f.waitJS("the other user's week kept", savedJS("view=week"))
	if eval[bool](f, savedJS("view=month")) {
		t.Error("the first user's month is still kept")
	}
	newNetwork(f).set(true)
	f.open("/calendar?view=month&date=2025-06-11")
	f.waitText("main h1", "You are offline")
}

// TestOfflineNewVersion: a deploy with new assets installs a new worker,
// which replaces the old one's caches (shell and pages).
func TestOfflineNewVersion(t *testing.T) {
	m1, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	srv := startServerOn(t, "127.0.0.1:0", m1)
	u := createUser(t, "offver", false)
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	f.open("/calendar?view=month&date=2025-06-11")
	f.waitJS("the shell and the month kept", `caches.keys().then(ks => ks.length === 2)`)
	before := f.cacheNames()
	if len(before) != 2 {
		t.Fatalf("caches before the deploy: %v", before)
	}

	css, _ := m1.Lookup(m1.URL("app.css"))
	m2 := m1.WithBody("app.css", append(append([]byte(nil), css.Body...), ".deployed{}"...))
	srv.stop()
	startServerOn(t, strings.TrimPrefix(srv.URL, "http://"), m2)
	f.open("/")
	f.waitJS("the new worker's caches", fmt.Sprintf(`caches.keys().then(ks => !ks.includes(%s) && !ks.includes(%s) && ks.length > 0)`,
		jsString(before[0]), jsString(before[1])))
	f.waitJS("the new style sheet kept", fmt.Sprintf(`caches.keys().then(ks => caches.open(ks.find(k => k.startsWith("shell-"))))
		.then(c => c.match(%s)).then(r => !!r)`, jsString(m2.URL("app.css"))))
	if eval[bool](f, fmt.Sprintf(`caches.match(%s).then(r => !!r)`, jsString(m1.URL("app.css")))) {
		t.Error("the old style sheet is still kept")
	}
}

// TestOfflineSavesPagesViewedTogether: pages answered at the same time are
// all saved, the first ones of a user too (each save checks whose pages
// the cache holds, and the first clears it).
func TestOfflineSavesPagesViewedTogether(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "offtogether", false)
	seedEvents(t, u.ID, busyMonth())
	b := newBrowser(t, srv)
	offlineAllowed(b)
	f := b.flow(t)
	f.login(u.Username)
	f.controlled()
	paths := []string{"/calendar?view=month&date=2025-06-11", "/calendar?view=week&date=2025-06-11",
		"/calendar?view=day&date=2025-06-11", "/events?date=2025-06-11", "/search?q=a"}
	for round := range 3 {
		// Nothing saved yet, then the pages at once.
		if !eval[bool](f, `caches.keys().then(ks => Promise.all(ks.filter(k => k.startsWith("pages-")).map(k => caches.delete(k)))).then(() => true)`) {
			t.Fatal("could not empty the pages cache")
		}
		list, _ := json.Marshal(paths)
		if !eval[bool](f, `Promise.all(`+string(list)+`.map(p => fetch(p).then(r => r.text()))).then(() => true)`) {
			t.Fatal("the pages did not load")
		}
		for _, p := range paths {
			f.waitJS(fmt.Sprintf("round %d: the service worker to save %s", round, p), savedJS(p))
		}
	}
}
