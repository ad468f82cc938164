package handlers

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/db"
)

// ownRedis gives a server its own Redis prefix (inside the package's), so
// throttle counters and sessions of one test never meet another's.
func ownRedis(t *testing.T) func(*Deps) {
	p := env.Prefix + "t" + strconv.FormatInt(time.Now().UnixNano(), 36) + ":"
	return func(d *Deps) { d.Config.RedisPrefix = p }
}

// register submits the registration form.
func (c *client) register(username, email, password, confirm, tz string, headers ...string) *response {
	c.t.Helper()
	c.get("/register")
	return c.post("/register", url.Values{
		"username": {username}, "email": {email}, "password": {password},
		"password_confirm": {confirm}, "timezone": {tz},
	}, headers...)
}

// setCookie plants a cookie in the client's jar.
func (c *client) setCookie(name, value string) {
	u, _ := url.Parse(c.base)
	c.http.Jar.SetCookies(u, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// sessionData decodes a session as stored in Redis (nil when it is gone).
func sessionData(t *testing.T, ts *testServer, id string) *accounts.Session {
	t.Helper()
	raw, err := env.SessRedis.Get(context.Background(), ts.H.cache.SessionKey(id)).Result()
	if err != nil {
		return nil
	}
	s, err := accounts.DecodeSession(raw)
	if err != nil {
		t.Fatalf("decode session %q: %v", raw, err)
	}
	return &s
}

const goodPassword = "violet tractor umbrella sings"

func TestRegisterSignsIn(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	c := ts.client(t)
	form := c.get("/register")
	if form.StatusCode != 200 || !strings.Contains(form.Body, `<input id="reg-timezone" name="timezone" list="reg-timezone-zones" value="UTC"`) ||
		!strings.Contains(form.Body, `data-tz-auto`) || !strings.Contains(form.Body, `<datalist id="reg-timezone-zones">`) ||
		!strings.Contains(form.Body, `<option value="Europe/Berlin">`) {
		t.Fatalf("register form: %d %s", form.StatusCode, form.Body)
	}
	name := uniqueName(t)
	anon := c.cookie("eventcal_session")
	r := c.register(name, name+"@example.com", goodPassword, goodPassword, "Europe/Berlin")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Fatalf("register: %d %q %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	if id := c.cookie("eventcal_session"); id == "" || id == anon {
		t.Fatalf("session not rotated at registration: %q -> %q", anon, id)
	}
	if home := c.get("/"); home.StatusCode != 200 || !strings.Contains(home.Body, name) {
		t.Fatalf("dashboard after registering: %d", home.StatusCode)
	}
	u, err := env.Store.GetUserByLogin(context.Background(), strings.ToUpper(name))
	if err != nil {
		t.Fatal(err)
	}
	if u.Timezone != "Europe/Berlin" || u.Email != name+"@example.com" || u.IsAdmin || !u.IsActive || u.WeekStart != 1 {
		t.Fatalf("stored user: %+v", u)
	}
	if !accounts.CompareHash(u.PasswordHash, goodPassword) || strings.Contains(u.PasswordHash, goodPassword) {
		t.Fatal("password not stored as a bcrypt hash")
	}
	// Signed-in users have nothing to do on /register.
	if r := c.get("/register"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("register while signed in: %d", r.StatusCode)
	}
	// They can log in with the email too.
	c.post("/logout", nil)
	c.login(strings.ToUpper(name)+"@EXAMPLE.com", goodPassword)
}

func TestRegisterErrorsKeepInput(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	c := ts.client(t)
	secret := "zebra-quartz-9417-Lantern"
	r := c.register("no spaces allowed", "not-an-email", secret, secret+"x", "Asia/Tokyo")
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, want := range []string{
		`value="no spaces allowed"`, `value="not-an-email"`, `list="reg-timezone-zones" value="Asia/Tokyo"`,
		`role="alert"`, `aria-invalid="true"`, `aria-describedby="reg-username-error reg-username-hint"`,
		`id="reg-username-error"`, `id="reg-email-error"`, `id="reg-password-confirm-error"`,
		"Use only letters", "Enter an email address", "not the same",
	} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("missing %q", want)
		}
	}
	if strings.Contains(r.Body, "data-tz-auto") {
		t.Error("a re-rendered form lets the browser's zone replace the choice")
	}
	if strings.Contains(r.Body, secret) || strings.Contains(r.Body, "zebra") {
		t.Error("the password is echoed")
	}
	if !strings.Contains(r.Body, "<!doctype html>") && !strings.Contains(r.Body, "<!DOCTYPE html>") {
		t.Error("a plain post gets a full page")
	}

	// Weak passwords say why.
	name := uniqueName(t)
	r = c.register(name, "", "password1234", "password1234", "UTC")
	if r.StatusCode != 422 || !strings.Contains(r.Body, "common password") || !strings.Contains(r.Body, `value="`+name+`"`) {
		t.Fatalf("weak password: %d %s", r.StatusCode, r.Body)
	}
	// An unknown time zone falls back to UTC with a message.
	r = c.register(name, "", goodPassword, goodPassword, "Mars/Olympus")
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Choose a time zone") || strings.Contains(r.Body, "Mars") {
		t.Fatalf("bad zone: %d", r.StatusCode)
	}

	// Names are unique case-insensitively, emails too.
	if r := c.register(name, name+"@example.com", goodPassword, goodPassword, "UTC"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("first registration: %d %s", r.StatusCode, r.Body)
	}
	other := ts.client(t)
	r = other.register(strings.ToUpper(name), "", goodPassword, goodPassword, "UTC")
	if r.StatusCode != 422 || !strings.Contains(r.Body, "username is taken") {
		t.Fatalf("duplicate username: %d", r.StatusCode)
	}
	r = other.register(name+"2", strings.ToUpper(name)+"@example.com", goodPassword, goodPassword, "UTC")
	if r.StatusCode != 422 || !strings.Contains(r.Body, "email address exists") {
		t.Fatalf("duplicate email: %d", r.StatusCode)
	}

	// An htmx post gets the form fragment back.
	r = other.register("x", "", "", "", "UTC", "HX-Request", "true")
	if r.StatusCode != 422 || strings.Contains(r.Body, "<html") || !strings.Contains(r.Body, `role="alert"`) {
		t.Fatalf("htmx error: %d %s", r.StatusCode, r.Body)
	}
}

