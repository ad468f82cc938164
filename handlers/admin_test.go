package handlers

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/testsupport"
)

const admPassword = "correct horse battery"

// admUser stores a user and returns a client signed in as them (with a
// fresh CSRF token: it rotates at sign-in).
func admUser(t *testing.T, ts *testServer, suffix, tz string, admin bool) (*client, db.User) {
	t.Helper()
	u := createUser(t, uniqueName(t)+suffix, admPassword, tz, admin)
	c := ts.client(t)
	c.login(u.Username, admPassword)
	c.get("/settings")
	return c, u
}

// admGetUser reads a user from the package database.
func admGetUser(t *testing.T, id int64) (db.User, error) {
	t.Helper()
	u, err := env.Store.GetUser(context.Background(), id)
	return u, db.NotFound(err)
}

// admAudits counts the audit rows of an action on a target.
func admAudits(t *testing.T, store *db.Store, actorID int64, action string, targetID int64) int {
	t.Helper()
	var n int
	err := store.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM admin_audit WHERE actor_id = $1 AND action = $2 AND target_id IS NOT DISTINCT FROM $3`,
		actorID, action, nullID(targetID)).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// admEvent stores an event directly.
func admEvent(t *testing.T, store *db.Store, uid int64, title string, start, end time.Time) db.Event {
	t.Helper()
	ev, err := store.CreateEvent(context.Background(), db.CreateEventParams{
		UserID: uid, Title: title, StartsAt: start, EndsAt: end, Color: "blue",
	})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func admID(id int64) string { return strconv.FormatInt(id, 10) }

func admWant(t *testing.T, what string, r *response, status int, subs ...string) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body %.600s", what, r.StatusCode, status, r.Body)
	}
	for _, s := range subs {
		if !strings.Contains(r.Body, s) {
			t.Errorf("%s: missing %q in %s", what, s, admExcerpt(r.Body))
		}
	}
}

// admExcerpt is the part of a page inside <main> (all of a fragment), for
// failure messages.
func admExcerpt(body string) string {
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	if len(body) > 3000 {
		body = body[:3000] + "…"
	}
	return body
}

// admRoutes is every admin route with a method, for the 403 checks.
func admRoutes(uid, eid int64) [][2]string {
	u, e := admID(uid), admID(eid)
	return [][2]string{
		{http.MethodGet, "/admin"},
		{http.MethodGet, "/admin/"},
		{http.MethodGet, "/admin/users?q=a&sort=email"},
		{http.MethodPost, "/admin/users/" + u + "/activate"},
		{http.MethodPost, "/admin/users/" + u + "/deactivate"},
		{http.MethodPost, "/admin/users/" + u + "/grant"},
		{http.MethodPost, "/admin/users/" + u + "/revoke"},
		{http.MethodGet, "/admin/users/" + u + "/calendars"},
		{http.MethodGet, "/admin/users/" + u + "/password"},
		{http.MethodPost, "/admin/users/" + u + "/password"},
		{http.MethodGet, "/admin/users/" + u + "/delete"},
		{http.MethodPost, "/admin/users/" + u + "/delete"},
		{http.MethodGet, "/admin/events"},
		{http.MethodGet, "/admin/events/" + e},
		{http.MethodGet, "/admin/events/" + e + "/edit"},
		{http.MethodPost, "/admin/events/" + e},
		{http.MethodGet, "/admin/events/" + e + "/delete"},
		{http.MethodPost, "/admin/events/" + e + "/delete"},
		{http.MethodGet, "/admin/cache"},
		{http.MethodPost, "/admin/cache/drop-user"},
		{http.MethodPost, "/admin/cache/drop-all"},
		{http.MethodGet, "/admin/queue"},
		{http.MethodGet, "/admin/audit"},
		{http.MethodGet, "/admin/nothing-here"},
		// Other verbs on the same addresses.
		{http.MethodPut, "/admin/events/" + e},
		{http.MethodDelete, "/admin/events/" + e},
		{http.MethodPatch, "/admin/users/" + u},
		{http.MethodDelete, "/admin/users/" + u},
		{http.MethodHead, "/admin/users"},
		{http.MethodOptions, "/admin/cache"},
	}
}

func TestAdminForbiddenForNonAdmins(t *testing.T) {
	ts := startServer(t)
	c, u := admUser(t, ts, "", "UTC", false)
	victim := createUser(t, uniqueName(t)+"_v", admPassword, "UTC", false)
	ev := admEvent(t, env.Store, victim.ID, "Victim's event", time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC), time.Date(2030, 1, 2, 10, 0, 0, 0, time.UTC))

	for _, rt := range admRoutes(victim.ID, ev.ID) {
		for _, htmx := range []bool{false, true} {
			form := url.Values{"_csrf": {c.csrf}, "username": {victim.Username}, "password": {"a much better passphrase"},
				"password_confirm": {"a much better passphrase"}, "title": {"Hacked"}, "start": {"2030-01-02T09:00"}, "end": {"2030-01-02T10:00"}}
			headers := []string{"X-CSRF-Token", c.csrf}
			if htmx {
				headers = append(headers, "HX-Request", "true", "HX-Current-URL", ts.URL+"/")
			}
			r := c.send(rt[0], rt[1], form, headers...)
			what := fmt.Sprintf("%s %s (htmx %v)", rt[0], rt[1], htmx)
			if r.StatusCode != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", what, r.StatusCode)
				continue
			}
			if rt[0] != http.MethodHead && !strings.Contains(r.Body, "for administrators") {
				t.Errorf("%s: no explanation in %.300s", what, r.Body)
			}
			if htmx && strings.Contains(r.Body, "<html") {
				t.Errorf("%s: a full page for htmx", what)
			}
		}
	}
	// Nothing changed.
	got, err := admGetUser(t, victim.ID)
	if err != nil || !got.IsActive || got.IsAdmin || got.PasswordHash != victim.PasswordHash {
		t.Errorf("victim changed: %+v, %v", got, err)
	}
	if stored := evMustStored(t, ev.ID, victim.ID); stored.Title != "Victim's event" {
		t.Errorf("event changed: %q", stored.Title)
	}
	if n := admAudits(t, env.Store, u.ID, "user.deactivate", victim.ID); n != 0 {
		t.Errorf("%d audit rows from a non-admin", n)
	}

	// A session whose admin flag is stale (rights removed in the database
	// since sign-in) is refused too.
	ac, admin := admUser(t, ts, "_a", "UTC", true)
	admWant(t, "admin before", ac.get("/admin"), http.StatusOK)
	if err := env.Store.SetUserAdmin(context.Background(), db.SetUserAdminParams{ID: admin.ID, IsAdmin: false}); err != nil {
		t.Fatal(err)
	}
	admWant(t, "stale admin session", ac.get("/admin"), http.StatusForbidden, "for administrators")
	admWant(t, "stale admin session, htmx", ac.htmx("/admin/users"), http.StatusForbidden)

	// Signed-out visitors go to login first.
	anon := ts.client(t)
	r := anon.get("/admin/users?q=x")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login?next=") {
		t.Errorf("signed out: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = anon.htmx("/admin/cache")
	if r.Header.Get("HX-Redirect") == "" || !strings.HasPrefix(r.Header.Get("HX-Redirect"), "/login") {
		t.Errorf("signed out htmx: %d %q", r.StatusCode, r.Header.Get("HX-Redirect"))
	}
}

// admInputsLabelled checks that every visible form control has a label
// and every table header cell a scope.
var (
	admControl = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	admIDAttr  = regexp.MustCompile(`\bid="([^"]+)"`)
	admTH      = regexp.MustCompile(`<th\b[^>]*>`)
)

