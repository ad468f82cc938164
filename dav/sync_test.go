package dav_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// service is another instance's event service over the same database and
// Redis (the web pages' view of the data).
func service() *events.Service {
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	c := cache.New(env.Redis, cache.Config{Prefix: env.Config.RedisPrefix, Enabled: true}, log, nil)
	return events.New(events.Deps{Store: env.Store, Cache: c, Redis: env.Redis, Log: log})
}

var tokenRe = regexp.MustCompile(`<d:sync-token>([^<]*)</d:sync-token>`)

// sync runs sync-collection from token and returns the new token and body.
func (s *server) sync(t *testing.T, u user, col, token string) (string, string) {
	t.Helper()
	body := `<?xml version="1.0"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>` + token +
		`</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`
	code, _, b := s.do(t, u, "REPORT", col, body)
	if code != http.StatusMultiStatus {
		t.Fatalf("sync-collection: %d %s", code, b)
	}
	m := tokenRe.FindStringSubmatch(b)
	if m == nil {
		t.Fatalf("no sync-token in %s", b)
	}
	return m[1], b
}

func ctag(t *testing.T, s *server, u user, col string) string {
	t.Helper()
	code, _, b := s.do(t, u, "PROPFIND", col, `<d:propfind xmlns:d="DAV:" xmlns:cs="http://calendarserver.org/ns/"><d:prop><cs:getctag/></d:prop></d:propfind>`, "Depth", "0")
	m := regexp.MustCompile(`<cs:getctag>([^<]*)</cs:getctag>`).FindStringSubmatch(b)
	if code != http.StatusMultiStatus || m == nil {
		t.Fatalf("getctag: %d %s", code, b)
	}
	return m[1]
}

func TestSyncFollowsWebAndCalDAVChanges(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "sue", "Europe/Berlin")
	col := firstCalendar(t, s.client(t, ann), ann)
	ctx := context.Background()
	web := service()
	owner := events.Owner{ID: ann.ID, Loc: time.UTC, TZName: "UTC"}

	tok0, b := s.sync(t, ann, col, "")
	if strings.Contains(b, "<d:response>") {
		t.Fatalf("an empty calendar lists %s", b)
	}
	ctag0 := ctag(t, s, ann, col)

	// A CalDAV PUT is on the web pages at the next request, though they
	// were cached before it.
	day, _ := calendar.ParseDate("2026-12-14")
	if got, err := web.Days(ctx, owner, []calendar.Date{day}); err != nil || len(got[day]) != 0 {
		t.Fatalf("before: %v, %v", got, err)
	}
	put := fmt.Sprintf(vevent, "dentist@phone", "20261214T090000Z", "20261214T100000Z", "Dentist")
	if code, _, _ := s.do(t, ann, http.MethodPut, col+"dentist.ics", put); code != http.StatusCreated {
		t.Fatalf("PUT: %d", code)
	}
	got, err := service().Days(ctx, owner, []calendar.Date{day})
	if err != nil || len(got[day]) != 1 || got[day][0].Title != "Dentist" {
		t.Fatalf("the web after a PUT: %v, %v", got[day], err)
	}
	tok1, b := s.sync(t, ann, col, tok0)
	if !strings.Contains(b, col+"dentist.ics</d:href>") || tok1 == tok0 || ctag(t, s, ann, col) == ctag0 {
		t.Fatalf("sync after a PUT (token %s→%s): %s", tok0, tok1, b)
	}

	// A web edit and a web event show in the next sync.
	ev := got[day][0]
	vals := events.Values{Title: "Dentist (moved)", Start: ev.StartsAt.Add(time.Hour), End: ev.EndsAt.Add(time.Hour)}
	if _, err := web.Update(ctx, owner, events.Ref{ID: ev.ID}, vals); err != nil {
		t.Fatal(err)
	}
	created, err := web.Create(ctx, owner, events.Values{Title: "Made on the web", Start: ev.StartsAt, End: ev.EndsAt})
	if err != nil {
		t.Fatal(err)
	}
	tok2, b := s.sync(t, ann, col, tok1)
	webName := fmt.Sprintf("event-%d.ics", created.ID)
	if !strings.Contains(b, col+"dentist.ics</d:href>") || !strings.Contains(b, col+webName+"</d:href>") || tok2 == tok1 {
		t.Fatalf("sync after web edits: %s", b)
	}
	code, _, data := s.do(t, ann, http.MethodGet, col+"dentist.ics", "")
	if code != http.StatusOK || !strings.Contains(data, "SUMMARY:Dentist (moved)") || !strings.Contains(data, "UID:dentist@phone") {
		t.Fatalf("GET after a web edit: %d %s", code, data)
	}

	// Deletions on either side are reported as 404.
	if err := web.Delete(ctx, owner, events.Ref{ID: ev.ID}); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := s.do(t, ann, http.MethodDelete, col+webName, ""); code != http.StatusNoContent {
		t.Fatalf("DELETE: %d", code)
	}
	tok3, b := s.sync(t, ann, col, tok2)
	for _, name := range []string{"dentist.ics", webName} {
		if !strings.Contains(b, col+name+"</d:href><d:status>HTTP/1.1 404") {
			t.Fatalf("deletion of %s not reported: %s", name, b)
		}
	}
	if _, b := s.sync(t, ann, col, tok3); strings.Contains(b, "<d:response>") {
		t.Fatalf("nothing changed, yet: %s", b)
	}
	body := `<d:sync-collection xmlns:d="DAV:"><d:sync-token>` + "https://eventcal.invalid/sync/999999999" + `</d:sync-token><d:sync-level>1</d:sync-level><d:prop/></d:sync-collection>`
	if code, _, b := s.do(t, ann, "REPORT", col, body); code != http.StatusForbidden || !strings.Contains(b, "valid-sync-token") {
		t.Fatalf("unknown token: %d %s", code, b)
	}
}