func TestConcurrentRegistrationsOfOneName(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	const n = 6
	clients := make([]*client, n)
	for i := range clients {
		clients[i] = ts.client(t)
		clients[i].get("/register")
	}
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Go(func() {
			form := url.Values{"username": {name}, "password": {goodPassword}, "password_confirm": {goodPassword},
				"timezone": {"UTC"}, "_csrf": {c.csrf}}
			req, _ := http.NewRequest(http.MethodPost, c.base+"/register", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := c.http.Do(req)
			if err != nil {
				return
			}
			res.Body.Close()
			codes[i] = res.StatusCode
		})
	}
	wg.Wait()
	created := 0
	for _, code := range codes {
		switch code {
		case http.StatusSeeOther:
			created++
		case http.StatusUnprocessableEntity:
		default:
			t.Errorf("status %d", code)
		}
	}
	if created != 1 {
		t.Fatalf("%d registrations succeeded: %v", created, codes)
	}
}

func TestLoginLogoutRotatesSessionAndToken(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)

	// Strangers get no session: the login form sets only the CSRF cookie.
	c.setCookie("eventcal_session", "planted-before-login")
	c.get("/login")
	tokenBefore, idBefore := c.csrf, c.cookie("eventcal_session")
	r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}})
	var sessCookie *http.Cookie
	for _, ck := range r.Cookies() {
		if ck.Name == "eventcal_session" {
			sessCookie = ck
		}
	}
	if sessCookie == nil || !sessCookie.HttpOnly || sessCookie.SameSite != http.SameSiteLaxMode || sessCookie.Path != "/" || sessCookie.Secure {
		t.Fatalf("session cookie: %+v", sessCookie)
	}
	idAfter := c.cookie("eventcal_session")
	home := c.get("/")
	if home.StatusCode != 200 || !strings.Contains(home.Body, name) {
		t.Fatalf("dashboard: %d", home.StatusCode)
	}
	if idAfter == idBefore || c.csrf == tokenBefore || c.csrf == "" {
		t.Fatalf("not rotated at login: id %q -> %q, token %q -> %q", idBefore, idAfter, tokenBefore, c.csrf)
	}
	if sessionData(t, ts, idBefore) != nil {
		t.Fatal("the anonymous session survives login")
	}
	// The pre-login token is dead.
	if r := c.post("/logout", url.Values{"_csrf": {tokenBefore}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("old token accepted: %d", r.StatusCode)
	}
	// GET does not log out.
	if r := c.get("/logout"); r.StatusCode == http.StatusSeeOther || r.StatusCode == 200 {
		t.Fatalf("GET /logout answered %d", r.StatusCode)
	}
	tokenIn := c.csrf
	if r := c.post("/logout", nil, "X-CSRF-Token", tokenIn); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	if sessionData(t, ts, idAfter) != nil {
		t.Fatal("session still stored after logout")
	}
	if r := c.get("/login"); r.StatusCode != 200 || c.csrf == tokenIn {
		t.Fatalf("token not rotated at logout: %d", r.StatusCode)
	}
	stale := ts.client(t)
	stale.setCookie("eventcal_session", idAfter)
	if r := stale.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("old cookie still signed in: %d", r.StatusCode)
	}
}

