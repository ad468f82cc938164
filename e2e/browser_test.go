package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/testsupport"
)

// chromiumPath is Debian's Chromium; the tests never download a browser.
const chromiumPath = "/usr/bin/chromium"

// flowTimeout bounds one flow of a test (every wait inside it).
const flowTimeout = 60 * time.Second

// waitTimeout bounds one wait for a condition inside a flow.
const waitTimeout = 20 * time.Second

// browser is one headless Chromium with its own temporary profile; it is
// closed when the test ends.
type browser struct {
	t   *testing.T
	ctx context.Context // the first tab; has run once, has no deadline
	srv *server

	mu       sync.Mutex
	problems []string // uncaught exceptions and console errors (CSP violations among them)
	allowed  []string // parts of console messages the test expects
	dialogs  []string // the messages of the JavaScript dialogs accepted
}

// requireChromium skips the test when Chromium is missing, or fails it in CI.
func requireChromium(t *testing.T) {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is missing (CI=true): install Debian's chromium package (.ci/run does)", chromiumPath)
		}
		t.Skipf("%s is missing: browser tests skipped (apt-get install chromium to run them)", chromiumPath)
	}
}

// newBrowser starts Chromium for srv. JavaScript dialogs (hx-confirm) are
// accepted and recorded; uncaught exceptions and console errors are
// recorded and fail the test at the end.
func newBrowser(t *testing.T, srv *server) *browser {
	t.Helper()
	requireChromium(t)
	profile, err := os.MkdirTemp("", "eventcal-e2e-profile-")
	if err != nil {
		t.Fatal(err)
	}
	var out testsupport.LogBuffer
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		// The tests load only their own loopback server; root cannot use
		// Chromium's sandbox.
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-features", "Translate,MediaRouter,OptimizationHints"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.Flag("lang", "en-GB"),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1280, 800),
		chromedp.CombinedOutput(&out),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	// Chromium fetches the manifest's icons in the background and reports
	// the fetch a navigation cuts short as this error; the icons themselves
	// are checked by the handlers' tests and TestOfflineReading's
	// installability check.
	b := &browser{t: t, ctx: ctx, srv: srv, allowed: []string{"Error while trying to use the following icon from the Manifest"}}
	t.Cleanup(func() {
		_ = chromedp.Cancel(ctx)
		cancelCtx()
		cancelAlloc()
		_ = os.RemoveAll(profile)
		if t.Failed() {
			t.Logf("chromium output:\n%s", withoutDBus(out.Tail(8000)))
		}
	})
	// Start the browser without a deadline (a deadline here would end it).
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v\n%s", err, out.Tail(4000))
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Listen(ctx, b.watch); err != nil {
		t.Fatal(err)
	}
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, ev.Message)
			b.mu.Unlock()
			_, _ = chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	t.Cleanup(func() {
		if p := b.takeProblems(); len(p) > 0 {
			t.Errorf("the browser reported problems:\n  %s", strings.Join(p, "\n  "))
		}
	})
	return b
}

// withoutDBus drops Chromium's complaints about the missing D-Bus (a
// machine without a desktop session has none).
func withoutDBus(s string) string {
	var keep []string
	for _, l := range strings.Split(s, "\n") {
		if !strings.Contains(l, "dbus") && !strings.Contains(l, "D-Bus") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

// watch records what goes wrong in the page (it runs on chromedp's reader
// goroutine, so it only appends under the lock).
func (b *browser) watch(ev any) {
	var msg string
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		msg = "exception: " + ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
	case *runtime.EventConsoleAPICalled:
		if ev.Type != runtime.ConsoleAPICalledTypeError && ev.Type != runtime.ConsoleAPICalledTypeWarning {
			return
		}
		var parts []string
		for _, a := range ev.Args {
			if a.Description != "" {
				parts = append(parts, a.Description)
			} else {
				parts = append(parts, string(a.Value))
			}
		}
		msg = "console." + string(ev.Type) + ": " + strings.Join(parts, " ")
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level != cdplog.EntryLevelError && ev.Entry.Level != cdplog.EntryLevelWarning {
			return
		}
		msg = "log " + string(ev.Entry.Source) + ": " + ev.Entry.Text + " " + ev.Entry.URL
	default:
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, a := range b.allowed {
		if strings.Contains(msg, a) {
			return
		}
	}
	b.problems = append(b.problems, msg)
}

// allow stops console messages containing part from failing the test (a
// 404 page the test asks for is logged as an error, for example).
func (b *browser) allow(part string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.allowed = append(b.allowed, part)
}

func (b *browser) takeProblems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	p := b.problems
	b.problems = nil
	return p
}

// acceptedDialogs returns the messages of the JavaScript dialogs accepted so far.
func (b *browser) acceptedDialogs() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.dialogs...)
}

// flow is a bounded part of a test in one tab: every step must finish
// before the flow's deadline.
type flow struct {
	t   *testing.T
	b   *browser
	ctx context.Context
}

