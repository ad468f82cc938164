package e2e

import (
	"context"
	"log/slog"
	"strconv"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/eventcal/eventcal/live"
)

// TestReminderToast: a due reminder shows on every open page of its user as
// a toast linking to the event, which a button dismisses; where the user
// allowed notifications in Settings, it is also one system notification.
func TestReminderToast(t *testing.T) {
	srv := startServer(t)
	ann := createUser(t, "toast", false)
	a, b := newBrowser(t, srv).flow(t), newBrowser(t, srv).flow(t)
	if _, err := chromedp.Call(a.ctx, cdpbrowser.SetPermission, cdpbrowser.SetPermissionParams{
		Permission: &cdpbrowser.PermissionDescriptor{Name: "notifications"},
		Setting:    cdpbrowser.PermissionSettingGranted, Origin: srv.URL,
	}); err != nil {
		t.Fatal(err)
	}
	a.login(ann.Username)
	a.open("/settings")
	a.wantText("#notify-permission", "Notifications are on for this device")
	a.open("/")
	b.login(ann.Username)
	b.wantText(`nav a[href="/notifications"]`, "Notifications")
	for _, f := range []*flow{a, b} {
		f.following()
		f.do("record system notifications", chromedp.Evaluate[chromedp.Void](`window.__notes = [];
			window.Notification = class extends Notification {
				constructor(t, o) { super(t, o); __notes.push(t + "|" + o.body + "|" + o.tag); } }`))
	}

	hub := live.New(env.Redis, live.Config{Prefix: env.Config.RedisPrefix}, slog.New(slog.DiscardHandler), nil)
	hub.Publish(context.Background(), live.KindReminder, []int64{ann.ID}, map[string]any{
		"id": 7, "event": 42, "title": "Dentist", "location": "Main St 5",
		"start": time.Now().Add(10*time.Minute + 20*time.Second).UTC().Format(time.RFC3339), "all_day": false,
	})
	for _, f := range []*flow{a, b} {
		f.waitLive("the toast", `document.querySelector("#toasts .toast[role=alert]")`)
		f.wantText("#toasts .toast a[href='/events/42']", "Dentist")
		f.wantText("#toasts .toast span", "In 10 min · Main St 5")
	}
	if got := eval[[]string](a, `__notes`); len(got) != 1 || got[0] != "Dentist|In 10 min · Main St 5|reminder-7" {
		t.Errorf("system notifications where allowed: %q", got)
	}
	if got := eval[[]string](b, `__notes`); len(got) != 0 {
		t.Errorf("system notifications without permission: %q", got)
	}
	b.do("dismiss", click("#toasts .toast button"))
	if n := eval[int](b, `document.querySelectorAll("#toasts .toast").length`); n != 0 {
		t.Errorf("%s toasts after dismissing", strconv.Itoa(n))
	}
}