func TestSecureCookies(t *testing.T) {
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.CookieSecure = true })
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	found := map[string]*http.Cookie{}
	for _, ck := range c.get("/login").Cookies() {
		found[ck.Name] = ck
	}
	// The session cookie comes at sign-in (plain HTTP here: the jar would
	// not send Secure cookies back, so the login post carries them by hand).
	form := url.Values{"username": {name}, "password": {goodPassword}, "_csrf": {c.csrf}}
	r := c.send(http.MethodPost, "/login", form, "Cookie", "__Host-eventcal_csrf="+found["__Host-eventcal_csrf"].Value)
	for _, ck := range r.Cookies() {
		found[ck.Name] = ck
	}
	for _, name := range []string{"__Host-eventcal_session", "__Host-eventcal_csrf"} {
		ck := found[name]
		if ck == nil || !ck.Secure || !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.Domain != "" {
			t.Errorf("%s: %+v (all: %v)", name, ck, r.Header.Values("Set-Cookie"))
		}
	}
	if found["eventcal_session"] != nil {
		t.Error("unprefixed session cookie set")
	}
}

func TestSessionFixationIsRefused(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)

	// A made-up id is replaced at once and never authenticated.
	victim := ts.client(t)
	victim.setCookie("eventcal_session", "attacker-chosen")
	victim.login(name, goodPassword)
	if id := victim.cookie("eventcal_session"); id == "attacker-chosen" || id == "" {
		t.Fatalf("session id after login: %q", id)
	}
	attacker := ts.client(t)
	attacker.setCookie("eventcal_session", "attacker-chosen")
	if r := attacker.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("chosen id is signed in: %d", r.StatusCode)
	}

	// A real anonymous id planted in the victim's browser is not either.
	attacker.get("/login")
	planted := attacker.cookie("eventcal_session")
	victim2 := ts.client(t)
	victim2.setCookie("eventcal_session", planted)
	victim2.login(name, goodPassword)
	if victim2.cookie("eventcal_session") == planted {
		t.Fatal("planted id kept at login")
	}
	if r := attacker.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("planted id became signed in: %d", r.StatusCode)
	}
}

func TestCSRFRefusesForeignAndMissingTokens(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	victim := ts.client(t)
	victim.login(name, goodPassword)
	victim.get("/settings")
	attacker := ts.client(t)
	attacker.get("/login")
	change := url.Values{"email": {"evil@example.com"}, "timezone": {"Asia/Tokyo"}, "week_start": {"0"}}

	check := func(what string, r *response) {
		t.Helper()
		if r.StatusCode != http.StatusForbidden || !strings.Contains(r.Body, "expired") || !strings.Contains(r.Body, "Try again") {
			t.Errorf("%s: %d %s", what, r.StatusCode, r.Body)
		}
		got, err := env.Store.GetUser(context.Background(), u.ID)
		if err != nil || got.Email != "" || got.Timezone != "UTC" || got.WeekStart != 1 {
			t.Fatalf("%s changed the account: %+v %v", what, got, err)
		}
	}
	check("no token", victim.send(http.MethodPost, "/settings", change, "Referer", ts.URL+"/settings"))
	foreign := url.Values{"_csrf": {attacker.csrf}}
	for k, v := range change {
		foreign[k] = v
	}
	check("another session's token", victim.send(http.MethodPost, "/settings", foreign))
	// Even with the cookie forged to match, the token is not in this session.
	victim.setCookie("eventcal_csrf", attacker.csrf)
	check("forged cookie", victim.send(http.MethodPost, "/settings", foreign))
	// Registration is protected too.
	r := ts.client(t).send(http.MethodPost, "/register", url.Values{"username": {name + "x"}, "password": {goodPassword},
		"password_confirm": {goodPassword}, "timezone": {"UTC"}})
	if r.StatusCode != http.StatusForbidden {
		t.Fatalf("register without token: %d", r.StatusCode)
	}
	if taken, _ := env.Store.UsernameTaken(context.Background(), name+"x"); taken {
		t.Fatal("user created without a token")
	}
}