func admAccessible(t *testing.T, what, body string) {
	t.Helper()
	for _, m := range admControl.FindAllString(body, -1) {
		if strings.Contains(m, `type="hidden"`) {
			continue
		}
		id := admIDAttr.FindStringSubmatch(m)
		if id == nil || !strings.Contains(body, `<label for="`+id[1]+`"`) {
			t.Errorf("%s: control without a label: %s", what, m)
		}
	}
	for _, m := range admTH.FindAllString(body, -1) {
		if !strings.Contains(m, `scope="`) {
			t.Errorf("%s: header cell without scope: %s", what, m)
		}
	}
}

func TestAdminPagesWithoutJS(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	_, owner := admUser(t, ts, "_o", "Europe/Berlin", false)
	ev := admEvent(t, env.Store, owner.ID, "Page check", time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC), time.Date(2030, 3, 4, 10, 0, 0, 0, time.UTC))
	for _, p := range []string{
		"/admin", "/admin/users", "/admin/users?sort=events&dir=desc", "/admin/users/" + admID(owner.ID) + "/password",
		"/admin/users/" + admID(owner.ID) + "/calendars",
		"/admin/users/" + admID(owner.ID) + "/delete", "/admin/events", "/admin/events/" + admID(ev.ID),
		"/admin/events/" + admID(ev.ID) + "/edit", "/admin/events/" + admID(ev.ID) + "/delete", "/admin/cache", "/admin/audit",
	} {
		r := ac.get(p)
		admWant(t, p, r, http.StatusOK, "<html", `aria-label="Admin"`)
		if cc := r.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s: Cache-Control %q", p, cc)
		}
		if q := r.Header.Get("X-DB-Queries"); q == "0" {
			t.Errorf("%s: served without reading Postgres", p)
		}
		admAccessible(t, p, r.Body)
		// Every unsafe form is a plain form with its token.
		for _, f := range regexp.MustCompile(`(?s)<form\b[^>]*method="post".*?</form>`).FindAllString(r.Body, -1) {
			if !strings.Contains(f, `name="_csrf"`) {
				t.Errorf("%s: a post form without _csrf: %.200s", p, f)
			}
		}
	}
	// The users table and its row actions.
	r := ac.get("/admin/users?q=" + url.QueryEscape(owner.Username))
	admWant(t, "users", r, http.StatusOK, owner.Username, `action="/admin/users/`+admID(owner.ID)+`/deactivate"`,
		`action="/admin/users/`+admID(owner.ID)+`/grant"`, `hx-target="closest tr"`, `hx-swap="outerHTML"`, `hx-confirm=`,
		`<th scope="col"`, `<th scope="col">Calendars</th>`,
		`<a href="/admin/users/`+admID(owner.ID)+`/calendars">1 own · 0 shared<span class="visually-hidden">: calendars of `+owner.Username+`</span></a>`)
}

