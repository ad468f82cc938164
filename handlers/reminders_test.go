package handlers

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// The event form's Reminders: five selects and a custom field, all named
// reminder, and reminders_set saying the form has them.

// remForm is evForm with the Reminders control as a browser posts it: the
// five selects (values, then empty ones) and the custom field.
func remForm(title string, selects []string, custom string) url.Values {
	f := evForm(title, "2025-06-12T14:00", "2025-06-12T15:00")
	f.Set("reminders_set", "1")
	for i := range 5 {
		v := ""
		if i < len(selects) {
			v = selects[i]
		}
		f.Add("reminder", v)
	}
	f.Add("reminder", custom)
	return f
}

// storedReminders reads an event's reminders from Postgres.
func storedReminders(t *testing.T, id int64) []int {
	t.Helper()
	rs, err := env.Store.ListReminders(context.Background(), []int64{id})
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, r := range rs {
		out = append(out, int(r.Minutes))
	}
	return out
}

// hiddenInput is a hidden field of a page: name and (escaped) value.
var hiddenInput = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)

// selected is the option of value chosen in a reminder select.
func selected(value, label string) string {
	return `<option value="` + value + `" selected>` + label + `</option>`
}

func TestReminderCreateShowEditRemove(t *testing.T) {
	ts := startServer(t)
	c, _ := evUser(t, ts, "Europe/Berlin", "")
	form := c.get("/events/new")
	evContains(t, "new form", form.Body, `<legend>Reminders</legend>`, `name="reminders_set" value="1"`,
		`<label for="event-reminder-1" class="visually-hidden">Reminder 1</label>`, `id="event-reminder-5" name="reminder"`,
		`<label for="event-reminder-custom">Custom (minutes before)</label>`, `max="40320" min="0" type="number"`,
		selected("", "None"), `<option value="1440">1 day</option>`)

	id := evCreate(t, c, remForm("Dentist", []string{"1440", "10"}, ""))
	path := "/events/" + strconv.FormatInt(id, 10)
	if got := storedReminders(t, id); !slices.Equal(got, []int{10, 1440}) {
		t.Fatalf("stored reminders %v, want [10 1440]", got)
	}
	evContains(t, "details", c.get(path).Body, "<dt>Reminders</dt><dd>10 minutes before, 1 day before</dd>")
	edit := c.get(path + "/edit")
	evContains(t, "edit", edit.Body, selected("10", "10 minutes"), selected("1440", "1 day"))

	// A custom value and a preset; the custom one shows in words.
	if r := c.post(path, remForm("Dentist", []string{"60"}, "90")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update: %d %s", r.StatusCode, r.Body)
	}
	if got := storedReminders(t, id); !slices.Equal(got, []int{60, 90}) {
		t.Errorf("stored reminders %v, want [60 90]", got)
	}
	evContains(t, "details after update", c.get(path).Body, "<dd>1 hour before, 1 hour 30 minutes before</dd>")
	evContains(t, "edit after update", c.get(path+"/edit").Body, selected("90", "1 hour 30 minutes"))

	// A post without the control (a script's) keeps them.
	if r := c.post(path, evForm("Dentist!", "2025-06-12T14:00", "2025-06-12T15:00")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update without reminders: %d", r.StatusCode)
	}
	if got := storedReminders(t, id); !slices.Equal(got, []int{60, 90}) {
		t.Errorf("a post without reminder fields changed them: %v", got)
	}

	// None chosen removes them all.
	if r := c.post(path, remForm("Dentist", nil, "")); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("update to none: %d", r.StatusCode)
	}
	if got := storedReminders(t, id); len(got) != 0 {
		t.Errorf("reminders left after choosing none: %v", got)
	}
	if body := c.get(path).Body; strings.Contains(body, "<dt>Reminders</dt>") {
		t.Error("the details still list reminders")
	}
}