func TestSeriesWithExceptionRoundTrips(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "sam", "Europe/Berlin")
	col := firstCalendar(t, s.client(t, ann), ann)
	series := "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n" +
		"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n" +
		"BEGIN:DAYLIGHT\r\nDTSTART:19700329T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\nEND:VTIMEZONE\r\n" +
		"BEGIN:VEVENT\r\nUID:yoga@phone\r\nDTSTAMP:20261201T100000Z\r\nDTSTART;TZID=Europe/Berlin:20270105T180000\r\nDTEND;TZID=Europe/Berlin:20270105T190000\r\n" +
		"RRULE:FREQ=WEEKLY;COUNT=10\r\nEXDATE;TZID=Europe/Berlin:20270112T180000\r\nSUMMARY:Yoga\r\n" +
		"BEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT10M\r\nDESCRIPTION:Yoga\r\nEND:VALARM\r\nEND:VEVENT\r\n" +
		"BEGIN:VEVENT\r\nUID:yoga@phone\r\nDTSTAMP:20261201T100000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20270119T180000\r\n" +
		"DTSTART;TZID=Europe/Berlin:20270119T200000\r\nDTEND;TZID=Europe/Berlin:20270119T210000\r\nSUMMARY:Yoga (late)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
	if code, _, b := s.do(t, ann, http.MethodPut, col+"yoga.ics", series); code != http.StatusCreated {
		t.Fatalf("PUT: %d %s", code, b)
	}
	var rows int
	_ = env.Pool.QueryRow(context.Background(), `SELECT count(*) FROM events WHERE user_id = $1`, ann.ID).Scan(&rows)
	if rows != 2 {
		t.Fatalf("%d rows, want a master and an override", rows)
	}
	var minutes []int32
	_ = env.Pool.QueryRow(context.Background(), `SELECT array_agg(r.minutes) FROM event_reminders r JOIN events e ON e.id = r.event_id WHERE e.user_id = $1`, ann.ID).Scan(&minutes)
	if fmt.Sprint(minutes) != "[10]" {
		t.Fatalf("the VALARM became reminders %v", minutes)
	}
	code, _, data := s.do(t, ann, http.MethodGet, col+"yoga.ics", "")
	unfolded := strings.ReplaceAll(data, "\r\n ", "")
	for _, want := range []string{"UID:yoga@phone", "RRULE:FREQ=WEEKLY;COUNT=10", "DTSTART;TZID=Europe/Berlin:20270105T180000",
		"EXDATE", "RECURRENCE-ID", "SUMMARY:Yoga (late)", "BEGIN:VTIMEZONE", "BEGIN:VALARM", "TRIGGER;RELATED=START:-PT10M"} {
		if code != http.StatusOK || !strings.Contains(unfolded, want) {
			t.Fatalf("GET lacks %q: %d %s", want, code, data)
		}
	}
	if strings.Count(unfolded, "UID:yoga@phone") != 2 {
		t.Fatalf("the override is not in the same resource: %s", data)
	}
}

func TestRevokedPasswordAndDeactivatedUserStopAtOnce(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "ray", "UTC")
	ctx := context.Background()
	if code, _, _ := s.do(t, ann, "PROPFIND", "/dav/", "", "Depth", "0"); code != http.StatusMultiStatus {
		t.Fatalf("before: %d", code)
	}
	pws, err := s.accounts.AppPasswords(ctx, ann.ID)
	if err != nil || len(pws) != 1 || pws[0].LastUsedAt == nil {
		t.Fatalf("app passwords %+v, %v (last use recorded?)", pws, err)
	}
	if err := s.accounts.RevokeAppPassword(ctx, ann.ID, pws[0].ID); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := s.do(t, ann, "PROPFIND", "/dav/", "", "Depth", "0"); code != http.StatusUnauthorized {
		t.Fatalf("revoked: %d", code)
	}
	_, secret, err := s.accounts.CreateAppPassword(ctx, ann.ID, "Laptop")
	if err != nil {
		t.Fatal(err)
	}
	ann.secret = secret
	if err := env.Store.SetUserActive(ctx, db.SetUserActiveParams{ID: ann.ID, IsActive: false}); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := s.do(t, ann, "PROPFIND", "/dav/", "", "Depth", "0"); code != http.StatusUnauthorized {
		t.Fatalf("deactivated: %d", code)
	}
}
