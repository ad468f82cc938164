package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	mrand "math/rand/v2"
)

var (
	metaCSRF  = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)
	eventLink = regexp.MustCompile(`href="/events/(\d+)"`)
	savedPath = regexp.MustCompile(`^/events/(\d+)$`)
)

// event is what a client believes one of its events is.
type event struct {
	id    int64
	title string
	day   string
}

// client is one connection of one user.
type client struct {
	base string
	http *http.Client
	csrf string
	rng  *mrand.Rand
	tag  string
	seq  int
	mine []event
}

// newClient returns connection i, signed in as the user of jar and csrf,
// with a TCP connection of its own.
func newClient(i int, base string, timeout time.Duration, jar http.CookieJar, csrf string) *client {
	return &client{
		base: base,
		http: &http.Client{
			Jar:       jar,
			Timeout:   timeout,
			Transport: &http.Transport{MaxConnsPerHost: 1, MaxIdleConnsPerHost: 1},
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse
			},
		},
		csrf: csrf,
		rng:  mrand.New(mrand.NewPCG(uint64(i), uint64(time.Now().UnixNano()))),
		tag:  "c" + strconv.Itoa(i),
	}
}

// register creates a user through the registration form and returns its
// cookie jar and CSRF token.
func register(ctx context.Context, base string, timeout time.Duration) (http.CookieJar, string, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: timeout, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	if _, _, err := c.get(ctx, "/register", false); err != nil {
		return nil, "", err
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "load_" + hex.EncodeToString(b)
	pass := "Quartz lantern " + hex.EncodeToString(b[:3]) + " drifts over harbor!"
	status, hdr, _, err := c.post(ctx, "/register", url.Values{
		"username": {name}, "password": {pass}, "password_confirm": {pass}, "timezone": {"UTC"},
	})
	if err != nil {
		return nil, "", err
	}
	if status != http.StatusSeeOther {
		return nil, "", fmt.Errorf("register %s: status %d (%s)", name, status, hdr.Get("Location"))
	}
	if _, _, err := c.get(ctx, "/events/new", false); err != nil { // the token rotated at sign-in
		return nil, "", err
	}
	return jar, c.csrf, nil
}

func (c *client) get(ctx context.Context, path string, htmx bool) (int, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
	if err != nil {
		return 0, "", err
	}
	if htmx {
		req.Header.Set("HX-Request", "true")
	}
	status, _, body, err := c.do(req)
	return status, body, err
}

func (c *client) post(ctx context.Context, path string, form url.Values) (int, http.Header, string, error) {
	form.Set("_csrf", c.csrf)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, nil, "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) do(req *http.Request) (int, http.Header, string, error) {
	res, err := c.http.Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return 0, nil, "", err
	}
	body := string(b)
	if m := metaCSRF.FindStringSubmatch(body); m != nil {
		c.csrf = m[1]
	}
	return res.StatusCode, res.Header, body, nil
}