func TestLoginThrottlePerAccount(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.get("/login")
	fail := func(headers ...string) *response {
		return c.post("/login", url.Values{"username": {name}, "password": {"wrong password here"}}, headers...)
	}
	// Four failures, a success (which resets the count), four more: no block.
	for range 4 {
		if r := fail(); r.StatusCode != 422 {
			t.Fatalf("failure: %d", r.StatusCode)
		}
	}
	c.login(name, goodPassword)
	c.get("/")
	if r := c.post("/logout", nil); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
	c.get("/login")
	for i := range accounts.LoginAccountMax {
		if r := fail("X-Forwarded-For", "203.0.113."+strconv.Itoa(i)); r.StatusCode != 422 {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	r := fail()
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.Body, "too many failed attempts") {
		t.Fatalf("after %d failures: %d %s", accounts.LoginAccountMax, r.StatusCode, r.Body)
	}
	if s, err := strconv.Atoi(r.Header.Get("Retry-After")); err != nil || s < 1 || s > int(accounts.LoginWindow/time.Second) {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	// Neither the right password (name in other case) nor a forged client address gets through.
	r = c.post("/login", url.Values{"username": {strings.ToUpper(name)}, "password": {goodPassword}}, "X-Forwarded-For", "198.51.100.7")
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("blocked account let in: %d", r.StatusCode)
	}
	// Another account from the same address is still fine.
	other := uniqueName(t) + "o"
	createUser(t, other, goodPassword, "UTC", false)
	ts.client(t).login(other, goodPassword)
}

func TestLoginThrottlePerAddress(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.get("/login")
	for i := range accounts.LoginIPMax {
		r := c.post("/login", url.Values{"username": {"nobody" + strconv.Itoa(i)}, "password": {"whatever it is"}},
			"X-Forwarded-For", "203.0.113."+strconv.Itoa(i))
		if r.StatusCode != 422 {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}, "X-Forwarded-For", "198.51.100.1")
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Fatalf("address not throttled: %d", r.StatusCode)
	}
}

func TestLoginThrottleBehindTrustedProxy(t *testing.T) {
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.TrustedProxies = []string{"127.0.0.1"} })
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.get("/login")
	for i := range accounts.LoginIPMax {
		c.post("/login", url.Values{"username": {"nobody" + strconv.Itoa(i)}, "password": {"whatever it is"}}, "X-Forwarded-For", "198.51.100.1")
	}
	if r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}, "X-Forwarded-For", "198.51.100.1"); r.StatusCode != 429 {
		t.Fatalf("client behind the proxy not throttled: %d", r.StatusCode)
	}
	if r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}, "X-Forwarded-For", "198.51.100.2"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("another client behind the proxy blocked: %d", r.StatusCode)
	}
}

