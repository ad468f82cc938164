package dav_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

func TestMkcalendarAndProppatch(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "mia", "UTC")
	ctx := context.Background()
	mk := `<?xml version="1.0"?><c:mkcalendar xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav" xmlns:ic="http://apple.com/ns/ical/">` +
		`<d:set><d:prop><d:displayname>Work</d:displayname><ic:calendar-color>#CF222EFF</ic:calendar-color></d:prop></d:set></c:mkcalendar>`
	if code, _, b := s.do(t, ann, "MKCALENDAR", "/dav/calendars/mia/work-1/", mk); code != http.StatusCreated {
		t.Fatalf("MKCALENDAR: %d %s", code, b)
	}
	if code, _, _ := s.do(t, ann, "MKCALENDAR", "/dav/calendars/mia/work-1/", mk); code != http.StatusMethodNotAllowed {
		t.Fatalf("MKCALENDAR again: %d", code)
	}
	if code, _, _ := s.do(t, ann, "MKCALENDAR", "/dav/calendars/mia/12345/", ""); code != http.StatusForbidden {
		t.Fatalf("MKCALENDAR with a numeric name: %d", code)
	}
	cals, err := s.client(t, ann).FindCalendars(ctx, "/dav/calendars/mia/")
	if err != nil || len(cals) != 2 || cals[1].Path != "/dav/calendars/mia/work-1/" || cals[1].Name != "Work" {
		t.Fatalf("calendars %+v, %v", cals, err)
	}
	var color string
	_ = env.Pool.QueryRow(ctx, `SELECT color FROM calendars WHERE owner_id = $1 AND name = 'Work'`, ann.ID).Scan(&color)
	if color != "red" {
		t.Fatalf("colour %q", color)
	}

	patch := `<?xml version="1.0"?><d:propertyupdate xmlns:d="DAV:" xmlns:ic="http://apple.com/ns/ical/" xmlns:x="urn:x">` +
		`<d:set><d:prop><d:displayname>Office</d:displayname><ic:calendar-color>#1a7f37</ic:calendar-color><x:other>1</x:other></d:prop></d:set></d:propertyupdate>`
	code, _, b := s.do(t, ann, "PROPPATCH", "/dav/calendars/mia/work-1/", patch)
	if code != http.StatusMultiStatus || !strings.Contains(b, "200 OK") || !strings.Contains(b, "403 Forbidden") {
		t.Fatalf("PROPPATCH: %d %s", code, b)
	}
	var name string
	_ = env.Pool.QueryRow(ctx, `SELECT name, color FROM calendars WHERE owner_id = $1 AND id = (SELECT calendar_id FROM dav_collections WHERE name = 'work-1')`, ann.ID).Scan(&name, &color)
	if name != "Office" || color != "green" {
		t.Fatalf("after PROPPATCH: %q %q", name, color)
	}
	_, _, b = s.do(t, ann, "PROPFIND", "/dav/calendars/mia/work-1/", "", "Depth", "0")
	if !strings.Contains(b, "<ic:calendar-color>#1a7f37FF</ic:calendar-color>") || !strings.Contains(b, "<d:displayname>Office</d:displayname>") {
		t.Fatalf("PROPFIND after PROPPATCH: %s", b)
	}
	if code, _, _ := s.do(t, ann, http.MethodDelete, "/dav/calendars/mia/work-1/", ""); code != http.StatusNoContent {
		t.Fatalf("DELETE calendar: %d", code)
	}
	first := "/dav/calendars/mia/" + strings.TrimSuffix(strings.TrimPrefix(cals[0].Path, "/dav/calendars/mia/"), "/") + "/"
	if code, _, b := s.do(t, ann, http.MethodDelete, first, ""); code != http.StatusForbidden {
		t.Fatalf("DELETE of the last calendar: %d %s", code, b)
	}
}

func TestSharedCalendars(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ola", "UTC")
	bob := s.user(t, "ben", "UTC")
	ctx := context.Background()
	web := service()
	cals, err := web.Calendars(ctx, bob.ID)
	if err != nil {
		t.Fatal(err)
	}
	bobCal := cals[0].ID
	if err := web.ShareCalendar(ctx, db.Actor{ID: bob.ID, Username: bob.Username}, bobCal, events.ShareInput{Login: "ola", Role: "view"}); err != nil {
		t.Fatal(err)
	}
	found, err := s.client(t, ann).FindCalendars(ctx, "/dav/calendars/ola/")
	if err != nil || len(found) != 2 {
		t.Fatalf("ola sees %+v, %v", found, err)
	}
	shared := found[1].Path
	_, _, b := s.do(t, ann, "PROPFIND", shared, "", "Depth", "0")
	if strings.Contains(b, "write-content") || !strings.Contains(b, "<d:read/>") {
		t.Fatalf("view-only privileges: %s", b)
	}
	ev := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:s1\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261220T090000Z\r\nDTEND:20261220T100000Z\r\nSUMMARY:Party\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if code, _, _ := s.do(t, ann, http.MethodPut, shared+"party.ics", ev); code != http.StatusForbidden {
		t.Fatalf("PUT into a view-only calendar: %d", code)
	}
	if code, _, _ := s.do(t, bob, http.MethodPut, "/dav/calendars/ben/"+strings.TrimPrefix(shared, "/dav/calendars/ola/")+"party.ics", ev); code != http.StatusCreated {
		t.Fatalf("owner's PUT: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodDelete, shared+"party.ics", ""); code != http.StatusForbidden {
		t.Fatalf("DELETE in a view-only calendar: %d", code)
	}
	if code, _, b := s.do(t, ann, http.MethodGet, shared+"party.ics", ""); code != http.StatusOK || !strings.Contains(b, "SUMMARY:Party") {
		t.Fatalf("GET of a shared event: %d %s", code, b)
	}
	if err := web.ShareCalendar(ctx, db.Actor{ID: bob.ID, Username: bob.Username}, bobCal, events.ShareInput{Login: "ola", Role: "edit"}); err != nil {
		t.Fatal(err)
	}
	edit := strings.Replace(ev, "Party", "Party at Ben's", 1)
	if code, _, _ := s.do(t, ann, http.MethodPut, shared+"party.ics", edit); code != http.StatusNoContent {
		t.Fatalf("an editor's PUT: %d", code)
	}
	var owner int64
	var title string
	_ = env.Pool.QueryRow(ctx, `SELECT user_id, title FROM events WHERE calendar_id = $1`, bobCal).Scan(&owner, &title)
	if owner != bob.ID || title != "Party at Ben's" {
		t.Fatalf("stored as %d %q", owner, title)
	}
	if code, _, _ := s.do(t, ann, "PROPPATCH", shared, `<d:propertyupdate xmlns:d="DAV:"><d:set><d:prop><d:displayname>Mine</d:displayname></d:prop></d:set></d:propertyupdate>`); code != http.StatusForbidden {
		t.Fatalf("a sharee's PROPPATCH: %d", code)
	}
}
