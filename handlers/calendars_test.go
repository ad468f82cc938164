package handlers

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
)

// calID is the id of uid's calendar called name (own or shared).
func calID(t *testing.T, uid int64, name string) int64 {
	t.Helper()
	rows, err := env.Store.ListCalendars(context.Background(), uid)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("user %d has no calendar %q", uid, name)
	return 0
}

var calCreatedRE = regexp.MustCompile(`^/calendars/(\d+)\?done=created$`)

// calCreate makes a calendar through the form and returns its id.
func calCreate(t *testing.T, c *client, name, color string) int64 {
	t.Helper()
	r := c.post("/calendars", url.Values{"name": {name}, "color": {color}})
	m := calCreatedRE.FindStringSubmatch(r.Header.Get("Location"))
	if r.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create calendar %q: status %d, Location %q, body %.300s", name, r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

// calPath is a calendar's address with a suffix.
func calPath(id int64, suffix string) string {
	return "/calendars/" + strconv.FormatInt(id, 10) + suffix
}

// wantStatus fails unless r has the status.
func wantStatus(t *testing.T, what string, r *response, status int) {
	t.Helper()
	if r.StatusCode != status {
		t.Fatalf("%s: status %d, want %d; body %.400s", what, r.StatusCode, status, r.Body)
	}
}

// wantSeeOther fails unless r is a 303 to loc.
func wantSeeOther(t *testing.T, what string, r *response, loc string) {
	t.Helper()
	wantStatus(t, what, r, http.StatusSeeOther)
	if got := r.Header.Get("Location"); got != loc {
		t.Fatalf("%s: Location %q, want %q", what, got, loc)
	}
}

func wantBody(t *testing.T, what string, r *response, parts ...string) {
	t.Helper()
	body := html.UnescapeString(r.Body)
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s: the page lacks %q", what, p)
		}
	}
}

func wantNoBody(t *testing.T, what string, r *response, parts ...string) {
	t.Helper()
	body := html.UnescapeString(r.Body)
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s: the page has %q", what, p)
		}
	}
}

func TestCalendarsCreateRenameDelete(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "Europe/Berlin", "")

	r := c.get("/calendars")
	wantStatus(t, "list", r, http.StatusOK)
	wantBody(t, "list", r, `<a href="/calendars" aria-current="page">Calendars</a>`, "Personal", `name="name"`, `name="color"`)
	personal := calID(t, u.ID, "Personal")

	r = c.post("/calendars", url.Values{"name": {"  "}, "color": {"green"}})
	wantStatus(t, "empty name", r, http.StatusUnprocessableEntity)
	wantBody(t, "empty name", r, "Enter a name.", `<option value="green" selected>`)
	long := strings.Repeat("x", 101)
	r = c.post("/calendars", url.Values{"name": {long}, "color": {"red"}})
	wantStatus(t, "long name", r, http.StatusUnprocessableEntity)
	wantBody(t, "long name", r, `value="`+long+`"`, `aria-invalid="true"`)
	r = c.post("/calendars", url.Values{"name": {"Work"}, "color": {"pink"}})
	wantStatus(t, "bad colour", r, http.StatusUnprocessableEntity)
	wantBody(t, "bad colour", r, "Choose one of the listed colours.", `value="Work"`)

	work := calCreate(t, c, "Work", "green")
	r = c.get(calPath(work, "?done=created"))
	wantStatus(t, "page", r, http.StatusOK)
	wantBody(t, "page", r, "<h1>", "Work", "The calendar is made.", "Nobody yet.", `href="`+calPath(work, ".ics")+`"`,
		`href="`+calPath(work, "/delete")+`"`)

	r = c.post(calPath(work, ""), url.Values{"name": {""}, "color": {"teal"}})
	wantStatus(t, "rename empty", r, http.StatusUnprocessableEntity)
	wantBody(t, "rename empty", r, "Enter a name.", `<option value="teal" selected>`)
	wantSeeOther(t, "rename", c.post(calPath(work, ""), url.Values{"name": {"Office <b>"}, "color": {"purple"}}), calPath(work, "?done=saved"))
	r = c.get("/calendars")
	wantBody(t, "renamed", r, "Office <b>", "swatch-purple")
	if strings.Contains(r.Body, "Office <b>") {
		t.Error("the name is not escaped")
	}

	// The last own calendar is never deleted; another one is.
	r = c.get(calPath(personal, "/delete"))
	wantStatus(t, "confirm with two", r, http.StatusOK)
	wantBody(t, "confirm with two", r, "Delete calendar</button>")
	wantSeeOther(t, "delete", c.post(calPath(work, "/delete"), nil), "/calendars?done=deleted")
	wantStatus(t, "deleted page", c.get(calPath(work, "")), http.StatusNotFound)
	r = c.get(calPath(personal, ""))
	wantBody(t, "last page", r, "This is your only calendar of your own")
	wantNoBody(t, "last page", r, calPath(personal, "/delete"))
	r = c.get(calPath(personal, "/delete"))
	wantStatus(t, "confirm last", r, http.StatusOK)
	wantBody(t, "confirm last", r, "This is your only calendar of your own")
	wantNoBody(t, "confirm last", r, "Delete calendar</button>")
	r = c.post(calPath(personal, "/delete"), nil)
	wantStatus(t, "delete last", r, http.StatusConflict)
	wantBody(t, "delete last", r, "This is your only calendar of your own")
	calID(t, u.ID, "Personal")
}

