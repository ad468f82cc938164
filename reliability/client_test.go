package reliability

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// browser is one user agent: a cookie jar, no automatic redirects, and the
// CSRF token of the last page it loaded. Its methods return errors, so it
// can be used from any goroutine; the must* helpers fail the test.
type browser struct {
	t    *testing.T
	base string
	http *http.Client

	mu   sync.Mutex
	csrf string
}

func newBrowser(t *testing.T, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, http: &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// at returns a browser with the same cookies talking to another instance
// (the cookie jar ignores ports, as browsers do).
func (b *browser) at(base string) *browser {
	return &browser{t: b.t, base: base, http: b.http, csrf: b.token()}
}

func (b *browser) token() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.csrf
}

// page is a read response.
type page struct {
	Status   int
	Header   http.Header
	Body     string
	Duration time.Duration
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)"`)

func (b *browser) do(req *http.Request) (*page, error) {
	start := time.Now()
	res, err := b.http.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	p := &page{Status: res.StatusCode, Header: res.Header, Body: string(body), Duration: time.Since(start)}
	if m := metaCSRF.FindStringSubmatch(p.Body); m != nil && m[1] != "" {
		b.mu.Lock()
		b.csrf = m[1]
		b.mu.Unlock()
	}
	return p, nil
}

// get loads path; headers are name, value pairs.
func (b *browser) get(path string, headers ...string) (*page, error) {
	req, err := http.NewRequest(http.MethodGet, b.base+path, nil)
	if err != nil {
		return nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	return b.do(req)
}

// post submits a form with the current CSRF token.
func (b *browser) post(path string, form url.Values) (*page, error) {
	if b.token() == "" {
		if _, err := b.get("/login"); err != nil {
			return nil, err
		}
	}
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	if !f.Has("_csrf") {
		f.Set("_csrf", b.token())
	}
	req, err := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(f.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

func (b *browser) mustGet(path string, headers ...string) *page {
	b.t.Helper()
	p, err := b.get(path, headers...)
	if err != nil {
		b.t.Fatalf("GET %s: %v", path, err)
	}
	return p
}

func (b *browser) mustPost(path string, form url.Values) *page {
	b.t.Helper()
	p, err := b.post(path, form)
	if err != nil {
		b.t.Fatalf("POST %s: %v", path, err)
	}
	return p
}

// login signs in through the real form.
func (b *browser) login(username, password string) error {
	if _, err := b.get("/login"); err != nil {
		return err
	}
	p, err := b.post("/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		return err
	}
	if p.Status != http.StatusSeeOther {
		return fmt.Errorf("login as %s: status %d: %s", username, p.Status, snippet(p.Body))
	}
	// The CSRF token rotates at sign-in: load a page for the new one.
	_, err = b.get("/events/new")
	return err
}

func (b *browser) mustLogin(username, password string) {
	b.t.Helper()
	if err := b.login(username, password); err != nil {
		b.t.Fatal(err)
	}
}

// eventForm is the event form for a timed event on day (YYYY-MM-DD) from
// hour:00 for an hour.
func eventForm(title, desc, day string, hour int) url.Values {
	return url.Values{
		"title":       {title},
		"description": {desc},
		"start":       {fmt.Sprintf("%sT%02d:00", day, hour)},
		"end":         {fmt.Sprintf("%sT%02d:30", day, hour)},
	}
}

var eventLocation = regexp.MustCompile(`^/events/(\d+)$`)

// createEvent posts the event form and returns the new event's id.
func (b *browser) createEvent(form url.Values) (int64, error) {
	p, err := b.post("/events", form)
	if err != nil {
		return 0, err
	}
	return savedID(p)
}

// updateEvent posts the edit form.
func (b *browser) updateEvent(id int64, form url.Values) error {
	p, err := b.post("/events/"+strconv.FormatInt(id, 10), form)
	if err != nil {
		return err
	}
	_, err = savedID(p)
	return err
}

// deleteEvent posts the delete form.
func (b *browser) deleteEvent(id int64) error {
	p, err := b.post("/events/"+strconv.FormatInt(id, 10)+"/delete", nil)
	if err != nil {
		return err
	}
	if p.Status != http.StatusSeeOther {
		return fmt.Errorf("delete %d: status %d: %s", id, p.Status, snippet(p.Body))
	}
	return nil
}

// savedID reads the id from a create or update's 303 to /events/{id}.
func savedID(p *page) (int64, error) {
	m := eventLocation.FindStringSubmatch(p.Header.Get("Location"))
	if p.Status != http.StatusSeeOther || m == nil {
		return 0, fmt.Errorf("save: status %d, Location %q: %s", p.Status, p.Header.Get("Location"), snippet(p.Body))
	}
	return strconv.ParseInt(m[1], 10, 64)
}

func (b *browser) mustCreateEvent(form url.Values) int64 {
	b.t.Helper()
	id, err := b.createEvent(form)
	if err != nil {
		b.t.Fatal(err)
	}
	return id
}

var eventLink = regexp.MustCompile(`href="/events/(\d+)"`)

// eventIDs lists the distinct event ids linked from a page, sorted.
func eventIDs(body string) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, m := range eventLink.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// snippet shortens a body for a failure message.
func snippet(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 600 {
		s = s[:600] + "…"
	}
	return s
}