// TestAdminUsersCalendarCounts: each row of the users list counts the
// user's own calendars, those shared with them and the shares they gave,
// links them to the user's calendars page, and keeps them in a row an
// action re-renders; the counts cost the page no query.
func TestAdminUsersCalendarCounts(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	oc, owner := admUser(t, ts, "_o", "UTC", false)
	bc, bob := admUser(t, ts, "_b", "UTC", false)
	_, carol := admUser(t, ts, "_c", "UTC", false)
	list := "/admin/users?q=" + url.QueryEscape(strings.ToLower(t.Name())+"_") // the four of them
	before := ac.get(list)
	admWant(t, "before", before, http.StatusOK, "1–4 of 4 users", ">1 own · 0 shared<")
	queries := before.Header.Get("X-DB-Queries")

	family, work := calCreate(t, oc, "Family", "teal"), calCreate(t, oc, "Work", "green")
	for _, s := range []struct {
		c    *client
		cal  int64
		user string
	}{{oc, family, bob.Username}, {oc, family, carol.Username}, {oc, work, carol.Username}, {bc, calID(t, bob.ID, "Personal"), owner.Username}} {
		wantSeeOther(t, "share", s.c.post(calPath(s.cal, "/shares"), url.Values{"username": {s.user}, "role": {"view"}}),
			calPath(s.cal, "?done=shared"))
	}
	row := func(u db.User, text string) string {
		return `<a href="/admin/users/` + admID(u.ID) + `/calendars">` + text + `<span class="visually-hidden">: calendars of ` + u.Username + `</span></a>`
	}
	r := ac.get(list)
	admWant(t, "after", r, http.StatusOK, row(owner, "3 own · 1 shared · 3 shares given"),
		row(bob, "1 own · 1 shared · 1 share given"), row(carol, "1 own · 2 shared"))
	if got := r.Header.Get("X-DB-Queries"); got != queries || got == "" {
		t.Errorf("the users list ran %s queries, %s before the counts had anything to count", got, queries)
	}
	r = ac.get(list+"&sort=events", "HX-Request", "true", "HX-Target", "admin-results")
	admWant(t, "htmx results", r, http.StatusOK, row(carol, "1 own · 2 shared"))

	// A row an action re-renders keeps its counts.
	r = ac.post("/admin/users/"+admID(carol.ID)+"/deactivate", nil, "HX-Request", "true")
	admWant(t, "htmx row", r, http.StatusOK, `<tr id="admin-user-`+admID(carol.ID)+`"`, row(carol, "1 own · 2 shared"))
}

func TestAdminUsersSearchSortPage(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	prefix := fmt.Sprintf("pg%d", time.Now().UnixNano()%1e9)
	var users []db.User
	for i := range 52 {
		u := createUser(t, fmt.Sprintf("%s_%02d", prefix, i), admPassword, "UTC", false)
		users = append(users, u)
	}
	// users[7] has the most events, users[3] the second most.
	for i := range 3 {
		admEvent(t, env.Store, users[7].ID, "e", time.Date(2030, 1, 1+i, 9, 0, 0, 0, time.UTC), time.Date(2030, 1, 1+i, 10, 0, 0, 0, time.UTC))
	}
	admEvent(t, env.Store, users[3].ID, "e", time.Date(2030, 1, 1, 9, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 10, 0, 0, 0, time.UTC))

	r := ac.get("/admin/users?q=" + prefix)
	admWant(t, "page 1", r, http.StatusOK, "1–50 of 52 users", prefix+"_00", prefix+"_49", "Page 1 of 2", "Next page")
	if strings.Contains(r.Body, prefix+"_50<") {
		t.Error("page 1 shows row 51")
	}
	r = ac.get("/admin/users?q=" + prefix + "&page=2")
	admWant(t, "page 2", r, http.StatusOK, "51–52 of 52 users", prefix+"_50", prefix+"_51", "Previous page")

	// Sorted by events, descending: the busiest first.
	r = ac.get("/admin/users?q=" + prefix + "&sort=events&dir=desc")
	i7, i3, i0 := strings.Index(r.Body, prefix+"_07"), strings.Index(r.Body, prefix+"_03"), strings.Index(r.Body, prefix+"_00")
	if !(i7 >= 0 && i7 < i3 && i3 < i0) {
		t.Errorf("events desc order: %d %d %d", i7, i3, i0)
	}
	admWant(t, "sorted", r, http.StatusOK, `aria-sort="descending"`)
	// Username descending.
	r = ac.get("/admin/users?q=" + prefix + "&sort=username&dir=desc")
	if a, b := strings.Index(r.Body, prefix+"_51"), strings.Index(r.Body, prefix+"_40"); !(a >= 0 && a < b) {
		t.Errorf("username desc order: %d %d", a, b)
	}
	// Unknown sort keys fall back; the page still works.
	admWant(t, "bad sort", ac.get("/admin/users?q="+prefix+"&sort=password_hash;drop&dir=sideways"), http.StatusOK, prefix+"_00")
	// LIKE metacharacters are literal.
	admWant(t, "percent", ac.get("/admin/users?q=%25"), http.StatusOK, "No users")
	r = ac.get("/admin/users?q=" + url.QueryEscape(prefix+"_0"))
	admWant(t, "underscore", r, http.StatusOK, "1–10 of 10 users")
	// Search by email.
	if _, err := env.Store.UpdateUserSettings(context.Background(), db.UpdateUserSettingsParams{
		ID: users[5].ID, Email: prefix + "-mail@example.org", Timezone: "UTC", WeekStart: 1}); err != nil {
		t.Fatal(err)
	}
	admWant(t, "email", ac.get("/admin/users?q="+prefix+"-MAIL"), http.StatusOK, "1–1 of 1 users", prefix+"_05")

	// htmx search answers with only the results region.
	r = ac.get("/admin/users?q="+prefix+"&page=2", "HX-Request", "true", "HX-Target", "admin-results")
	admWant(t, "htmx results", r, http.StatusOK, `id="admin-results"`, prefix+"_51")
	if strings.Contains(r.Body, "<html") || strings.Contains(r.Body, `role="search"`) {
		t.Error("htmx results carry the page")
	}
}

