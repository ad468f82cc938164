package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// newHTTPClient is a client that follows no redirects and leaves
// Accept-Encoding to the caller (no transparent gzip).
func newHTTPClient(jar http.CookieJar) *http.Client {
	return &http.Client{
		Jar:       jar,
		Timeout:   30 * time.Second,
		Transport: &http.Transport{DisableCompression: true, MaxIdleConnsPerHost: 4},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

func saveBody(res *http.Response, path string) error {
	defer res.Body.Close()
	if res.StatusCode != 200 {
		return fmt.Errorf("status %d", res.StatusCode)
	}
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// browser is a signed-in session of the measured user.
type browser struct {
	base string
	http *http.Client
	csrf string // the session's CSRF token (from the last page's meta tag)
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

// login signs user in through the real form: GET /login for the token
// and the cookies, POST /login, then GET /events/new (which reads no
// events, so the user's cache stays cold) for the new session's token.
func login(base, user string) (*browser, error) {
	jar, _ := cookiejar.New(nil)
	br := &browser{base: base, http: newHTTPClient(jar)}
	if _, err := br.fetch("/login", nil, 200); err != nil {
		return nil, err
	}
	form := url.Values{"username": {user}, "password": {benchPassword}, "_csrf": {br.csrf}}
	res, err := br.http.PostForm(base+"/login", form)
	if err != nil {
		return nil, err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("POST /login: status %d", res.StatusCode)
	}
	if _, err := br.fetch("/events/new", nil, 200); err != nil {
		return nil, err
	}
	return br, nil
}

// reply is one probed response.
type reply struct {
	body    []byte
	queries int // X-DB-Queries, -1 when absent
	gzip    bool
}

// fetch GETs path with headers ("Name", "value" pairs) and expects status.
func (br *browser) fetch(path string, headers []string, status int) (reply, error) {
	req, err := http.NewRequest(http.MethodGet, br.base+path, nil)
	if err != nil {
		return reply{}, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := br.http.Do(req)
	if err != nil {
		return reply{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return reply{}, err
	}
	if res.StatusCode != status {
		return reply{}, fmt.Errorf("GET %s: status %d, want %d", path, res.StatusCode, status)
	}
	r := reply{body: b, queries: -1, gzip: res.Header.Get("Content-Encoding") == "gzip"}
	if v := res.Header.Get("X-DB-Queries"); v != "" {
		r.queries, _ = strconv.Atoi(v)
	}
	if !r.gzip {
		if m := metaCSRF.FindSubmatch(b); m != nil {
			br.csrf = string(m[1])
		}
	}
	return r, nil
}

// cookieHeader is the Cookie header of the session (for wrk).
func (br *browser) cookieHeader() string {
	u, _ := url.Parse(br.base)
	var parts []string
	for _, c := range br.http.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}

// headersOf are a page's request headers, as a browser sends them.
func headersOf(p pageSpec, gzip bool) []string {
	var h []string
	if gzip {
		h = append(h, "Accept-Encoding", "gzip")
	}
	if p.htmx {
		h = append(h, "HX-Request", "true")
	}
	return h
}

// probe is what one page costs, measured request by request.
type probe struct {
	raw, gzip        int
	sqlCold, sqlWarm int
	redisPerReq      float64
}

// probePage measures sizes, SQL queries (cold: first request after a fresh
// sign-in, which drops the user's cache; warm: the next one) and Redis
// commands per warm request (INFO stats deltas; the least of three tries,
// since other clients of the server only add to it).
func (b *bench) probePage(ctx context.Context, base string, p pageSpec) (probe, error) {
	var pr probe
	br, err := login(base, benchUser)
	if err != nil {
		return pr, err
	}
	cold, err := br.fetch(p.path, headersOf(p, true), 200)
	if err != nil {
		return pr, err
	}
	warm, err := br.fetch(p.path, headersOf(p, true), 200)
	if err != nil {
		return pr, err
	}
	raw, err := br.fetch(p.path, headersOf(p, false), 200)
	if err != nil {
		return pr, err
	}
	if !warm.gzip {
		return pr, fmt.Errorf("%s: no gzip answer to Accept-Encoding: gzip", p.path)
	}
	pr.sqlCold, pr.sqlWarm, pr.raw, pr.gzip = cold.queries, warm.queries, len(raw.body), len(warm.body)

	const n = 50
	best := math.MaxInt64
	for range 3 {
		before, err := commandsProcessed(ctx, b.rdb)
		if err != nil {
			return pr, err
		}
		for range n {
			if _, err := br.fetch(p.path, headersOf(p, true), 200); err != nil {
				return pr, err
			}
		}
		after, err := commandsProcessed(ctx, b.rdb)
		if err != nil {
			return pr, err
		}
		best = min(best, int(after-before-1)) // minus the first INFO itself
	}
	pr.redisPerReq = float64(best) / n
	return pr, nil
}
