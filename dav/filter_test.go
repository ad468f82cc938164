package dav_test

import (
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var hrefRe = regexp.MustCompile(`<d:href>([^<]*)</d:href>`)

// query runs a calendar-query with filter (the inside of the VCALENDAR
// comp-filter) and returns the status and the names of the resources found.
func query(t *testing.T, s *server, u user, col, filter string) (int, []string, string) {
	t.Helper()
	body := `<?xml version="1.0"?><c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">` +
		`<d:prop><d:getetag/></d:prop><c:filter><c:comp-filter name="VCALENDAR">` + filter +
		`</c:comp-filter></c:filter></c:calendar-query>`
	code, _, b := s.do(t, u, "REPORT", col, body, "Depth", "1")
	var names []string
	for _, m := range hrefRe.FindAllStringSubmatch(b, -1) {
		names = append(names, strings.TrimPrefix(m[1], col))
	}
	slices.Sort(names)
	return code, names, b
}

// A calendar-query's prop-filters, param-filters and nested comp-filters
// select resources (python-caldav's search(summary=…) found every event:
// the server answered the VEVENT filter and ignored the rest).
func TestCalendarQueryPropFilters(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "fil", "Europe/Berlin")
	col := firstCalendar(t, s.client(t, ann), ann)
	put := func(name, body string) {
		t.Helper()
		if code, _, b := s.do(t, ann, http.MethodPut, col+name, body); code != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", name, code, b)
		}
	}
	const head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nBEGIN:VEVENT\r\nDTSTAMP:20261201T100000Z\r\n"
	put("a.ics", head+"UID:a@x\r\nDTSTART:20261214T090000Z\r\nDTEND:20261214T100000Z\r\nSUMMARY:Dentist appointment\r\nLOCATION:Main St\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	put("b.ics", head+"UID:b@x\r\nDTSTART:20270111T090000Z\r\nDTEND:20270111T100000Z\r\nSUMMARY:dentist follow-up\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	put("c.ics", head+"UID:c@x\r\nDTSTART;TZID=Europe/Berlin:20270105T180000\r\nDTEND;TZID=Europe/Berlin:20270105T190000\r\n"+
		"RRULE:FREQ=WEEKLY;COUNT=3\r\nSUMMARY:Yoga\r\nDESCRIPTION:Bring a mat\\; and water\r\nEND:VEVENT\r\n"+
		"BEGIN:VEVENT\r\nUID:c@x\r\nDTSTAMP:20261201T100000Z\r\nRECURRENCE-ID;TZID=Europe/Berlin:20270112T180000\r\n"+
		"DTSTART;TZID=Europe/Berlin:20270112T200000\r\nDTEND;TZID=Europe/Berlin:20270112T210000\r\nSUMMARY:Yoga (late)\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
	put("d.ics", head+"UID:d@x\r\nDTSTART:20261220T090000Z\r\nDTEND:20261220T100000Z\r\nSUMMARY:ÜBER alles\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")

	ev := func(inner string) string { return `<c:comp-filter name="VEVENT">` + inner + `</c:comp-filter>` }
	summary := func(attrs, text string) string {
		return ev(`<c:prop-filter name="SUMMARY"><c:text-match` + attrs + `>` + text + `</c:text-match></c:prop-filter>`)
	}
	dtstartTZID := func(inner string) string {
		return ev(`<c:prop-filter name="DTSTART"><c:param-filter name="TZID">` + inner + `</c:param-filter></c:prop-filter>`)
	}
	for _, tc := range []struct{ what, filter, want string }{
		{"no filter below VEVENT", ev(""), "[a.ics b.ics c.ics d.ics]"},
		{"a substring, any case", summary("", "DENTIST"), "[a.ics b.ics]"},
		{"i;octet", summary(` collation="i;octet"`, "Dentist"), "[a.ics]"},
		{"negated", summary(` negate-condition="yes"`, "dentist"), "[c.ics d.ics]"},
		{"an override's summary", summary("", "late"), "[c.ics]"},
		{"i;ascii-casemap folds A-Z only", summary("", "über"), "[]"},
		{"i;unicode-casemap", summary(` collation="i;unicode-casemap"`, "über"), "[d.ics]"},
		{"UID", ev(`<c:prop-filter name="UID"><c:text-match collation="i;octet">b@x</c:text-match></c:prop-filter>`), "[b.ics]"},
		{"escaped text", ev(`<c:prop-filter name="DESCRIPTION"><c:text-match>mat; and</c:text-match></c:prop-filter>`), "[c.ics]"},
		{"is-not-defined", ev(`<c:prop-filter name="LOCATION"><c:is-not-defined/></c:prop-filter>`), "[b.ics c.ics d.ics]"},
		{"a parameter", dtstartTZID(`<c:text-match>berlin</c:text-match>`), "[c.ics]"},
		{"no parameter", dtstartTZID(`<c:is-not-defined/>`) + summary("", "dentist"), "[a.ics b.ics]"},
		{"no alarm", ev(`<c:comp-filter name="VALARM"><c:is-not-defined/></c:comp-filter>`), "[a.ics b.ics c.ics d.ics]"},
		{"an alarm", ev(`<c:comp-filter name="VALARM"/>`), "[]"},
		{"a time-range and a property", ev(`<c:time-range start="20261201T000000Z" end="20270101T000000Z"/>` +
			`<c:prop-filter name="SUMMARY"><c:text-match>dentist</c:text-match></c:prop-filter>`), "[a.ics]"},
		{"to-dos", `<c:comp-filter name="VTODO"><c:time-range start="20261201T000000Z"/></c:comp-filter>`, "[]"},
		{"no events", `<c:comp-filter name="VEVENT"><c:is-not-defined/></c:comp-filter>`, "[]"},
	} {
		code, got, b := query(t, s, ann, col, tc.filter)
		if code != http.StatusMultiStatus || strings.Join(got, " ") != strings.Trim(tc.want, "[]") {
			t.Errorf("%s: %d %v, want %s\n%s", tc.what, code, got, tc.want, b)
		}
	}

	for _, tc := range []struct{ what, filter, cond string }{
		{"a time-range on a property", ev(`<c:prop-filter name="DTSTART"><c:time-range start="20261201T000000Z"/></c:prop-filter>`), "supported-filter"},
		{"a time-range on an alarm", ev(`<c:comp-filter name="VALARM"><c:time-range start="20261201T000000Z"/></c:comp-filter>`), "supported-filter"},
		{"an unknown collation", summary(` collation="i;basic"`, "x"), "supported-collation"},
	} {
		if code, _, b := query(t, s, ann, col, tc.filter); code != http.StatusForbidden || !strings.Contains(b, tc.cond) {
			t.Errorf("%s: %d %s", tc.what, code, b)
		}
	}
	body := `<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><c:filter><c:comp-filter name="VEVENT"/></c:filter></c:calendar-query>`
	if code, _, b := s.do(t, ann, "REPORT", col, body); code != http.StatusBadRequest || !strings.Contains(b, "valid-filter") {
		t.Errorf("a filter that does not start with VCALENDAR: %d %s", code, b)
	}
}