func TestCalendarVisibility(t *testing.T) {
	ts := startServer(t)
	c, u := evUser(t, ts, "UTC", "")
	work := calCreate(t, c, "Work", "green")
	form := evForm("Standup", "2025-06-11T09:00", "2025-06-11T09:15")
	form.Set("calendar", strconv.FormatInt(work, 10))
	evCreate(t, c, form)
	day := "/events?date=2025-06-11"
	wantBody(t, "shown", c.get(day), "Standup")
	switchRE := regexp.MustCompile(`(?s)<form id="cal-switch-` + strconv.FormatInt(work, 10) + `".*?</form>`)

	// Without JS: a plain form and 303 back.
	wantSeeOther(t, "hide", c.post(calPath(work, "/visible"), nil), "/calendars")
	sw := switchRE.FindString(c.get("/calendars").Body)
	if !strings.Contains(sw, `aria-checked="false"`) || !strings.Contains(sw, `name="visible" value="on"`) {
		t.Errorf("the hidden calendar's switch: %s", sw)
	}
	wantNoBody(t, "hidden", c.get(day), "Standup")
	wantSeeOther(t, "show", c.post(calPath(work, "/visible"), url.Values{"visible": {"on"}}), "/calendars")
	wantBody(t, "shown again", c.get(day), "Standup")

	// With htmx: the new switch and the live region's message.
	r := evSend(c, http.MethodPost, calPath(work, "/visible"), nil, "HX-Request", "true")
	wantStatus(t, "htmx hide", r, http.StatusOK)
	if strings.Contains(r.Body, "<html") || !strings.Contains(r.Body, `aria-checked="false"`) ||
		!strings.Contains(r.Body, `hx-swap-oob="innerHTML"`) || !strings.Contains(html.UnescapeString(r.Body), "“Work” is hidden") {
		t.Errorf("htmx hide answered %s", r.Body)
	}
	wantNoBody(t, "hidden by htmx", c.get(day), "Standup")
	r = evSend(c, http.MethodPost, calPath(work, "/visible"), url.Values{"visible": {"on"}}, "HX-Request", "true")
	if !strings.Contains(r.Body, `aria-checked="true"`) {
		t.Errorf("htmx show answered %s", r.Body)
	}
	wantBody(t, "shown by htmx", c.get(day), "Standup")
	_ = u
}

