package handlers

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/accounts"
)

// appSecretShown finds the app password shown once after making one.
var appSecretShown = regexp.MustCompile(`<code id="app-password" class="secret">([a-z0-9-]+)</code>`)

// revokeAction finds the revoke form of each listed app password.
var revokeAction = regexp.MustCompile(`action="/settings/app-passwords/(\d+)/delete"`)

// authApp signs in the way a CalDAV client will, with an app password.
func authApp(ts *testServer, login, secret string) error {
	_, err := ts.H.accounts.AuthenticateApp(context.Background(), accounts.Credentials{Login: login, Password: secret, IP: "192.0.2.44"})
	return err
}

// makeAppPassword posts the form and returns the secret shown and the id.
func makeAppPassword(t *testing.T, c *client, name string, headers ...string) (*response, string, int64) {
	t.Helper()
	r := c.post("/settings/app-passwords", url.Values{"name": {name}}, headers...)
	m := appSecretShown.FindStringSubmatch(r.Body)
	if r.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("make %q: %d\n%s", name, r.StatusCode, r.Body)
	}
	ids := revokeAction.FindStringSubmatch(r.Body) // newest first
	if ids == nil {
		t.Fatalf("make %q: no revoke form in\n%s", name, r.Body)
	}
	id, _ := strconv.ParseInt(ids[1], 10, 64)
	return r, m[1], id
}

// redisHolds reports whether any string or hash under the server's Redis
// prefix (cache, throttles, sessions) holds s.
func redisHolds(t *testing.T, ts *testServer, s string) bool {
	t.Helper()
	ctx := context.Background()
	seen := 0
	for _, rc := range []*redis.Client{env.Redis, env.SessRedis} {
		iter := rc.Scan(ctx, 0, ts.H.cfg.RedisPrefix+"*", 100).Iterator()
		for iter.Next(ctx) {
			seen++
			var vals []string
			switch typ, _ := rc.Type(ctx, iter.Val()).Result(); typ {
			case "string":
				vals = []string{rc.Get(ctx, iter.Val()).Val()}
			case "hash":
				for k, v := range rc.HGetAll(ctx, iter.Val()).Val() {
					vals = append(vals, k, v)
				}
			}
			for _, v := range vals {
				if strings.Contains(v, s) {
					return true
				}
			}
		}
		if err := iter.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Fatal("no Redis keys under the prefix: the scan looks in the wrong place")
	}
	return false
}

// Making an app password shows it once (no-store), lists it, and it signs
// a calendar app in; the next settings page never shows it again.
func TestAppPasswordCreateShowsSecretOnce(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.login(name, goodPassword)

	r := c.get("/settings")
	for _, want := range []string{`<h2 id="app-passwords">App passwords</h2>`, "<code>" + ts.URL + "/dav/</code>",
		"<strong>" + name + "</strong>", `action="/settings/app-passwords#app-passwords"`, `<label for="app-password-name">Name</label>`,
		`name="name"`, "You have no app passwords."} {
		if !strings.Contains(r.Body, want) {
			t.Fatalf("settings lacks %q:\n%s", want, r.Body)
		}
	}

	r, secret, _ := makeAppPassword(t, c, "  Phone ")
	if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("the page with the secret is cacheable: Cache-Control %q", cc)
	}
	if r.Header.Get("Location") != "" || redisHolds(t, ts, secret) {
		t.Errorf("the secret went elsewhere than the body (a redirect, the session or the cache)")
	}
	for _, want := range []string{"shows it only once", `<th scope="row">Phone</th>`, "Never used", `aria-label="Revoke Phone"`} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("after making: no %q in\n%s", want, r.Body)
		}
	}
	if strings.Contains(r.Body, "You have no app passwords.") {
		t.Error("the list is empty after making one")
	}
	if err := authApp(ts, name, secret); err != nil {
		t.Fatalf("the secret shown does not sign in: %v", err)
	}
	if err := authApp(ts, name, goodPassword); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Fatalf("the account password signed an app in: %v", err)
	}

	r = c.get("/settings")
	if strings.Contains(r.Body, secret) || strings.Contains(r.Body, `id="app-password"`) {
		t.Fatalf("the secret is shown again:\n%s", r.Body)
	}
	if !strings.Contains(r.Body, `<th scope="row">Phone</th>`) || strings.Contains(r.Body, "Never used") {
		t.Errorf("the list after a use:\n%s", r.Body)
	}

	// htmx gets the fragment, with the secret, and the page varies on it.
	r, secret2, _ := makeAppPassword(t, c, "Laptop", "HX-Request", "true", "HX-Current-URL", ts.URL+"/settings")
	if strings.Contains(r.Body, "<html") || !strings.Contains(r.Header.Get("Vary"), "HX-Request") || secret2 == secret {
		t.Errorf("htmx create: Vary %q, secret %q\n%s", r.Header.Get("Vary"), secret2, r.Body)
	}
	if got := len(revokeAction.FindAllString(r.Body, -1)); got != 2 {
		t.Errorf("%d app passwords listed, want 2", got)
	}
}

