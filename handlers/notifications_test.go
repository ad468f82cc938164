package handlers

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// sentReminder stores a sent reminder as the reminder job records it.
func sentReminder(t *testing.T, uid, eventID int64, occ time.Time, minutes int, title, location string, allDay bool, sent time.Time) {
	t.Helper()
	_, err := env.Pool.Exec(context.Background(), `INSERT INTO reminder_deliveries
		(user_id, event_id, occurrence, minutes, title, location, starts_at, all_day, due_at, sent_at)
		VALUES ($1, $2, $3::timestamptz, $4::int, $5, $6, $3::timestamptz, $7, $3::timestamptz - make_interval(mins => $4::int), $8)`,
		uid, eventID, occ, minutes, title, location, allDay, sent)
	if err != nil {
		t.Fatal(err)
	}
}

func TestNotificationsListsOwnSentReminders(t *testing.T) {
	ts, c, u := serUser(t, "")
	series := standup(t, c)
	single := evCreate(t, c, evForm("Dentist", "2025-06-18T10:00", "2025-06-18T11:00"))

	empty := c.get("/notifications")
	if empty.StatusCode != http.StatusOK || empty.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("empty: %d %q", empty.StatusCode, empty.Header.Get("Cache-Control"))
	}
	evContains(t, "empty", empty.Body, "<h1>Notifications</h1>", "No reminders were sent to you yet.", `href="/settings#reminders"`)

	occ := time.Date(2025, 6, 17, 7, 0, 0, 0, time.UTC)
	sentReminder(t, u.ID, series, occ, 10, "Standup", "Room 4", false, time.Date(2025, 6, 17, 6, 50, 0, 0, time.UTC))
	sentReminder(t, u.ID, single, time.Date(2025, 6, 18, 8, 0, 0, 0, time.UTC), 1440, "Dentist", "", false,
		time.Date(2025, 6, 17, 8, 0, 0, 0, time.UTC))
	sentReminder(t, u.ID, 1<<40, time.Date(2025, 6, 19, 22, 0, 0, 0, time.UTC), 0, "Holiday", "", true,
		time.Date(2025, 6, 19, 22, 0, 0, 0, time.UTC))
	_, other := evUser(t, ts, "UTC", "_other")
	sentReminder(t, other.ID, 1<<40+1, occ, 5, "Someone else's", "", false, occ)

	body := c.get("/notifications").Body
	evContains(t, "list", body,
		`<a href="/events/`+strconv.FormatInt(series, 10)+`?occ=`+rid(6, 17, 7, 0)+`">Standup</a>`,
		`<time datetime="2025-06-17T07:00:00Z">Tue 17 Jun 2025, 09:00</time> <span>Room 4</span>`, `10 minutes before, sent <time datetime="2025-06-17T06:50:00Z">Tue 17 Jun 2025, 08:50</time>`,
		`<a href="/events/`+strconv.FormatInt(single, 10)+`">Dentist</a>`, "Wed 18 Jun 2025, 10:00", "1 day before, sent",
		"<strong>Holiday</strong> <span>The event was deleted.</span>", `<time datetime="2025-06-20">Fri 20 Jun 2025 (all day)</time>`, "At start, sent")
	if strings.Contains(body, "Someone else") {
		t.Error("another user's reminder is listed")
	}
	if h, s, d := strings.Index(body, "Holiday"), strings.Index(body, ">Standup<"), strings.Index(body, ">Dentist<"); !(h < d && d < s) {
		t.Errorf("not newest first: Holiday %d, Dentist %d, Standup %d", h, d, s)
	}
	if r := ts.client(t).get("/notifications"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signed out: %d, want 303 to login", r.StatusCode)
	}
}
