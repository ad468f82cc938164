package dav_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/emersion/go-webdav/caldav"
)

func TestDiscoveryAndAuthentication(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ann", "Europe/Berlin")

	code, hdr, _ := s.do(t, user{}, "PROPFIND", "/dav/", "")
	if code != http.StatusUnauthorized || !strings.Contains(hdr.Get("WWW-Authenticate"), `Basic realm="eventcal"`) {
		t.Fatalf("no credentials: %d %q", code, hdr.Get("WWW-Authenticate"))
	}
	withAccount := ann
	withAccount.secret = "account password 1"
	code, _, body := s.do(t, withAccount, "PROPFIND", "/dav/", "")
	nobody := user{secret: ann.secret}
	nobody.Username = "nobody"
	code2, _, body2 := s.do(t, nobody, "PROPFIND", "/dav/", "")
	if code != http.StatusUnauthorized || code2 != http.StatusUnauthorized || body != body2 {
		t.Fatalf("account password / unknown user: %d %q / %d %q", code, body, code2, body2)
	}

	req, _ := http.NewRequest(http.MethodGet, s.URL+"/.well-known/caldav", nil)
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/dav/" {
		t.Fatalf("well-known: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	code, hdr, _ = s.do(t, user{}, http.MethodOptions, "/dav/calendars/ann/", "")
	if code != http.StatusOK || !strings.Contains(hdr.Get("DAV"), "calendar-access") || !strings.Contains(hdr.Get("Allow"), "REPORT") {
		t.Fatalf("OPTIONS: %d %v", code, hdr)
	}

	// An app given only the site's address asks its root.
	if code, _, b := s.do(t, ann, "PROPFIND", "/", `<d:propfind xmlns:d="DAV:"><d:prop><d:current-user-principal/></d:prop></d:propfind>`, "Depth", "0"); code != http.StatusMultiStatus || !strings.Contains(b, "/dav/principals/ann/") {
		t.Fatalf("PROPFIND /: %d %s", code, b)
	}
	c := s.client(t, ann)
	ctx := context.Background()
	principal, err := c.FindCurrentUserPrincipal(ctx)
	if err != nil || principal != "/dav/principals/ann/" {
		t.Fatalf("principal %q, %v", principal, err)
	}
	home, err := c.FindCalendarHomeSet(ctx, principal)
	if err != nil || home != "/dav/calendars/ann/" {
		t.Fatalf("home %q, %v", home, err)
	}
	cals, err := c.FindCalendars(ctx, home)
	if err != nil || len(cals) != 1 || cals[0].Name != "Personal" || fmt.Sprint(cals[0].SupportedComponentSet) != "[VEVENT]" {
		t.Fatalf("calendars %+v, %v", cals, err)
	}
	// Another user's tree is not there.
	s.user(t, "bob", "UTC")
	if code, _, _ := s.do(t, ann, "PROPFIND", "/dav/calendars/bob/", "", "Depth", "1"); code != http.StatusNotFound {
		t.Fatalf("bob's home for ann: %d", code)
	}
}

func TestPutGetDeleteWithPreconditions(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ann2", "Europe/Berlin")
	c := s.client(t, ann)
	ctx := context.Background()
	col := firstCalendar(t, c, ann)

	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//test//EN")
	ev := ical.NewEvent()
	ev.Props.SetText(ical.PropUID, "lunch-1@phone")
	ev.Props.SetDateTime(ical.PropDateTimeStamp, time.Now().UTC())
	ev.Props.SetDateTime(ical.PropDateTimeStart, time.Date(2026, 12, 10, 12, 0, 0, 0, time.UTC))
	ev.Props.SetDateTime(ical.PropDateTimeEnd, time.Date(2026, 12, 10, 13, 0, 0, 0, time.UTC))
	ev.Props.SetText(ical.PropSummary, "Lunch with Ann")
	ev.Props.SetText(ical.PropLocation, "Café")
	cal.Children = append(cal.Children, ev.Component)
	if _, err := c.PutCalendarObject(ctx, col+"lunch.ics", cal); err != nil {
		t.Fatal(err)
	}
	var title, loc string
	if err := env.Pool.QueryRow(ctx, `SELECT e.title, e.location FROM events e JOIN dav_objects o ON o.event_id = e.id WHERE o.name = 'lunch.ics' AND e.user_id = $1`, ann.ID).Scan(&title, &loc); err != nil || title != "Lunch with Ann" || loc != "Café" {
		t.Fatalf("stored %q %q, %v", title, loc, err)
	}
	obj, err := c.GetCalendarObject(ctx, col+"lunch.ics")
	if err != nil {
		t.Fatal(err)
	}
	got := obj.Data.Children[0]
	if uid, _ := got.Props.Text(ical.PropUID); uid != "lunch-1@phone" || obj.ETag == "" {
		t.Fatalf("UID %q etag %q", uid, obj.ETag)
	}

	body := fmt.Sprintf(vevent, "lunch-1@phone", "20261210T120000Z", "20261210T140000Z", "Longer lunch")
	etag := `"` + obj.ETag + `"`
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"lunch.ics", body, "If-None-Match", "*", "Content-Type", "text/calendar"); code != http.StatusPreconditionFailed {
		t.Fatalf("If-None-Match on an existing resource: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"lunch.ics", body, "If-Match", `"stale"`); code != http.StatusPreconditionFailed {
		t.Fatalf("stale If-Match: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"other.ics", body, "If-Match", etag); code != http.StatusPreconditionFailed {
		t.Fatalf("If-Match on a missing resource: %d", code)
	}
	if code, _, b := s.do(t, ann, http.MethodPut, col+"lunch.ics", body, "If-Match", etag); code != http.StatusNoContent {
		t.Fatalf("matching If-Match: %d %s", code, b)
	}
	obj2, err := c.GetCalendarObject(ctx, col+"lunch.ics")
	if err != nil || obj2.ETag == obj.ETag {
		t.Fatalf("etag after edit %q (was %q), %v", obj2.ETag, obj.ETag, err)
	}
	if again, _ := c.GetCalendarObject(ctx, col+"lunch.ics"); again.ETag != obj2.ETag {
		t.Fatalf("etag changes without a change: %q then %q", obj2.ETag, again.ETag)
	}
	// The same UID under another name is a conflict, not a copy.
	if code, _, b := s.do(t, ann, http.MethodPut, col+"copy.ics", body); code != http.StatusConflict || !strings.Contains(b, "no-uid-conflict") {
		t.Fatalf("UID conflict: %d %s", code, b)
	}

	if code, _, _ := s.do(t, ann, http.MethodDelete, col+"lunch.ics", "", "If-Match", etag); code != http.StatusPreconditionFailed {
		t.Fatalf("DELETE with a stale If-Match: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodDelete, col+"lunch.ics", ""); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodGet, col+"lunch.ics", ""); code != http.StatusNotFound {
		t.Fatalf("GET after DELETE: %d", code)
	}
	var n int
	_ = env.Pool.QueryRow(ctx, `SELECT count(*) FROM events WHERE user_id = $1`, ann.ID).Scan(&n)
	if n != 0 {
		t.Fatalf("%d events left", n)
	}
}

func TestRefusedResources(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ann3", "UTC")
	col := firstCalendar(t, s.client(t, ann), ann)
	todo := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VTODO\r\nUID:t1\r\nSUMMARY:Milk\r\nEND:VTODO\r\nEND:VCALENDAR\r\n"
	if code, _, b := s.do(t, ann, http.MethodPut, col+"todo.ics", todo); code != http.StatusForbidden || !strings.Contains(b, "to-do") {
		t.Fatalf("VTODO: %d %s", code, b)
	}
	if code, _, b := s.do(t, ann, http.MethodPut, col+"bad.ics", "hello"); code != http.StatusBadRequest || !strings.Contains(b, "valid-calendar-data") {
		t.Fatalf("not iCalendar: %d %s", code, b)
	}
	big := fmt.Sprintf(vevent, "big", "20261210T120000Z", "20261210T130000Z", strings.Repeat("x", 1<<20))
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"big.ics", big); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("over 1 MB: %d", code)
	}
	ok := fmt.Sprintf(vevent, "n1", "20261210T120000Z", "20261210T130000Z", "Fine")
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"noext", ok); code != http.StatusForbidden {
		t.Fatalf("name without .ics: %d", code)
	}
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"n1.ics", ok, "Content-Type", "application/json"); code != http.StatusUnsupportedMediaType {
		t.Fatalf("JSON body: %d", code)
	}
	var n int
	_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE user_id = $1`, ann.ID).Scan(&n)
	if n != 0 {
		t.Fatalf("%d events stored from refused requests", n)
	}
}

// etagRe finds getetag values in a multistatus.
var etagRe = regexp.MustCompile(`<d:getetag>([^<]*)</d:getetag>`)

func TestCalendarQueryAndMultiget(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ann4", "UTC")
	c := s.client(t, ann)
	ctx := context.Background()
	col := firstCalendar(t, c, ann)
	put := func(name, body string) {
		t.Helper()
		if code, _, b := s.do(t, ann, http.MethodPut, col+name, body, "Content-Type", "text/calendar"); code != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", name, code, b)
		}
	}
	put("jan.ics", fmt.Sprintf(vevent, "jan", "20270110T090000Z", "20270110T100000Z", "January"))
	put("feb.ics", fmt.Sprintf(vevent, "feb", "20270210T090000Z", "20270210T100000Z", "February"))
	put("weekly.ics", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nUID:weekly\r\nDTSTAMP:20261201T100000Z\r\n"+
		"DTSTART:20270104T080000Z\r\nDTEND:20270104T083000Z\r\nRRULE:FREQ=WEEKLY\r\nSUMMARY:Standup\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")

	objs, err := c.QueryCalendar(ctx, col, &caldav.CalendarQuery{
		CompRequest: caldav.CalendarCompRequest{Name: "VCALENDAR", Props: []string{"VERSION"}, AllComps: true, AllProps: true},
		CompFilter: caldav.CompFilter{Name: "VCALENDAR", Comps: []caldav.CompFilter{{
			Name: "VEVENT", Start: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, o := range objs {
		paths = append(paths, strings.TrimPrefix(o.Path, col))
	}
	if fmt.Sprint(paths) != "[feb.ics weekly.ics]" {
		t.Fatalf("February holds %v", paths)
	}
	if objs[0].Data == nil || len(objs[0].Data.Children) == 0 {
		t.Fatal("no calendar-data in the query's answer")
	}

	got, err := c.MultiGetCalendar(ctx, col, &caldav.CalendarMultiGet{
		Paths:       []string{col + "jan.ics", col + "weekly.ics"},
		CompRequest: caldav.CalendarCompRequest{Name: "VCALENDAR", AllProps: true, AllComps: true},
	})
	if err != nil || len(got) != 2 {
		t.Fatalf("multiget: %d objects, %v", len(got), err)
	}
	mg := `<?xml version="1.0"?><c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>` +
		`<d:href>` + col + `feb.ics</d:href><d:href>` + col + `gone.ics</d:href></c:calendar-multiget>`
	code, _, b := s.do(t, ann, "REPORT", col, mg, "Depth", "1")
	if code != http.StatusMultiStatus || !strings.Contains(b, "gone.ics</d:href><d:status>HTTP/1.1 404") || len(etagRe.FindAllString(b, -1)) != 1 {
		t.Fatalf("multiget with a missing href: %d %s", code, b)
	}
}