func TestReminderValidationKeepsInput(t *testing.T) {
	ts := startServer(t)
	c, _ := evUser(t, ts, "UTC", "")
	const rangeMsg = "A reminder is a number of minutes before the start, from 0 to 40320 (4 weeks)."
	for _, tc := range []struct {
		name    string
		selects []string
		custom  string
		msg     string
		kept    []string
	}{
		{"negative", []string{"10"}, "-5", rangeMsg, []string{selected("10", "10 minutes"), `value="-5"`}},
		{"too far", nil, "50000", rangeMsg, []string{`value="50000"`}},
		{"not a number", []string{"5"}, "abc", rangeMsg, []string{`type="text"`, `value="abc"`}},
		{"posted select value", []string{"-5"}, "", rangeMsg, []string{selected("-5", "-5 (not valid)")}},
		{"six", []string{"5", "10", "15", "20", "25"}, "30", "An event has at most 5 reminders.",
			[]string{selected("15", "15 minutes"), selected("25", "25 minutes"), `value="30"`}},
	} {
		r := c.post("/events", remForm("Checkup "+tc.name, tc.selects, tc.custom))
		if r.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s: status %d, want 422", tc.name, r.StatusCode)
			continue
		}
		evContains(t, tc.name, r.Body, append([]string{tc.msg, `href="#event-reminder-1"`, `value="Checkup ` + tc.name + `"`,
			`aria-describedby="event-reminder-error event-reminder-hint" aria-invalid="true"`}, tc.kept...)...)
	}

	// The edit form too; the stored reminders stay.
	id := evCreate(t, c, remForm("Kept", []string{"30"}, ""))
	path := "/events/" + strconv.FormatInt(id, 10)
	r := c.post(path, remForm("Kept", []string{"30"}, "99999"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("edit with a bad reminder: %d", r.StatusCode)
	}
	evContains(t, "edit", r.Body, rangeMsg, selected("30", "30 minutes"), `value="99999"`)
	if got := storedReminders(t, id); !slices.Equal(got, []int{30}) {
		t.Errorf("stored reminders %v after a refused edit", got)
	}
	// A refused script post without the control shows the stored ones.
	r = c.post(path, evForm("", "2025-06-12T14:00", "2025-06-12T15:00"))
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("edit without a title: %d", r.StatusCode)
	}
	evContains(t, "edit without the control", r.Body, selected("30", "30 minutes"))
}

// TestReminderSeriesScopeCarriesReminders: the scope question carries the
// reminders along, and "All events" saves them on the series.
func TestReminderSeriesScopeCarriesReminders(t *testing.T) {
	_, c, _ := serUser(t, "")
	id := standup(t, c)
	path := "/events/" + strconv.FormatInt(id, 10) + "?occ=" + rid(6, 17, 7, 0)
	evContains(t, "occurrence edit", c.get("/events/"+strconv.FormatInt(id, 10)+"/edit?occ="+rid(6, 17, 7, 0)).Body,
		"A change applies when you save “This and following” or “All events”.")
	f := remForm("Standup", []string{"5"}, "")
	f.Set("start", "2025-06-17T09:00")
	f.Set("end", "2025-06-17T09:30")
	f.Set("rrule", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6")
	r := c.post(path, f)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("edit without scope: %d", r.StatusCode)
	}
	evContains(t, "question", r.Body, `name="reminders_set" value="1"`, `name="reminder" value="5"`)
	if strings.Contains(r.Body, `name="reminder" value=""`) {
		t.Error("the question carries empty reminder fields")
	}
	answer := url.Values{"scope": {"all"}}
	for _, m := range hiddenInput.FindAllStringSubmatch(r.Body, -1) {
		if m[1] != "_csrf" {
			answer.Add(m[1], html.UnescapeString(m[2]))
		}
	}
	if r := c.post(path, answer); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer all: %d %s", r.StatusCode, r.Body)
	}
	if got := storedReminders(t, id); !slices.Equal(got, []int{5}) {
		t.Errorf("series reminders %v, want [5]", got)
	}
	evContains(t, "occurrence details", c.get(path).Body, "<dd>5 minutes before</dd>")
}

// TestReminderSharedCalendar: reminders remind the event's owner only, so
// an editor of a shared calendar neither sees nor posts them, and an
// editor's save keeps them.
func TestReminderSharedCalendar(t *testing.T) {
	ts := startServer(t)
	owner, ou := evUser(t, ts, "UTC", "o")
	editor, eu := evUser(t, ts, "UTC", "e")
	ctx := context.Background()
	cal, err := ts.H.events.CreateCalendar(ctx, ou.ID, events.CalendarInput{Name: "Team"})
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.H.events.ShareCalendar(ctx, db.Actor{ID: ou.ID, Username: ou.Username}, cal.ID,
		events.ShareInput{Login: eu.Username, Role: "edit"}); err != nil {
		t.Fatal(err)
	}
	form := remForm("Review", []string{"10"}, "")
	form.Set("calendar", strconv.FormatInt(cal.ID, 10))
	id := evCreate(t, owner, form)
	path := "/events/" + strconv.FormatInt(id, 10)
	evContains(t, "owner's details", owner.get(path).Body, "<dd>10 minutes before</dd>")
	for what, body := range map[string]string{"details": editor.get(path).Body, "edit": editor.get(path + "/edit").Body} {
		if strings.Contains(body, "Reminders") || strings.Contains(body, `name="reminder"`) {
			t.Errorf("the editor's %s shows the owner's reminders", what)
		}
	}
	f := evForm("Review!", "2025-06-12T14:00", "2025-06-12T15:00")
	f.Set("calendar", strconv.FormatInt(cal.ID, 10))
	if r := editor.post(path, f); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("editor's save: %d", r.StatusCode)
	}
	if got := storedReminders(t, id); !slices.Equal(got, []int{10}) {
		t.Errorf("reminders after the editor's save: %v, want [10]", got)
	}
}
