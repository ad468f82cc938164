package dav_test

import (
	"fmt"
	"html"
	"net/http"
	"strings"
	"testing"
)

// Resource names with "%", spaces and other reserved characters round-trip
// through the hrefs the server writes: a multiget of those hrefs finds
// every one (vdirsyncer's sync failed on a name holding "%", whose href
// the multiget unescaped twice).
func TestHrefsOfUnusualNames(t *testing.T) {
	s := startServer(t)
	ann := s.user(t, "href", "UTC")
	col := firstCalendar(t, s.client(t, ann), ann)
	escaped := []string{"100%25%20sure.ics", "percent%2541.ics", "a+b&c;d.ics", "%C3%BCber.ics"}
	for i, name := range escaped {
		body := fmt.Sprintf(vevent, fmt.Sprintf("odd-%d", i), "20261214T090000Z", "20261214T100000Z", name)
		if code, _, b := s.do(t, ann, http.MethodPut, col+name, body); code != http.StatusCreated {
			t.Fatalf("PUT %s: %d %s", name, code, b)
		}
	}
	code, _, b := s.do(t, ann, "PROPFIND", col, `<d:propfind xmlns:d="DAV:"><d:prop><d:getetag/></d:prop></d:propfind>`, "Depth", "1")
	var hrefs []string
	for _, m := range hrefRe.FindAllStringSubmatch(b, -1) {
		if m[1] != col {
			hrefs = append(hrefs, html.UnescapeString(m[1]))
		}
	}
	if code != http.StatusMultiStatus || len(hrefs) != len(escaped) {
		t.Fatalf("PROPFIND: %d %v", code, hrefs)
	}
	// The hrefs as listed, and as the client that made them wrote them.
	for _, set := range [][]string{hrefs, prefixed(col, escaped)} {
		mg := `<c:calendar-multiget xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop><d:getetag/></d:prop>`
		for _, h := range set {
			mg += "<d:href>" + strings.ReplaceAll(h, "&", "&amp;") + "</d:href>"
		}
		mg += `</c:calendar-multiget>`
		code, _, b := s.do(t, ann, "REPORT", col, mg, "Depth", "1")
		if code != http.StatusMultiStatus || strings.Contains(b, "HTTP/1.1 404") || len(etagRe.FindAllString(b, -1)) != len(set) {
			t.Errorf("multiget of %v: %d %s", set, code, b)
		}
	}
	for _, h := range hrefs {
		if code, _, _ := s.do(t, ann, http.MethodGet, h, ""); code != http.StatusOK {
			t.Errorf("GET %s: %d", h, code)
		}
	}
}

func prefixed(prefix string, names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = prefix + n
	}
	return out
}