func TestUnknownUserLooksLikeWrongPassword(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	inactive := uniqueName(t) + "i"
	u := createUser(t, inactive, goodPassword, "UTC", false)
	if err := ts.H.accounts.SetActive(context.Background(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	c := ts.client(t)
	c.get("/login")
	answer := func(login, password string) (int, string) {
		r := c.post("/login", url.Values{"username": {login}, "password": {password}})
		return r.StatusCode, strings.ReplaceAll(r.Body, login, "LOGIN")
	}
	s1, b1 := answer(name, "not the password at all")
	s2, b2 := answer(name+"-nobody", "not the password at all")
	s3, b3 := answer(inactive, goodPassword)
	if s1 != 422 || s1 != s2 || s1 != s3 || b1 != b2 || b1 != b3 {
		t.Fatalf("answers differ: %d %d %d\n%s\n%s", s1, s2, s3, b1, b2)
	}
	if !strings.Contains(b1, loginFailedMessage) || !strings.Contains(b1, `value="LOGIN"`) || strings.Contains(b1, "not the password") {
		t.Fatalf("failure page: %s", b1)
	}
}

func TestLoginNextIsLocalOnly(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	for next, want := range map[string]string{
		"/settings?x=1":           "/settings?x=1",
		"//evil.example":          "/",
		"https://evil.example":    "/",
		"/\\evil.example":         "/",
		"javascript:alert(1)":     "/",
		"":                        "/",
		"/%2F%2Fevil.example/ok":  "/%2F%2Fevil.example/ok",
		"\t//evil.example/tabbed": "/",
	} {
		c := ts.client(t)
		form := c.get("/login?next=" + url.QueryEscape(next))
		if !strings.Contains(form.Body, `name="next" value="`+strings.ReplaceAll(want, "&", "&amp;")+`"`) {
			t.Errorf("next=%q: form carries the wrong next", next)
		}
		r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}, "next": {next}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != want {
			t.Errorf("next=%q: %d %q, want %q", next, r.StatusCode, r.Header.Get("Location"), want)
		}
	}
}

func TestHTMXWithoutSessionGetsHXRedirect(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	r := c.get("/settings", "HX-Request", "true", "HX-Current-URL", ts.URL+"/calendar?view=week&date=2026-03-02")
	if r.StatusCode != 200 || r.Header.Get("HX-Redirect") != "/login?next="+url.QueryEscape("/calendar?view=week&date=2026-03-02") || strings.Contains(r.Body, "<form") {
		t.Fatalf("signed out: %d %q", r.StatusCode, r.Header.Get("HX-Redirect"))
	}
	c.login(name, goodPassword)
	if r := c.htmx("/settings"); r.StatusCode != 200 || r.Header.Get("HX-Redirect") != "" {
		t.Fatalf("signed in: %d", r.StatusCode)
	}
	// The session expires (ends server-side): the next htmx request is sent to log in.
	if err := ts.H.accounts.EndSessions(context.Background(), u.ID, ""); err != nil {
		t.Fatal(err)
	}
	r = c.htmx("/settings")
	if r.Header.Get("HX-Redirect") != "/login?next=%2F" || strings.Contains(r.Body, "<form") {
		t.Fatalf("expired: %d %q %s", r.StatusCode, r.Header.Get("HX-Redirect"), r.Body)
	}
	// A plain request gets a 303 with next.
	if r := c.get("/settings"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login?next=%2Fsettings" {
		t.Fatalf("plain: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
}

func TestSettingsSaveUpdatesSession(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	taken := uniqueName(t) + "t"
	hash, _ := accounts.HashPassword(goodPassword, bcrypt.MinCost)
	if _, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{
		Username: taken, Email: taken + "@example.com", PasswordHash: hash, Timezone: "UTC",
	}); err != nil {
		t.Fatal(err)
	}
	c := ts.client(t)
	c.login(name, goodPassword)
	page := c.get("/settings")
	if page.StatusCode != 200 || !strings.Contains(page.Body, `id="settings-week-monday" name="week_start" value="monday" checked`) ||
		!strings.Contains(page.Body, `aria-current="page"`) || page.Header.Get("Cache-Control") != "no-store" ||
		strings.Contains(page.Body, "data-tz-auto") {
		t.Fatalf("settings page: %d", page.StatusCode)
	}
	// The time zone's suggestions are not in the page; htmx loads them on
	// focus.
	if strings.Contains(page.Body, `<option value="Africa/Abidjan"`) || !strings.Contains(page.Body, `<datalist id="settings-timezone-zones"></datalist>`) ||
		!strings.Contains(page.Body, `name="timezone" list="settings-timezone-zones" hx-get="/settings/timezones" hx-trigger="focus once" hx-target="next datalist" hx-swap="innerHTML" value="UTC"`) {
		t.Fatalf("settings page's time zone field: %s", page.Body)
	}
	zones := c.get("/settings/timezones")
	if zones.StatusCode != 200 || !strings.HasPrefix(zones.Header.Get("Content-Type"), "text/html") ||
		!strings.Contains(zones.Body, `<option value="Europe/Berlin"></option>`) || !strings.Contains(zones.Body, `<option value="America/New_York">America/New York</option>`) ||
		strings.Count(zones.Body, "<option") < 400 || strings.Contains(zones.Body, "<datalist") {
		t.Fatalf("time zone suggestions: %d %.300s", zones.StatusCode, zones.Body)
	}

	// Errors keep what was typed.
	r := c.post("/settings", url.Values{"email": {strings.ToUpper(taken) + "@example.com"}, "timezone": {"Nowhere/Land"}, "week_start": {"3"}})
	if r.StatusCode != 422 || !strings.Contains(r.Body, "email address exists") || !strings.Contains(r.Body, "Choose a time zone") ||
		!strings.Contains(r.Body, "Choose Monday, Sunday or Saturday") || !strings.Contains(r.Body, `value="`+strings.ToUpper(taken)+`@example.com"`) {
		t.Fatalf("invalid settings: %d %s", r.StatusCode, r.Body)
	}
	// A refused zone comes back with the suggestions in the page, for a
	// browser without JavaScript.
	if strings.Contains(r.Body, `hx-get="/settings/timezones"`) || !strings.Contains(r.Body, `<datalist id="settings-timezone-zones"><option value="Africa/Abidjan">`) {
		t.Fatalf("refused zone without suggestions: %s", r.Body)
	}

	r = c.post("/settings", url.Values{"email": {name + "@example.com"}, "timezone": {"America/New_York"}, "week_start": {"sunday"},
		"current_password": {goodPassword}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings?saved=profile" {
		t.Fatalf("save: %d %s", r.StatusCode, r.Body)
	}
	got, _ := env.Store.GetUser(context.Background(), u.ID)
	if got.Email != name+"@example.com" || got.Timezone != "America/New_York" || got.WeekStart != 0 {
		t.Fatalf("stored: %+v", got)
	}
	sess := sessionData(t, ts, c.cookie("eventcal_session"))
	if sess == nil || sess.TZName != "America/New_York" || sess.WeekStart != 0 {
		t.Fatalf("session not updated: %+v", sess)
	}
	page = c.get("/settings?saved=profile")
	if !strings.Contains(page.Body, `role="status"`) || !strings.Contains(page.Body, "Saved") ||
		!strings.Contains(page.Body, `name="timezone" list="settings-timezone-zones" hx-get="/settings/timezones" hx-trigger="focus once" hx-target="next datalist" hx-swap="innerHTML" value="America/New_York"`) ||
		!strings.Contains(page.Body, `id="settings-week-sunday" name="week_start" value="sunday" checked`) {
		t.Fatalf("saved page: %s", page.Body)
	}
	// Clearing the email is allowed.
	clear := url.Values{"email": {""}, "timezone": {"UTC"}, "week_start": {"1"}, "current_password": {goodPassword}}
	if r := c.post("/settings", clear); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("clear email: %d", r.StatusCode)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	here, there := ts.client(t), ts.client(t)
	here.login(name, goodPassword)
	there.login(name, goodPassword)
	here.get("/settings")

	newPassword := "marble giraffe orchestra lunch"
	bad := []struct {
		form url.Values
		want string
	}{
		{url.Values{"current_password": {"not it at all"}, "new_password": {newPassword}, "new_password_confirm": {newPassword}}, "not your current password"},
		{url.Values{"current_password": {goodPassword}, "new_password": {"password1234"}, "new_password_confirm": {"password1234"}}, "common password"},
		{url.Values{"current_password": {goodPassword}, "new_password": {newPassword}, "new_password_confirm": {newPassword + "!"}}, "not the same"},
		{url.Values{"current_password": {goodPassword}, "new_password": {goodPassword}, "new_password_confirm": {goodPassword}}, "different from your current"},
	}
	for _, b := range bad {
		r := here.post("/settings/password", b.form)
		if r.StatusCode != 422 || !strings.Contains(r.Body, b.want) || strings.Contains(r.Body, newPassword) || strings.Contains(r.Body, goodPassword) {
			t.Fatalf("want %q: %d %s", b.want, r.StatusCode, r.Body)
		}
	}
	if r := there.get("/settings"); r.StatusCode != 200 {
		t.Fatal("a refused change ended the other session")
	}

	r := here.post("/settings/password", url.Values{"current_password": {goodPassword}, "new_password": {newPassword}, "new_password_confirm": {newPassword}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/settings?saved=password" {
		t.Fatalf("change: %d %s", r.StatusCode, r.Body)
	}
	if r := here.get("/settings?saved=password"); r.StatusCode != 200 || !strings.Contains(r.Body, "Saved") {
		t.Fatalf("this session ended: %d", r.StatusCode)
	}
	if r := there.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("the other session survived: %d", r.StatusCode)
	}
	fresh := ts.client(t)
	fresh.get("/login")
	if r := fresh.post("/login", url.Values{"username": {name}, "password": {goodPassword}}); r.StatusCode != 422 {
		t.Fatalf("old password still works: %d", r.StatusCode)
	}
	fresh.login(name, newPassword)
}

func TestDeactivatedUserIsSignedOutAndRefused(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.login(name, goodPassword)
	if err := ts.H.accounts.SetActive(context.Background(), u.ID, false); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivated user's session still open: %d", r.StatusCode)
	}
	c.get("/login")
	if r := c.post("/login", url.Values{"username": {name}, "password": {goodPassword}}); r.StatusCode != 422 || !strings.Contains(r.Body, loginFailedMessage) {
		t.Fatalf("deactivated user logged in: %d", r.StatusCode)
	}
	if err := ts.H.accounts.SetActive(context.Background(), u.ID, true); err != nil {
		t.Fatal(err)
	}
	c.login(name, goodPassword)
}

func TestRequireAdmin(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	app := fiber.New(fiber.Config{ErrorHandler: ts.H.handleError})
	app.Use(func(c *fiber.Ctx) error {
		switch c.Get("X-Test-As") {
		case "user":
			c.Locals(localViewer, &Viewer{ID: 1, Username: "u"})
		case "admin":
			c.Locals(localViewer, &Viewer{ID: 2, Username: "a", IsAdmin: true})
		}
		return c.Next()
	})
	app.Get("/admin", ts.H.requireAdmin, func(c *fiber.Ctx) error { return c.SendString("admin area") })
	for as, want := range map[string]int{"": http.StatusSeeOther, "user": http.StatusForbidden, "admin": http.StatusOK} {
		req := httptest.NewRequest(http.MethodGet, "/admin", nil)
		req.Header.Set("X-Test-As", as)
		res, err := app.Test(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("as %q: %d, want %d", as, res.StatusCode, want)
		}
		if as == "" && res.Header.Get("Location") != "/login?next=%2Fadmin" {
			t.Errorf("signed out: Location %q", res.Header.Get("Location"))
		}
		if as == "admin" && res.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("admin page cacheable")
		}
	}
}

var (
	mainRe    = regexp.MustCompile(`(?s)<main[^>]*>(.*)</main>`)
	controlRe = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	idRe      = regexp.MustCompile(`\bid="([^"]+)"`)
)

// TestAccountPagesWorkWithoutJavaScript checks that every account form is a
// plain form post with a CSRF field, and every control has a label.
func TestAccountPagesWorkWithoutJavaScript(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	anon, signed := ts.client(t), ts.client(t)
	signed.login(name, goodPassword)
	pages := map[string]*response{
		"/login":    anon.get("/login"),
		"/register": anon.get("/register"),
		"/settings": signed.get("/settings"),
	}
	for path, r := range pages {
		m := mainRe.FindStringSubmatch(r.Body)
		if r.StatusCode != 200 || m == nil {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		body := m[1]
		forms := strings.Count(body, `<form method="post" action="`)
		if forms == 0 || strings.Count(body, `name="_csrf"`) != forms || strings.Contains(body, "hx-post") {
			t.Errorf("%s: %d forms, %d csrf fields", path, forms, strings.Count(body, `name="_csrf"`))
		}
		for _, ctl := range controlRe.FindAllString(body, -1) {
			if strings.Contains(ctl, `type="hidden"`) {
				continue
			}
			id := idRe.FindStringSubmatch(ctl)
			if id == nil || !strings.Contains(body, `<label for="`+id[1]+`"`) {
				t.Errorf("%s: control without a label: %s", path, ctl)
			}
		}
	}
}