// A bad name re-renders the form with its message (422), keeps what was
// typed, and makes nothing; so does one app password too many.
func TestAppPasswordBadName(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.login(name, goodPassword)
	c.get("/settings")

	long := strings.Repeat("x", accounts.AppPasswordNameMax+1)
	for typed, msg := range map[string]string{
		"":    "Name the app password after the app or device that will use it.",
		"   ": "Name the app password after the app or device that will use it.",
		long:  "A name can be at most 100 characters long.",
	} {
		r := c.post("/settings/app-passwords", url.Values{"name": {typed}})
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("name %q: %d\n%s", typed, r.StatusCode, r.Body)
		}
		for _, want := range []string{msg, `id="app-password-errors"`, `aria-invalid="true"`, `value="` + typed + `"`} {
			if !strings.Contains(html.UnescapeString(r.Body), want) {
				t.Errorf("name %q: no %q in\n%s", typed, want, r.Body)
			}
		}
		if strings.Contains(r.Body, `id="app-password"`) {
			t.Errorf("name %q: a secret was shown", typed)
		}
	}
	if list, err := ts.H.accounts.AppPasswords(context.Background(), u.ID); err != nil || len(list) != 0 {
		t.Fatalf("bad names made %d app passwords (%v)", len(list), err)
	}

	for i := range accounts.AppPasswordsMax {
		if _, _, err := ts.H.accounts.CreateAppPassword(context.Background(), u.ID, "Device "+strconv.Itoa(i)); err != nil {
			t.Fatal(err)
		}
	}
	r := c.post("/settings/app-passwords", url.Values{"name": {"One more"}})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "You have 20 app passwords already") {
		t.Fatalf("one too many: %d\n%s", r.StatusCode, r.Body)
	}
}

// Revoking removes the app password at once and goes back to settings
// (303); another user's id, a bad id, a signed-out visitor or a missing
// CSRF token revoke nothing.
func TestAppPasswordRevoke(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name, otherName := uniqueName(t), uniqueName(t)+"_o"
	createUser(t, name, goodPassword, "UTC", false)
	createUser(t, otherName, goodPassword, "UTC", false)
	c, other := ts.client(t), ts.client(t)
	c.login(name, goodPassword)
	other.login(otherName, goodPassword)
	c.get("/settings")
	_, secret, id := makeAppPassword(t, c, "Tablet")
	path := "/settings/app-passwords/" + strconv.FormatInt(id, 10) + "/delete"

	other.get("/settings")
	if r := other.post(path, nil); r.StatusCode != http.StatusNotFound {
		t.Fatalf("another user's revoke: %d", r.StatusCode)
	}
	for _, bad := range []string{"abc", "0", "-1", "99999999999999"} {
		if r := c.post("/settings/app-passwords/"+bad+"/delete", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("revoke %q: %d", bad, r.StatusCode)
		}
	}
	if r := c.post(path, url.Values{"_csrf": {"forged"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("revoke without the CSRF token: %d", r.StatusCode)
	}
	c.get("/settings") // a refused token empties the cookie: a new one
	if r := ts.client(t).post(path, nil); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("signed-out revoke: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if err := authApp(ts, name, secret); err != nil {
		t.Fatalf("the app password stopped working before its revoke: %v", err)
	}

	r := c.post(path, nil)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/settings?") {
		t.Fatalf("revoke: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if err := authApp(ts, name, secret); !errors.Is(err, accounts.ErrBadCredentials) {
		t.Fatalf("a revoked app password signed in: %v", err)
	}
	r = c.get(r.Header.Get("Location"))
	if !strings.Contains(r.Body, "The app password is revoked") || strings.Contains(r.Body, "Tablet") {
		t.Errorf("settings after the revoke:\n%s", r.Body)
	}
	if r := c.post(path, nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("a second revoke: %d", r.StatusCode)
	}

	// An htmx revoke is sent back to the page by HX-Redirect.
	_, _, id2 := makeAppPassword(t, c, "Watch")
	r = c.post("/settings/app-passwords/"+strconv.FormatInt(id2, 10)+"/delete", nil, "HX-Request", "true")
	if r.StatusCode != http.StatusOK || !strings.HasPrefix(r.Header.Get("HX-Redirect"), "/settings?") {
		t.Errorf("htmx revoke: %d %v", r.StatusCode, r.Header)
	}
}
