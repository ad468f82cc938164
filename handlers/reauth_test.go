package handlers

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// makeFeed turns the feed on for c (whose password is password) and
// returns its address.
func makeFeed(t *testing.T, c *client, password string) string {
	t.Helper()
	r := c.post("/settings/feed", url.Values{"current_password": {password}})
	m := feedURL.FindStringSubmatch(r.Body)
	if r.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make the feed: %d", r.StatusCode)
	}
	if res, _ := feedGet(t, m[1]); res.StatusCode != http.StatusOK {
		t.Fatalf("new feed: %d", res.StatusCode)
	}
	return m[1]
}

// TestFeedRevokedWithPassword: changing one's password, or an admin
// setting it, turns the private address off.
func TestFeedRevokedWithPassword(t *testing.T) {
	ts := startServer(t)
	_, c := icsUser(t, ts, "", "UTC")
	addr := makeFeed(t, c, "correct horse battery")
	next := "amber lanterns drift over harbours"
	r := c.post("/settings/password", url.Values{"current_password": {"correct horse battery"},
		"new_password": {next}, "new_password_confirm": {next}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d", r.StatusCode)
	}
	if res, _ := feedGet(t, addr); res.StatusCode != http.StatusNotFound {
		t.Errorf("feed after a password change: %d", res.StatusCode)
	}

	adm, _ := admUser(t, ts, "adm", "UTC", true)
	u, uc := icsUser(t, ts, "u", "UTC")
	addr = makeFeed(t, uc, "correct horse battery")
	adm.get("/admin/users/" + strconv.FormatInt(u.ID, 10) + "/password")
	r = adm.post("/admin/users/"+strconv.FormatInt(u.ID, 10)+"/password", url.Values{"password": {next}, "password_confirm": {next}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("admin sets the password: %d", r.StatusCode)
	}
	if res, _ := feedGet(t, addr); res.StatusCode != http.StatusNotFound {
		t.Errorf("feed after an admin password reset: %d", res.StatusCode)
	}
}

// TestReauthForFeedAndEmail: making a feed address and changing the email
// need the current password (422 with a field message otherwise); the
// other settings do not.
func TestReauthForFeedAndEmail(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	u, c := icsUser(t, ts, "", "UTC")
	for pw, msg := range map[string]string{"": "Enter your current password.", "wrong password!": "That is not your current password."} {
		r := c.post("/settings/feed", url.Values{"current_password": {pw}})
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) ||
			!strings.Contains(r.Body, `id="feed-current-password"`) || feedURL.MatchString(r.Body) {
			t.Errorf("feed with password %q: %d", pw, r.StatusCode)
		}
	}
	if _, err := env.Store.GetFeedToken(context.Background(), u.ID); err == nil {
		t.Fatal("a feed token was made without the password")
	}
	makeFeed(t, c, "correct horse battery")

	change := url.Values{"email": {"new@example.com"}, "timezone": {"UTC"}, "week_start": {"1"}}
	for pw, msg := range map[string]string{"": "Enter your current password.", "wrong password!": "That is not your current password."} {
		change.Set("current_password", pw)
		change.Del("_csrf")
		r := c.post("/settings", change)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, msg) ||
			!strings.Contains(r.Body, `value="new@example.com"`) {
			t.Errorf("email with password %q: %d", pw, r.StatusCode)
		}
	}
	if got, _ := env.Store.GetUser(context.Background(), u.ID); got.Email != "" {
		t.Fatalf("email changed without the password: %q", got.Email)
	}
	// Other settings need no password.
	if r := c.post("/settings", url.Values{"email": {""}, "timezone": {"UTC"}, "week_start": {"0"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("week start without a password: %d", r.StatusCode)
	}
	change.Set("current_password", "correct horse battery")
	change.Del("_csrf")
	if r := c.post("/settings", change); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("email with the password: %d", r.StatusCode)
	}
	if got, _ := env.Store.GetUser(context.Background(), u.ID); got.Email != "new@example.com" {
		t.Fatalf("email not changed: %q", got.Email)
	}
}
