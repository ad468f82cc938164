// Package assets embeds the static files and serves them under
// content-hashed URLs so they can be cached forever.
package assets

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"
)

//go:embed css/*.css js/*.js js/*.gz packed
var files embed.FS

// File is one servable asset.
type File struct {
	URL         string
	ContentType string
	Body        []byte
	// Gzip is Body's gzip encoding, made once: the committed zopfli copy
	// when it holds Body (see packedCopy), else gzip's best level.
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
// minified upstream) and the app's own scripts, minified at start-up
// (drag.js and keys.js are loaded on demand).
var scripts = map[string]string{"htmx.js": "js/htmx.min.js", "sse.js": "js/htmx-ext-sse.min.js", "app.js": "js/app.js", "drag.js": "js/drag.js", "keys.js": "js/keys.js"}

// Load builds the manifest: every css/*.css is concatenated in name order
// into app.css, and the app's own scripts are minified; each script is
// served after a compile hint line.
func Load() (*Manifest, error) {
	m := &Manifest{byName: map[string]*File{}, byURL: map[string]*File{}}
	min := minify.New()
	min.AddFunc("text/css", css.Minify)
	min.AddFunc("text/javascript", js.Minify)
	src, err := concat("css")
	if err != nil {
		return nil, err
	}
	style, err := min.Bytes("text/css", src)
	if err != nil {
		return nil, fmt.Errorf("assets: app.css: %w", err)
	}
	m.add("app.css", "text/css; charset=utf-8", style, precompressed(packedCopy("app.css", ""), style))
	for name, file := range scripts {
		b, err := files.ReadFile(file)
		if err != nil {
			return nil, err
		}
		if !strings.HasSuffix(file, ".min.js") {
			if b, err = min.Bytes("text/javascript", b); err != nil {
				return nil, fmt.Errorf("assets: %s: %w", name, err)
			}
		}
		body := append([]byte(compileHint), b...)
		m.add(name, "text/javascript; charset=utf-8", body, precompressed(packedCopy(name, file), body))
	}
	return m, nil
}

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
		buf.Write(b)
		buf.WriteByte('\n')
	}
	return buf.Bytes(), nil
}

// add serves body under its hashed URL, with gz as its gzip encoding (nil:
// compressed here).
func (m *Manifest) add(name, ctype string, body, gz []byte) {
	if gz == nil {
		gz = gzipBest(body)
	}
	f := hashed("/assets/", name, ctype, body)
	f.Gzip = gz
	m.byName[name] = f
	m.byURL[f.URL] = f
}

// Names are the logical names of every file, in order.
func (m *Manifest) Names() []string {
	names := make([]string, 0, len(m.byName))
	for n := range m.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// URLs are the hashed URLs of every file, in name order.
func (m *Manifest) URLs() []string {
	names := m.Names()
	urls := make([]string, len(names))
	for i, n := range names {
		urls[i] = m.byName[n].URL
	}
	return urls
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

// packedCopy is where the committed zopfli copy of a served file is: beside
// a vendored script (js/htmx.min.js.gz), in packed/ for the app's own files,
// which are minified here (packed/app.css.gz). scripts/precompress.sh makes
// them from the served bytes; zopfli packs them 2-10 % smaller than gzip's
// best level (app.css: about 500 bytes less on every first load).
func packedCopy(name, file string) string {
	if strings.HasSuffix(file, ".min.js") {
		return file + ".gz"
	}
	return "packed/" + name + ".gz"
}

// precompressed is the committed gzip copy at path when it holds exactly
// body; else nil (an out-of-date copy costs bytes, never wrong content).
func precompressed(path string, body []byte) []byte {
	gz, err := files.ReadFile(path)
	if err != nil {
		return nil
	}
	r, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil
	}
	if b, err := io.ReadAll(r); err != nil || !bytes.Equal(b, body) {
		return nil
	}
	return gz
}

// gzipBest compresses b at gzip's best level.
func gzipBest(b []byte) []byte {
	var buf bytes.Buffer
	w, _ := kgzip.NewWriterLevel(&buf, kgzip.BestCompression) // the level is valid
	_, _ = w.Write(b)                                         // writes to a buffer do not fail
	_ = w.Close()
	return buf.Bytes()
}
