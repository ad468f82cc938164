// Package assets embeds the static files and serves them under
// content-hashed URLs so they can be cached forever.
package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
)

//go:embed css/*.css js/*.js
var files embed.FS

// File is one servable asset.
type File struct {
	URL         string
	ContentType string
	Body        []byte
	// Gzip is Body compressed once at the best level (the files never
	// change, so the first page is as small as gzip makes it).
	Gzip []byte
}

// Manifest maps logical names ("app.css", "htmx.js", "sse.js", "app.js", "drag.js")
// to their hashed files. It is built once at start-up and read-only afterwards.
type Manifest struct {
	byName map[string]*File
	byURL  map[string]*File
}

// compileHint is Chrome's explicit compile hint (V8's magic comment): the
// script's functions are compiled with the script, while it streams in off
// the main thread, instead of one by one on first call (measured: a third
// less main-thread script time on the dashboard). Other browsers ignore it.
const compileHint = "//# allFunctionsCalledOnLoad\n"

// scripts are the served scripts: htmx and its SSE extension (vendored,
// minified upstream) and the app's own script.
var scripts = map[string]string{"htmx.js": "js/htmx.min.js", "sse.js": "js/htmx-ext-sse.min.js", "app.js": "js/app.js", "drag.js": "js/drag.js"}

// Load builds the manifest: every css/*.css is concatenated in name order
// into app.css, without comments; the scripts are served after a compile
// hint line, app.js without its comment lines and indentation.
func Load() (*Manifest, error) {
	m := &Manifest{byName: map[string]*File{}, byURL: map[string]*File{}}
	css, err := concat("css")
	if err != nil {
		return nil, err
	}
	m.add("app.css", "text/css; charset=utf-8", css)
	for name, src := range scripts {
		b, err := files.ReadFile(src)
		if err != nil {
			return nil, err
		}
		if name == "app.js" {
			b = Compact(b)
		}
		m.add(name, "text/javascript; charset=utf-8", append([]byte(compileHint), b...))
	}
	return m, nil
}

// Compact drops the lines that hold only a // comment, blank lines and
// leading indentation: what the reader needs and the browser does not (a
// tenth of app.js compressed). It relies on app.js having no template
// literals, so that no line is inside a string.
func Compact(src []byte) []byte {
	var out bytes.Buffer
	for line := range bytes.Lines(src) {
		t := bytes.TrimLeft(line, " \t")
		if len(bytes.TrimSpace(t)) == 0 || bytes.HasPrefix(t, []byte("//")) {
			continue
		}
		out.Write(t)
	}
	return out.Bytes()
}

// cssComment is a CSS comment (the style sheets hold no "/*" in a string).
var cssComment = regexp.MustCompile(`(?s)/\*.*?\*/\n?`)

func concat(dir string) ([]byte, error) {
	entries, err := fs.ReadDir(files, dir)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(entries))
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	var buf bytes.Buffer
	for _, n := range names {
		b, err := files.ReadFile(path.Join(dir, n))
		if err != nil {
			return nil, err
		}
		buf.Write(cssComment.ReplaceAll(b, nil))
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

func (m *Manifest) add(name, ctype string, body []byte) {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	url := "/assets/" + strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:6]) + ext
	f := &File{URL: url, ContentType: ctype, Body: body, Gzip: gzipBest(body)}
	m.byName[name] = f
	m.byURL[url] = f
}

// URL returns the hashed URL of a logical name.
func (m *Manifest) URL(name string) string {
	if f, ok := m.byName[name]; ok {
		return f.URL
	}
	return ""
}

// Lookup finds the file served at a hashed URL.
func (m *Manifest) Lookup(url string) (*File, bool) {
	f, ok := m.byURL[url]
	return f, ok
}

// gzipBest compresses b at gzip's best level.
func gzipBest(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression) // the level is valid
	_, _ = w.Write(b)                                       // writes to a buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}