func TestAdminDeactivateEndsSessions(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "UTC", true)
	uc, u := admUser(t, ts, "_u", "UTC", false)
	admWant(t, "user signed in", uc.get("/settings"), http.StatusOK)

	// Without JS: 303 back to the list, query kept.
	ret := "q=" + url.QueryEscape(u.Username) + "&sort=email&dir=desc&page=1&evil=x"
	r := ac.post("/admin/users/"+admID(u.ID)+"/deactivate", url.Values{"return": {ret}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d %s", r.StatusCode, r.Body)
	}
	loc, _ := url.Parse(r.Header.Get("Location"))
	if loc.Path != "/admin/users" || loc.Query().Get("q") != u.Username || loc.Query().Get("sort") != "email" ||
		loc.Query().Get("dir") != "desc" || loc.Query().Get("done") != "deactivate" || loc.Query().Has("evil") {
		t.Errorf("redirect to %q", r.Header.Get("Location"))
	}
	admWant(t, "list after", ac.get(loc.String()), http.StatusOK, "deactivated", u.Username)
	if got, _ := admGetUser(t, u.ID); got.IsActive {
		t.Error("still active")
	}
	if n := admAudits(t, env.Store, admin.ID, "user.deactivate", u.ID); n != 1 {
		t.Errorf("%d audit rows", n)
	}
	// The user's open session has ended; they cannot sign in again.
	r = uc.get("/settings")
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
		t.Errorf("deactivated user's next request: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	uc.get("/login")
	if r := uc.post("/login", url.Values{"username": {u.Username}, "password": {admPassword}}); r.StatusCode == http.StatusSeeOther {
		t.Error("a deactivated user signed in")
	}

	// With htmx: the row comes back in place, showing the new state.
	r = ac.post("/admin/users/"+admID(u.ID)+"/activate", url.Values{"return": {"q=x"}}, "HX-Request", "true")
	admWant(t, "htmx activate", r, http.StatusOK, `<tr id="admin-user-`+admID(u.ID)+`"`, "/deactivate", `name="return" value="q=x`)
	if strings.Contains(r.Body, "<html") {
		t.Error("htmx activate answered a page")
	}
	if got, _ := admGetUser(t, u.ID); !got.IsActive {
		t.Error("not active again")
	}
	if n := admAudits(t, env.Store, admin.ID, "user.activate", u.ID); n != 1 {
		t.Errorf("%d activate audit rows", n)
	}
	uc.login(u.Username, admPassword)
}

func TestAdminGrantRevokeAndSelf(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "UTC", true)
	uc, u := admUser(t, ts, "_u", "UTC", false)
	createUser(t, uniqueName(t)+"_b", admPassword, "UTC", true) // not the last admin

	r := ac.post("/admin/users/"+admID(u.ID)+"/grant", nil, "HX-Request", "true")
	admWant(t, "grant", r, http.StatusOK, "/revoke")
	if got, _ := admGetUser(t, u.ID); !got.IsAdmin {
		t.Error("not admin")
	}
	if n := admAudits(t, env.Store, admin.ID, "user.grant", u.ID); n != 1 {
		t.Errorf("%d grant audit rows", n)
	}
	// The new admin signs in again and has the rights.
	if r := uc.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("grant kept the old session: %d", r.StatusCode)
	}
	uc.login(u.Username, admPassword)
	admWant(t, "new admin", uc.get("/admin/audit"), http.StatusOK, "user.grant")

	r = ac.post("/admin/users/"+admID(u.ID)+"/revoke", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.StatusCode)
	}
	if got, _ := admGetUser(t, u.ID); got.IsAdmin {
		t.Error("still admin")
	}
	if n := admAudits(t, env.Store, admin.ID, "user.revoke", u.ID); n != 1 {
		t.Errorf("%d revoke audit rows", n)
	}
	if r := uc.get("/admin"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("revoked admin's session still open: %d", r.StatusCode)
	}

	// An admin cannot demote, deactivate or delete themselves.
	for _, act := range []string{"revoke", "deactivate", "delete"} {
		r := ac.post("/admin/users/"+admID(admin.ID)+"/"+act, url.Values{"return": {"sort=joined"}})
		admWant(t, "self "+act+" (plain)", r, http.StatusForbidden, "your own", `<table`)
		r = ac.post("/admin/users/"+admID(admin.ID)+"/"+act, nil, "HX-Request", "true")
		admWant(t, "self "+act+" (htmx)", r, http.StatusForbidden, `<tr id="admin-user-`+admID(admin.ID)+`"`, `role="alert"`, "your own")
		if n := admAudits(t, env.Store, admin.ID, "user."+act, admin.ID); n != 0 {
			t.Errorf("refused %s was audited", act)
		}
	}
	admWant(t, "self delete confirm", ac.get("/admin/users/"+admID(admin.ID)+"/delete"), http.StatusForbidden)
	got, err := admGetUser(t, admin.ID)
	if err != nil || !got.IsAdmin || !got.IsActive {
		t.Errorf("admin changed: %+v %v", got, err)
	}
	admWant(t, "still signed in", ac.get("/admin"), http.StatusOK)
}