// flow starts a flow that must end within flowTimeout.
func (b *browser) flow(t *testing.T) *flow {
	ctx, cancel := context.WithTimeout(b.ctx, flowTimeout)
	t.Cleanup(cancel)
	return &flow{t: t, b: b, ctx: ctx}
}

// do runs the actions of a named step, failing the test (with a screenshot
// and the page's address) when one fails.
func (f *flow) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	if err := chromedp.Do(f.ctx, actions...); err != nil {
		f.fail(step, err)
	}
}

// fail stops the test at a step, saying where the page was.
func (f *flow) fail(step string, err error) {
	f.t.Helper()
	where := ""
	ctx, cancel := context.WithTimeout(f.b.ctx, 5*time.Second)
	defer cancel()
	if loc, lerr := chromedp.Run(ctx, chromedp.Location()); lerr == nil {
		where = " at " + loc
	}
	if png, serr := chromedp.Run(ctx, chromedp.CaptureScreenshot()); serr == nil {
		if dir, derr := os.MkdirTemp("", "eventcal-e2e-failure-"); derr == nil {
			p := filepath.Join(dir, "failure.png")
			if os.WriteFile(p, png, 0o644) == nil {
				where += " (screenshot " + p + ")"
			}
		}
	}
	if errors.Is(err, context.DeadlineExceeded) {
		err = fmt.Errorf("timed out (flow limit %s): %w", flowTimeout, err)
	}
	f.t.Fatalf("%s%s: %v", step, where, err)
}

// eval evaluates a JavaScript expression and decodes its value (promises
// are awaited).
func eval[T any](f *flow, js string) T {
	f.t.Helper()
	v, err := chromedp.Run(f.ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		f.fail("evaluate "+abbrev(js), err)
	}
	return v
}

// waitJS waits until a JavaScript expression is truthy.
func (f *flow) waitJS(step, js string) {
	f.t.Helper()
	if _, err := chromedp.Run(f.ctx, chromedp.Poll[chromedp.Void](js, chromedp.WithPollingInterval(25*time.Millisecond),
		chromedp.WithPollingTimeout(waitTimeout))); err != nil {
		f.fail(step+" (waiting for "+abbrev(js)+")", err)
	}
}

// open loads a path of the server and waits for the page to load.
func (f *flow) open(path string) {
	f.t.Helper()
	f.do("open "+path, chromedp.Navigate(f.b.srv.URL+path))
}

// path is the page's address without the server's origin.
func (f *flow) path() string {
	f.t.Helper()
	loc, err := chromedp.Run(f.ctx, chromedp.Location())
	if err != nil {
		f.fail("read the location", err)
	}
	return pathOf(f.b.srv, loc)
}

// text is the trimmed text content of the first element matching a CSS selector.
func (f *flow) text(sel string) string {
	f.t.Helper()
	return eval[string](f, fmt.Sprintf(`(document.querySelector(%s)?.textContent ?? "").replace(/\s+/g, " ").trim()`, jsString(sel)))
}

// activeElement describes document.activeElement: tag#id.class "text".
func (f *flow) activeElement() string {
	f.t.Helper()
	return eval[string](f, `(() => { const e = document.activeElement; if (!e) return "none";
		return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
			(e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).join(".") : "") +
			' "' + (e.textContent || "").replace(/\s+/g, " ").trim().slice(0, 60) + '"'; })()`)
}

// setScriptDisabled turns JavaScript off (or on) for the tab.
func (f *flow) setScriptDisabled(off bool) {
	f.t.Helper()
	if _, err := chromedp.Call(f.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: off}); err != nil {
		f.fail("switch JavaScript", err)
	}
}

// viewport sets the size of the page (CSS pixels, device scale 1).
func (f *flow) viewport(w, h int64, mobile bool) {
	f.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulatePortrait}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	f.do(fmt.Sprintf("viewport %dx%d", w, h), chromedp.EmulateViewport(w, h, opts...))
}

// login signs in through the login form and waits for the dashboard.
func (f *flow) login(username string) {
	f.t.Helper()
	f.open("/login")
	f.do("log in as "+username,
		chromedp.WaitVisible(chromedp.ID("login-username")),
		chromedp.SendKeys(chromedp.ID("login-username"), username),
		chromedp.SendKeys(chromedp.ID("login-password"), testPassword),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("calendar")),
	)
}

// htmxIdleJS is true when the page has loaded (htmx processes it on load),
// htmx has no request in flight and has processed what it swapped in last
// (it does that while settling, after the swap: a link clicked before then
// is followed as a plain link).
const htmxIdleJS = `document.readyState === "complete" && !document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")`

// click waits until htmx is idle, then clicks the first element matching
// a CSS selector.
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Poll[chromedp.Void](htmxIdleJS, chromedp.WithPollingInterval(10*time.Millisecond), chromedp.WithPollingTimeout(waitTimeout)),
		chromedp.Click(chromedp.CSS(sel)),
	)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func abbrev(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 80 {
		s = s[:80] + "…"
	}
	return s
}