// setEmail gives a user an email address.
func setEmail(t *testing.T, u db.User, email string) {
	t.Helper()
	if _, err := env.Store.UpdateUserSettings(context.Background(), db.UpdateUserSettingsParams{
		ID: u.ID, Email: email, Timezone: u.Timezone, WeekStart: u.WeekStart}); err != nil {
		t.Fatal(err)
	}
}

func TestCalendarSharing(t *testing.T) {
	ts := startServer(t)
	owner, uo := evUser(t, ts, "UTC", "_o")
	bob, ub := evUser(t, ts, "UTC", "_b")
	carol, uc := evUser(t, ts, "UTC", "_c")
	email := strconv.FormatInt(uc.ID, 10) + "-carol@example.org"
	setEmail(t, uc, email)
	work := calCreate(t, owner, "Work", "green")

	share := func(login, role string) *response {
		return owner.post(calPath(work, "/shares"), url.Values{"username": {login}, "role": {role}})
	}
	wantSeeOther(t, "share by username", share(ub.Username, "view"), calPath(work, "?done=shared"))
	wantSeeOther(t, "share by email", share(strings.ToUpper(email), "edit"), calPath(work, "?done=shared"))
	r := owner.get(calPath(work, ""))
	wantBody(t, "owner's page", r, ub.Username, uc.Username, calPath(work, "/shares/"+strconv.FormatInt(ub.ID, 10)+"/delete"))

	r = share("nobody-"+ub.Username, "view")
	wantStatus(t, "unknown user", r, http.StatusUnprocessableEntity)
	wantBody(t, "unknown user", r, "There is no one called", `value="nobody-`+ub.Username+`"`)
	r = share(ub.Username, "admin")
	wantStatus(t, "bad role", r, http.StatusUnprocessableEntity)

	r = bob.get("/calendars")
	wantBody(t, "bob's list", r, "Work", uo.Username, "Can view")
	r = bob.get(calPath(work, ""))
	wantStatus(t, "bob's page", r, http.StatusOK)
	wantBody(t, "bob's page", r, "Leave this calendar", calPath(work, ".ics"), "Can view")
	wantNoBody(t, "bob's page", r, `name="name"`, "Share with someone")

	// A view sharee may not do the owner's things.
	for _, p := range []struct {
		path string
		form url.Values
	}{
		{calPath(work, ""), url.Values{"name": {"Mine"}, "color": {"red"}}},
		{calPath(work, ""), url.Values{"name": {""}}},
		{calPath(work, "/shares"), url.Values{"username": {ub.Username}, "role": {"edit"}}},
		{calPath(work, "/shares"), url.Values{"username": {""}}},
		{calPath(work, "/shares/"+strconv.FormatInt(uc.ID, 10)+"/delete"), nil},
		{calPath(work, "/delete"), nil},
	} {
		wantStatus(t, "sharee POST "+p.path, bob.post(p.path, p.form), http.StatusForbidden)
	}
	wantStatus(t, "sharee delete page", bob.get(calPath(work, "/delete")), http.StatusForbidden)
	wantStatus(t, "owner leaves", owner.post(calPath(work, "/leave"), nil), http.StatusForbidden)

	// Role change: the same user again.
	wantSeeOther(t, "role change", share(ub.Username, "edit"), calPath(work, "?done=shared"))
	wantBody(t, "bob's list after", bob.get("/calendars"), "Can edit")

	// Unshare and leave.
	wantSeeOther(t, "unshare", owner.post(calPath(work, "/shares/"+strconv.FormatInt(uc.ID, 10)+"/delete"), nil), calPath(work, "?done=unshared"))
	wantStatus(t, "carol after unshare", carol.get(calPath(work, "")), http.StatusNotFound)
	wantSeeOther(t, "leave", bob.post(calPath(work, "/leave"), nil), "/calendars?done=left")
	wantStatus(t, "bob after leaving", bob.get(calPath(work, "")), http.StatusNotFound)
	wantNoBody(t, "owner's page after", owner.get(calPath(work, "")), ub.Username, uc.Username)
}