// admPrivateServer runs a server on a database of its own, so the test
// knows every admin there is.
func admPrivateServer(t *testing.T) (*testServer, *testsupport.Env) {
	t.Helper()
	e, err := testsupport.Setup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Close(context.Background()) })
	ts := startServer(t, func(d *Deps) {
		d.Config, d.Store, d.Redis, d.SessRedis = e.Config, e.Store, e.Redis, e.SessRedis
	})
	return ts, e
}

func admPrivateUser(t *testing.T, ts *testServer, e *testsupport.Env, name string, admin bool) (*client, db.User) {
	t.Helper()
	hash, err := accounts.HashPassword(admPassword, 4)
	if err != nil {
		t.Fatal(err)
	}
	u, err := e.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name, PasswordHash: hash, Timezone: "UTC", IsAdmin: admin})
	if err != nil {
		t.Fatal(err)
	}
	c := ts.client(t)
	c.login(name, admPassword)
	c.get("/admin")
	return c, u
}

func TestAdminLastAdmin(t *testing.T) {
	ts, e := admPrivateServer(t)
	ac, admin := admPrivateUser(t, ts, e, "only_admin", true)

	for _, act := range []string{"revoke", "deactivate", "delete"} {
		r := ac.post("/admin/users/"+admID(admin.ID)+"/"+act, nil)
		admWant(t, "last admin "+act, r, http.StatusConflict, "last active administrator")
		r = ac.post("/admin/users/"+admID(admin.ID)+"/"+act, nil, "HX-Request", "true")
		admWant(t, "last admin "+act+" (htmx)", r, http.StatusConflict, "<tr", "last active administrator")
	}
	n, err := e.Store.CountAdmins(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("admins: %d %v", n, err)
	}

	// Two admins demoting each other at once: one wins, one admin is left.
	bc, b := admPrivateUser(t, ts, e, "second_admin", true)
	var wg sync.WaitGroup
	for _, p := range []struct {
		c      *client
		target int64
	}{{ac, b.ID}, {bc, admin.ID}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.c.post("/admin/users/"+admID(p.target)+"/revoke", nil)
		}()
	}
	wg.Wait()
	if n, _ := e.Store.CountAdmins(context.Background()); n != 1 {
		t.Errorf("after a crossed demotion %d active admins", n)
	}
}

