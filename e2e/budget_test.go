package e2e

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// Size budgets of the design, in gzip-compressed bytes as sent.
const (
	firstPageBudget = 30 * 1024 // the dashboard with everything it loads
	fragmentBudget  = 4 * 1024  // a navigation or search fragment
)

// gzipClient is a browser-like client that asks for gzip and reads the
// compressed bytes as they came (Go's transport would otherwise ask and
// decompress on its own).
type gzipClient struct {
	t    *testing.T
	base string
	http *http.Client
}

func newGzipClient(t *testing.T, base string) *gzipClient {
	jar, _ := cookiejar.New(nil)
	return &gzipClient{t: t, base: base, http: &http.Client{
		Jar:       jar,
		Timeout:   20 * time.Second,
		Transport: &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// get fetches a path with Accept-Encoding: gzip and extra header pairs,
// and returns the response with its body as sent.
func (c *gzipClient) get(path string, headers ...string) (*http.Response, []byte) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Accept-Encoding", "gzip")
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK {
		c.t.Fatalf("GET %s: status %d", path, res.StatusCode)
	}
	return res, body
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)"`)

// login signs in through the login form (the login page is read
// uncompressed to find its CSRF token).
func (c *gzipClient) login(username string) {
	c.t.Helper()
	res, err := c.http.Get(c.base + "/login")
	if err != nil {
		c.t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	m := csrfMeta.FindSubmatch(page)
	if m == nil {
		c.t.Fatal("no CSRF token on the login page")
	}
	form := url.Values{"username": {username}, "password": {testPassword}, "_csrf": {string(m[1])}}
	res, err = c.http.PostForm(c.base+"/login", form)
	if err != nil {
		c.t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login: status %d", res.StatusCode)
	}
}

// wantGzip fails unless the response was compressed with gzip.
func wantGzip(t *testing.T, what string, res *http.Response) {
	t.Helper()
	if ce := res.Header.Get("Content-Encoding"); ce != "gzip" {
		t.Errorf("%s: Content-Encoding %q, want gzip", what, ce)
	}
}

var assetRef = regexp.MustCompile(`(?:href|src)="(/assets/[^"]+)"`)

// TestBudgets measures, from real responses, the first full page of the
// dashboard with everything it loads, a month navigation fragment with
// about 40 events and a search fragment, compressed as sent; and checks
// that the assets are content-hashed and cached for a year.
func TestBudgets(t *testing.T) {
	srv := startServer(t)
	u := createUser(t, "budget", false)
	seedEvents(t, u.ID, busyMonth())
	c := newGzipClient(t, srv.URL)
	c.login(u.Username)

	res, html := c.get("/")
	wantGzip(t, "dashboard", res)
	total := len(html)
	t.Logf("dashboard HTML: %d bytes gzip", len(html))
	// The page's own asset references, read from the decompressed HTML.
	plain := gunzip(t, html)
	refs := assetRef.FindAllStringSubmatch(plain, -1)
	if len(refs) != 3 {
		t.Errorf("the dashboard loads %d assets, want 3 (app.css, htmx, app.js): %v", len(refs), refs)
	}
	// What app.js loads later (live updates and dragging when the page is
	// idle, the shortcuts at the first key press) is not part of the first
	// load; it is weighed here beside it.
	later := regexp.MustCompile(`<meta name="(?:live|drag|keys)-script" content="(/assets/[^"]+)"`).FindAllStringSubmatch(plain, -1)
	if len(later) != 3 {
		t.Errorf("the dashboard names %d scripts to load later, want 3 (SSE extension, drag.js, keys.js)", len(later))
	}
	for _, r := range later {
		_, body := c.get(r[1])
		t.Logf("%s, loaded later: %d bytes gzip", r[1], len(body))
	}
	hashed := regexp.MustCompile(`^/assets/[a-z]+\.[0-9a-f]{12}\.(css|js)$`)
	for _, r := range refs {
		path := r[1]
		res, body := c.get(path)
		wantGzip(t, path, res)
		if !hashed.MatchString(path) {
			t.Errorf("%s is not a content-hashed name", path)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
			t.Errorf("%s: Cache-Control %q, want public, max-age=31536000, immutable", path, cc)
		}
		t.Logf("%s: %d bytes gzip", path, len(body))
		total += len(body)
	}
	t.Logf("first page, all included: %d bytes gzip (budget %d)", total, firstPageBudget)
	if total > firstPageBudget {
		t.Errorf("first page weighs %d bytes gzip, over the budget of %d", total, firstPageBudget)
	}
	if n := strings.Count(plain, `class="ev `); n < 20 {
		t.Errorf("the dashboard shows %d chips: the month should be busy", n)
	}

	// Month navigation fragment: the ~40 events of June 2025.
	res, frag := c.get("/?view=month&date=2025-06-11", "HX-Request", "true", "HX-Current-URL", srv.URL+"/")
	wantGzip(t, "month fragment", res)
	fragPlain := gunzip(t, frag)
	if strings.Contains(fragPlain, "<html") || !strings.Contains(fragPlain, `id="calendar"`) {
		t.Error("the month navigation answer is not the calendar fragment")
	}
	t.Logf("month fragment (%d events shown as chips): %d bytes gzip (budget %d)", strings.Count(fragPlain, `class="ev `), len(frag), fragmentBudget)
	if len(frag) > fragmentBudget {
		t.Errorf("month fragment weighs %d bytes gzip, over the budget of %d", len(frag), fragmentBudget)
	}

	// Search fragment: a full page of results (20) with highlights, for a
	// user with more matches than a page holds.
	searcher := createUser(t, "budget_search", false)
	seedEvents(t, searcher.ID, append(busyMonth(), yogaClasses()...))
	c = newGzipClient(t, srv.URL)
	c.login(searcher.Username)
	res, sfrag := c.get("/search?q=yoga", "HX-Request", "true", "HX-Current-URL", srv.URL+"/search")
	wantGzip(t, "search fragment", res)
	sPlain := gunzip(t, sfrag)
	if n := strings.Count(sPlain, `<li class="search-result`); n != 20 {
		t.Errorf("search fragment holds %d results, want 20", n)
	}
	t.Logf("search fragment (20 results): %d bytes gzip (budget %d)", len(sfrag), fragmentBudget)
	if len(sfrag) > fragmentBudget {
		t.Errorf("search fragment weighs %d bytes gzip, over the budget of %d", len(sfrag), fragmentBudget)
	}
}

// gunzip decompresses a gzip body.
func gunzip(t *testing.T, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}
