package handlers

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"image/png"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/eventcal/eventcal/assets"
)

// TestWebManifest: every page links the manifest, which makes eventcal
// installable: names, start URL, standalone, colours and PNG icons of the
// sizes it says, a maskable one among them.
func TestWebManifest(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	page := c.get("/login").Body
	for _, want := range []string{`<link rel="manifest" href="/manifest.webmanifest">`,
		`<meta name="theme-color" media="(prefers-color-scheme:dark)" content="#0d1117"><meta name="theme-color" content="#fff">`} {
		if !strings.Contains(page, want) {
			t.Errorf("the login page lacks %s", want)
		}
	}
	r := c.get("/manifest.webmanifest")
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "application/manifest+json" {
		t.Fatalf("manifest: %d %q", r.StatusCode, r.Header.Get("Content-Type"))
	}
	var m webManifest
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatal(err)
	}
	if m.Name != "eventcal" || m.ShortName != "eventcal" || m.StartURL != "/" || m.Scope != "/" || m.Display != "standalone" ||
		m.ThemeColor != appColor || m.BackgroundColor != appColor {
		t.Errorf("manifest: %+v", m)
	}
	seen := map[string]bool{}
	for _, ic := range m.Icons {
		res := c.get(ic.Src)
		if res.StatusCode != 200 || res.Header.Get("Content-Type") != ic.Type ||
			res.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %d %q %q", ic.Src, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
			continue
		}
		if ic.Type != "image/png" {
			continue
		}
		img, err := png.DecodeConfig(strings.NewReader(res.Body))
		if err != nil {
			t.Errorf("%s: %v", ic.Src, err)
			continue
		}
		if got := fmt.Sprintf("%dx%d", img.Width, img.Height); got != ic.Sizes {
			t.Errorf("%s is %s, the manifest says %s", ic.Src, got, ic.Sizes)
		}
		seen[ic.Sizes+" "+ic.Purpose] = true
	}
	for _, want := range []string{"192x192 any", "512x512 any", "512x512 maskable"} {
		if !seen[want] {
			t.Errorf("no %s PNG icon in %+v", want, m.Icons)
		}
	}
	if r := c.get("/icons/icon-192.png"); r.StatusCode != 404 {
		t.Errorf("an icon without its hash answered %d", r.StatusCode)
	}
}

var workerVersion = regexp.MustCompile(`^var V = "([0-9a-f]{12})", SHELL = (\[[^\n]*\]);\n`)

// workerOf fetches /sw.js and returns its version and shell.
func workerOf(t *testing.T, c *client) (string, []string, *response) {
	t.Helper()
	r := c.get("/sw.js")
	m := workerVersion.FindStringSubmatch(r.Body)
	if r.StatusCode != 200 || m == nil {
		t.Fatalf("sw.js: %d %.200s", r.StatusCode, r.Body)
	}
	var shell []string
	if err := json.Unmarshal([]byte(m[2]), &shell); err != nil {
		t.Fatal(err)
	}
	return m[1], shell, r
}

// TestServiceWorkerScript: /sw.js is never kept by the HTTP cache, fits
// its budget, keeps the page's assets and the offline pages, and its
// version follows the assets.
func TestServiceWorkerScript(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	version, shell, r := workerOf(t, c)
	if ct := r.Header.Get("Content-Type"); ct != "text/javascript; charset=utf-8" {
		t.Errorf("sw.js Content-Type %q", ct)
	}
	if cc := r.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("sw.js Cache-Control %q, want no-cache", cc)
	}
	var gz bytes.Buffer
	w, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	_, _ = w.Write([]byte(r.Body))
	_ = w.Close()
	t.Logf("sw.js: %d bytes, %d gzip", len(r.Body), gz.Len())
	if gz.Len() > 4096 {
		t.Errorf("sw.js weighs %d bytes gzip, over its budget of 4096", gz.Len())
	}
	page := c.get("/login").Body
	for _, m := range regexp.MustCompile(`(?:src|href)="(/assets/[^"]+)"`).FindAllStringSubmatch(page, -1) {
		if !contains(shell, m[1]) {
			t.Errorf("the worker's shell lacks %s: %v", m[1], shell)
		}
	}
	for _, p := range []string{"/offline", "/offline?what=write"} {
		if !contains(shell, p) {
			t.Errorf("the worker's shell lacks %s", p)
		}
	}
	for _, u := range shell {
		if res := c.get(u); res.StatusCode != 200 {
			t.Errorf("shell %s: %d", u, res.StatusCode)
		}
	}
	if again, _, _ := workerOf(t, startServer(t).client(t)); again != version {
		t.Errorf("the same assets made version %s, then %s", version, again)
	}
	newer := func(d *Deps) {
		m, err := assets.Load()
		if err != nil {
			t.Fatal(err)
		}
		css := m.URL("app.css")
		f, _ := m.Lookup(css)
		d.Assets = m.WithBody("app.css", append(append([]byte(nil), f.Body...), ".later{}"...))
	}
	if next, _, _ := workerOf(t, startServer(t, newer).client(t)); next == version {
		t.Errorf("new assets kept the worker's version %s", version)
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestOfflinePages: the pages the worker shows offline, for a page it did
// not keep and for a change it could not send.
func TestOfflinePages(t *testing.T) {
	ts := startServer(t)
	c := ts.client(t)
	read, write := c.get("/offline"), c.get("/offline?what=write")
	if read.StatusCode != 200 || !strings.Contains(read.Body, "<h1>You are offline</h1>") {
		t.Errorf("/offline: %d %.300s", read.StatusCode, read.Body)
	}
	if write.StatusCode != 200 || !strings.Contains(write.Body, "You are offline — nothing was saved") {
		t.Errorf("/offline?what=write: %d %.300s", write.StatusCode, write.Body)
	}
}

// TestViewerMark: signed-in responses name their user opaquely (the same
// name each time, another for another user); signed-out ones name nobody;
// signed-in pages stay out of the HTTP cache.
func TestViewerMark(t *testing.T) {
	ts := startServer(t)
	anon := ts.client(t)
	if r := anon.get("/login"); r.Header.Get(headerViewer) != "" {
		t.Errorf("a signed-out page names a viewer")
	}
	marks := make([]string, 2)
	for i := range marks {
		name := uniqueName(t) + string(rune('a'+i))
		u := createUser(t, name, "correct horse battery staple", "UTC", false)
		c := ts.client(t)
		c.login(name, "correct horse battery staple")
		r1, r2 := c.get("/"), c.htmx("/calendar?view=week")
		marks[i] = r1.Header.Get(headerViewer)
		if marks[i] == "" || r2.Header.Get(headerViewer) != marks[i] || marks[i] == strconv.FormatInt(u.ID, 10) {
			t.Errorf("user %d: marks %q and %q", u.ID, marks[i], r2.Header.Get(headerViewer))
		}
		if cc := r1.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("signed-in dashboard: Cache-Control %q", cc)
		}
	}
	if marks[0] == marks[1] {
		t.Errorf("two users share the mark %q", marks[0])
	}
}