func TestAdminSetPassword(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "UTC", true)
	uc, u := admUser(t, ts, "_u", "UTC", false)
	path := "/admin/users/" + admID(u.ID) + "/password"

	admWant(t, "form", ac.get(path+"?return="+url.QueryEscape("q=abc")), http.StatusOK, `type="password"`, `value="q=abc&amp;sort=username"`)
	r := ac.post(path, url.Values{"password": {"password1"}, "password_confirm": {"password1"}})
	admWant(t, "weak", r, http.StatusUnprocessableEntity, "at least 10 characters")
	r = ac.post(path, url.Values{"password": {"lantern orbit mosaic 47"}, "password_confirm": {"lantern orbit mosaic 48"}})
	admWant(t, "mismatch", r, http.StatusUnprocessableEntity, "not the same")
	if n := admAudits(t, env.Store, admin.ID, "user.password", u.ID); n != 0 {
		t.Error("refused password audited")
	}

	r = ac.post(path, url.Values{"password": {"lantern orbit mosaic 47"}, "password_confirm": {"lantern orbit mosaic 47"}, "return": {"q=abc"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/users?q=abc&sort=username&done=password" {
		t.Fatalf("set: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if n := admAudits(t, env.Store, admin.ID, "user.password", u.ID); n != 1 {
		t.Errorf("%d password audit rows", n)
	}
	if r := uc.get("/settings"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("old session survived: %d", r.StatusCode)
	}
	uc.login(u.Username, "lantern orbit mosaic 47")
}

func TestAdminDeleteUser(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	ac, admin := admUser(t, ts, "", "UTC", true)
	uc, u := admUser(t, ts, "_u", "UTC", false)
	ev := admEvent(t, env.Store, u.ID, "Doomed", time.Date(2030, 5, 6, 9, 0, 0, 0, time.UTC), time.Date(2030, 5, 6, 10, 0, 0, 0, time.UTC))
	// Fill the user's cache: month, upcoming and the event.
	admWant(t, "month", uc.htmx("/calendar?view=month&date=2030-05-06"), http.StatusOK, "Doomed")
	admWant(t, "event", uc.get("/events/"+admID(ev.ID)), http.StatusOK, "Doomed")
	if n, _ := env.Redis.Exists(ctx, env.Prefix+"events_date_"+admID(u.ID)+"_2030-05-06").Result(); n != 1 {
		t.Fatalf("date key not cached (%d)", n)
	}

	// Without JS: the confirmation page, then the post.
	conf := ac.get("/admin/users/" + admID(u.ID) + "/delete?return=" + url.QueryEscape("q="+u.Username))
	admWant(t, "confirm", conf, http.StatusOK, "Delete "+u.Username+"?", "1 event", `action="/admin/users/`+admID(u.ID)+`/delete"`)
	r := ac.post("/admin/users/"+admID(u.ID)+"/delete", url.Values{"return": {"q=" + u.Username}})
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "done=delete") {
		t.Fatalf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if _, err := admGetUser(t, u.ID); err != db.ErrNotFound {
		t.Errorf("user still there: %v", err)
	}
	if n := evCount(t, u.ID); n != 0 {
		t.Errorf("%d events left", n)
	}
	if n := admAudits(t, env.Store, admin.ID, "user.delete", u.ID); n != 1 {
		t.Errorf("%d delete audit rows", n)
	}
	// Their session is gone, and nothing cached of theirs is served again.
	if r := uc.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("deleted user's session: %d", r.StatusCode)
	}
	if n, _ := env.Redis.Exists(ctx, env.Prefix+"upcoming_events_"+admID(u.ID)).Result(); n != 0 {
		t.Error("upcoming key left")
	}
	loads := 0
	got, err := ts.H.cache.Event(ctx, u.ID, ev.ID, func(context.Context) (cache.Record, error) {
		loads++
		return cache.Record{}, db.ErrNotFound
	})
	if loads != 1 || err == nil || got.Title == "Doomed" {
		t.Errorf("cached event served after the delete: loads %d, %q, %v", loads, got.Title, err)
	}
	days, err := ts.H.cache.Days(ctx, u.ID, []string{"2030-05-06"}, func(_ context.Context, missing []string) (map[string][]db.Event, error) {
		loads++
		return map[string][]db.Event{}, nil
	})
	if err != nil || loads != 2 || len(days["2030-05-06"]) != 0 {
		t.Errorf("cached day served after the delete: loads %d, %v, %v", loads, days, err)
	}

	// With htmx: the row goes (empty answer).
	_, v := admUser(t, ts, "_v", "UTC", false)
	r = ac.post("/admin/users/"+admID(v.ID)+"/delete", nil, "HX-Request", "true")
	if r.StatusCode != http.StatusOK || strings.TrimSpace(r.Body) != "" {
		t.Errorf("htmx delete: %d %q", r.StatusCode, r.Body)
	}
	if _, err := admGetUser(t, v.ID); err != db.ErrNotFound {
		t.Error("htmx delete left the user")
	}
}

func TestAdminEditEventInvalidatesOwnerCache(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "Asia/Tokyo", true)
	oc, owner := admUser(t, ts, "_o", "Europe/Berlin", false)
	ev := admEvent(t, env.Store, owner.ID, "Before edit", time.Date(2030, 6, 10, 7, 0, 0, 0, time.UTC), time.Date(2030, 6, 10, 8, 0, 0, 0, time.UTC))
	month := "/calendar?view=month&date=2030-06-01"
	admWant(t, "owner month", oc.htmx(month), http.StatusOK, "Before edit")
	if r := oc.htmx(month); r.Header.Get("X-DB-Queries") != "0" {
		t.Fatalf("second month read ran %s queries (not cached)", r.Header.Get("X-DB-Queries"))
	}

	path := "/admin/events/" + admID(ev.ID)
	// The form shows the owner's local times and zone.
	admWant(t, "edit form", ac.get(path+"/edit"), http.StatusOK, `value="2030-06-10T09:00"`, "Europe/Berlin", `action="`+path+`"`, `value="Before edit"`)
	admWant(t, "details", ac.get(path), http.StatusOK, "Before edit", owner.Username, "Europe/Berlin", "09:00–10:00")

	// A refused edit changes nothing and keeps the input.
	bad := evForm("", "2030-06-12T09:00", "2030-06-12T10:00")
	bad.Set("location", "Kept")
	admWant(t, "refused", ac.post(path, bad), http.StatusUnprocessableEntity, `value="Kept"`, "Enter a title")
	if got := evMustStored(t, ev.ID, owner.ID); got.Title != "Before edit" {
		t.Errorf("refused edit stored %q", got.Title)
	}

	// Moved to another day, in the owner's zone.
	r := ac.post(path, evForm("After edit", "2030-06-12T09:00", "2030-06-12T10:30"))
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != path+"?done=saved" {
		t.Fatalf("update: %d %q %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	got := evMustStored(t, ev.ID, owner.ID)
	if got.Title != "After edit" || !got.StartsAt.Equal(time.Date(2030, 6, 12, 7, 0, 0, 0, time.UTC)) || got.UserID != owner.ID {
		t.Errorf("stored %+v", got)
	}
	if n := admAudits(t, env.Store, admin.ID, "event.update", ev.ID); n != 1 {
		t.Errorf("%d update audit rows", n)
	}
	// The owner's very next fragment shows the change.
	r = oc.htmx(month)
	admWant(t, "owner month after", r, http.StatusOK, "After edit")
	if strings.Contains(r.Body, "Before edit") {
		t.Error("owner's month is stale")
	}
	admWant(t, "owner details", oc.get("/events/"+admID(ev.ID)), http.StatusOK, "After edit")

	// htmx post: HX-Redirect to the details.
	r = ac.post(path, evForm("Via htmx", "2030-06-12T09:00", "2030-06-12T10:30"), "HX-Request", "true")
	if r.Header.Get("HX-Redirect") != path+"?done=saved" {
		t.Errorf("htmx update: %d %q", r.StatusCode, r.Header.Get("HX-Redirect"))
	}
	admWant(t, "owner month after htmx", oc.htmx(month), http.StatusOK, "Via htmx")
	admWant(t, "missing", ac.get("/admin/events/999999999"), http.StatusNotFound)
}

func TestAdminDeleteEvent(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "UTC", true)
	oc, owner := admUser(t, ts, "_o", "America/New_York", false)
	ev := admEvent(t, env.Store, owner.ID, "Doomed meeting", time.Date(2030, 2, 3, 15, 0, 0, 0, time.UTC), time.Date(2030, 2, 3, 16, 0, 0, 0, time.UTC))
	day := "/events?date=2030-02-03"
	admWant(t, "owner day", oc.get(day), http.StatusOK, "Doomed meeting")

	path := "/admin/events/" + admID(ev.ID)
	admWant(t, "confirm", ac.get(path+"/delete?return="+url.QueryEscape("owner="+owner.Username)), http.StatusOK, "Doomed meeting", owner.Username,
		`value="owner=`+owner.Username+`"`)
	r := ac.post(path+"/delete", url.Values{"return": {"owner=" + owner.Username}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/events?owner="+owner.Username+"&done=delete" {
		t.Fatalf("delete: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if _, err := evStored(t, ev.ID, owner.ID); err != db.ErrNotFound {
		t.Error("event still stored")
	}
	if n := admAudits(t, env.Store, admin.ID, "event.delete", ev.ID); n != 1 {
		t.Errorf("%d delete audit rows", n)
	}
	if r := oc.get(day); strings.Contains(r.Body, "Doomed meeting") {
		t.Error("owner's day is stale")
	}

	ev2 := admEvent(t, env.Store, owner.ID, "Second", time.Date(2030, 2, 4, 15, 0, 0, 0, time.UTC), time.Date(2030, 2, 4, 16, 0, 0, 0, time.UTC))
	r = ac.post("/admin/events/"+admID(ev2.ID)+"/delete", nil, "HX-Request", "true")
	if r.StatusCode != http.StatusOK || strings.TrimSpace(r.Body) != "" {
		t.Errorf("htmx delete: %d %q", r.StatusCode, r.Body)
	}
	if _, err := evStored(t, ev2.ID, owner.ID); err != db.ErrNotFound {
		t.Error("htmx delete left the event")
	}
}

func TestAdminEventsFilters(t *testing.T) {
	ts := startServer(t)
	ac, _ := admUser(t, ts, "", "UTC", true)
	_, ny := admUser(t, ts, "_ny", "America/New_York", false)
	_, tk := admUser(t, ts, "_tk", "Asia/Tokyo", false)
	// 23:30 on 1 Jan in New York is 04:30 on 2 Jan in UTC.
	admEvent(t, env.Store, ny.ID, "Late party", time.Date(2030, 1, 2, 4, 30, 0, 0, time.UTC), time.Date(2030, 1, 2, 4, 45, 0, 0, time.UTC))
	admEvent(t, env.Store, tk.ID, "Tokyo 100% match", time.Date(2030, 1, 1, 1, 0, 0, 0, time.UTC), time.Date(2030, 1, 1, 2, 0, 0, 0, time.UTC))
	for i := range 51 {
		admEvent(t, env.Store, tk.ID, fmt.Sprintf("Filler %02d", i), time.Date(2031, 3, 1+i%28, 1, 0, 0, 0, time.UTC), time.Date(2031, 3, 1+i%28, 2, 0, 0, 0, time.UTC))
	}

	r := ac.get("/admin/events?owner=" + url.QueryEscape(strings.ToUpper(ny.Username)))
	admWant(t, "owner", r, http.StatusOK, "Late party", "1–1 of 1 events", "America/New_York", "Tue 1 Jan 2030, 23:30–23:45",
		`<th scope="col">Calendar</th>`, `<td class="admin-wrap">Personal</td>`)
	r = ac.get("/admin/events?owner=" + ny.Username + "&from=2030-01-01&to=2030-01-01")
	admWant(t, "owner's day", r, http.StatusOK, "Late party")
	r = ac.get("/admin/events?owner=" + ny.Username + "&from=2030-01-02")
	admWant(t, "not the owner's next day", r, http.StatusOK, "No events")
	r = ac.get("/admin/events?q=" + url.QueryEscape("100%") + "&owner=" + tk.Username)
	admWant(t, "text", r, http.StatusOK, "Tokyo 100% match", "1–1 of 1 events")
	admWant(t, "text percent literal", ac.get("/admin/events?owner="+tk.Username+"&q=%25%25"), http.StatusOK, "No events")
	r = ac.get("/admin/events?owner=" + tk.Username + "&from=2031-01-01")
	admWant(t, "page 1", r, http.StatusOK, "1–50 of 51 events", "Next page")
	r = ac.get("/admin/events?owner=" + tk.Username + "&from=2031-01-01&page=2")
	admWant(t, "page 2", r, http.StatusOK, "51–51 of 51 events")
	admWant(t, "bad day", ac.get("/admin/events?from=2030-13-45"), http.StatusUnprocessableEntity, "Enter a day like")
	admWant(t, "reversed", ac.get("/admin/events?from=2030-02-01&to=2030-01-01"), http.StatusUnprocessableEntity, "cannot be before")
}

func TestAdminCachePage(t *testing.T) {
	ts := startServer(t)
	ctx := context.Background()
	ac, admin := admUser(t, ts, "", "UTC", true)
	uc, u := admUser(t, ts, "_u", "UTC", false)
	admEvent(t, env.Store, u.ID, "Cached", time.Date(2030, 7, 1, 9, 0, 0, 0, time.UTC), time.Date(2030, 7, 1, 10, 0, 0, 0, time.UTC))
	uc.htmx("/calendar?view=month&date=2030-07-01")
	uc.htmx("/calendar?view=month&date=2030-07-01")

	r := ac.get("/admin/cache")
	counts := ts.H.cache.Counts()
	keys, err := ts.H.cache.CountKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, fam := range []string{"upcoming", "date", "event", "search"} {
		hm := counts[fam]
		row := fmt.Sprintf(`<th scope="row">%s</th><td class="num">%d</td><td class="num">%d</td>`, fam, hm[0], hm[1])
		admWant(t, "cache "+fam, r, http.StatusOK, row)
	}
	if counts["date"][0] == 0 || counts["date"][1] == 0 {
		t.Errorf("no date hits and misses counted: %v", counts["date"])
	}
	admWant(t, "keys", r, http.StatusOK, fmt.Sprintf(`<td class="num">%d</td></tr>`, keys["date"]), "Hit ratio", "%")

	// Drop one user's cache: their next read is a miss.
	admWant(t, "unknown user", ac.post("/admin/cache/drop-user", url.Values{"username": {"no_such_user_x"}}), http.StatusUnprocessableEntity, "no user")
	r = ac.post("/admin/cache/drop-user", url.Values{"username": {strings.ToUpper(u.Username)}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/admin/cache?done=drop-user" {
		t.Fatalf("drop user: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	if q := uc.htmx("/calendar?view=month&date=2030-07-01").Header.Get("X-DB-Queries"); q == "0" {
		t.Error("dropped user's month served from the cache")
	}
	if n := admAudits(t, env.Store, admin.ID, "cache.drop_user", u.ID); n != 1 {
		t.Errorf("%d drop-user audit rows", n)
	}

	// Drop everything: no cached value is left, sessions stay.
	uc.htmx("/calendar?view=month&date=2030-07-01")
	r = ac.post("/admin/cache/drop-all", nil)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/admin/cache?done=drop-all") {
		t.Fatalf("drop all: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	for _, fam := range []string{"upcoming_events_", "events_date_", "event_", "search_"} {
		if ks, _ := env.Redis.Keys(ctx, env.Prefix+fam+"*").Result(); len(ks) != 0 {
			t.Errorf("%d %s keys left", len(ks), fam)
		}
	}
	if n := admAudits(t, env.Store, admin.ID, "cache.drop_all", 0); n != 1 {
		t.Errorf("%d drop-all audit rows", n)
	}
	admWant(t, "after drop all", ac.get(r.Header.Get("Location")), http.StatusOK, "Every cached value is dropped")
	admWant(t, "user still signed in", uc.get("/settings"), http.StatusOK)
}

func TestAdminAuditPage(t *testing.T) {
	ts := startServer(t)
	ac, admin := admUser(t, ts, "", "UTC", true)
	_, u := admUser(t, ts, "_u", "UTC", false)
	ac.post("/admin/users/"+admID(u.ID)+"/deactivate", nil)
	ac.post("/admin/users/"+admID(u.ID)+"/activate", nil)

	r := ac.get("/admin/audit")
	admWant(t, "audit", r, http.StatusOK, admin.Username, "user.activate", "user.deactivate", "user "+admID(u.ID), html.EscapeString(u.Username))
	if a, d := strings.Index(r.Body, "user.activate"), strings.Index(r.Body, "user.deactivate"); a > d {
		t.Error("audit not newest first")
	}
	var total int
	if err := env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM admin_audit`).Scan(&total); err != nil {
		t.Fatal(err)
	}
	if total > adminPageSize {
		admWant(t, "audit pager", r, http.StatusOK, "Next page")
	}
	// The audit row of a change shares its transaction: the actor, target
	// and detail are recorded.
	var actor, detail string
	if err := env.Pool.QueryRow(context.Background(),
		`SELECT actor_username, detail FROM admin_audit WHERE action = 'user.deactivate' AND target_id = $1`, u.ID).Scan(&actor, &detail); err != nil {
		t.Fatal(err)
	}
	if actor != admin.Username || detail != u.Username {
		t.Errorf("audit row: %q %q", actor, detail)
	}
}
