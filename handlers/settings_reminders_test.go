package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// defaultReminder reads a user's default reminder from Postgres (-1: none).
func defaultReminder(t *testing.T, uid int64) int {
	t.Helper()
	m, err := env.Store.GetDefaultReminder(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	if m == nil {
		return -1
	}
	return int(*m)
}

func TestSettingsDefaultReminderPrefillsNewEvents(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "UTC", "")
	page := c.get("/settings")
	evContains(t, "settings", page.Body, `<h2 id="reminders">Reminders</h2>`, `action="/settings/reminders"`,
		`<label for="settings-default-reminder">Default reminder</label>`, `name="default_reminder"`, selected("", "None"),
		`<button type="button" id="notify-permission" class="secondary" hidden>`, `href="/notifications"`)
	if strings.Count(c.get("/events/new").Body, selected("", "None")) != 5 {
		t.Error("a new event starts with a reminder before any default")
	}

	r := c.post("/settings/reminders", url.Values{"default_reminder": {"30"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings?saved=reminders" {
		t.Fatalf("save: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if got := defaultReminder(t, u.ID); got != 30 {
		t.Errorf("stored default %d, want 30", got)
	}
	evContains(t, "settings after save", c.get("/settings?saved=reminders").Body,
		"Saved. New events start with this reminder.", selected("30", "30 minutes"))
	form := c.get("/events/new").Body
	evContains(t, "new event", form, selected("30", "30 minutes"))
	if n := strings.Count(form, selected("", "None")); n != 4 {
		t.Errorf("new event: %d empty reminder selects, want 4", n)
	}

	// Refused values keep the stored default and show what was posted.
	for _, bad := range []string{"abc", "50000", "-5"} {
		r := c.post("/settings/reminders", url.Values{"default_reminder": {bad}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: status %d, want 422", bad, r.StatusCode)
			continue
		}
		evContains(t, bad, r.Body, "A reminder is a number of minutes before the start, from 0 to 40320 (4 weeks).",
			`href="#settings-default-reminder"`, selected(bad, bad+" (not valid)"), `aria-invalid="true"`)
	}
	if got := defaultReminder(t, u.ID); got != 30 {
		t.Errorf("stored default %d after refused values, want 30", got)
	}

	// None.
	if r := c.post("/settings/reminders", url.Values{"default_reminder": {""}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save none: %d", r.StatusCode)
	}
	if got := defaultReminder(t, u.ID); got != -1 {
		t.Errorf("stored default %d, want none", got)
	}
	if strings.Count(c.get("/events/new").Body, selected("", "None")) != 5 {
		t.Error("a new event starts with a reminder after the default was removed")
	}
}
