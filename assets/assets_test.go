package assets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestServedAssetsAreMinified: every served file exists, and the app's own
// style sheet and script lose their comments and indentation.
func TestServedAssetsAreMinified(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.css", "htmx.js", "sse.js", "app.js"} {
		if m.URL(name) == "" {
			t.Errorf("%s is not served", name)
		}
	}
	for name, src := range map[string]string{"app.css": "css/00-base.css", "app.js": "js/app.js"} {
		f, _ := m.Lookup(m.URL(name))
		raw, err := files.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(raw, []byte("/*")) && !bytes.Contains(raw, []byte("//")) {
			t.Fatalf("%s holds no comment to strip", src)
		}
		body := string(f.Body)
		if strings.Contains(body, "/* ") || strings.Contains(body, "\n  ") {
			t.Errorf("%s still holds comments or indentation", name)
		}
	}
}

// TestServedFilesArePrecompressed: the served gzip encoding of every style
// sheet and script is its committed zopfli copy (packedCopy), which holds the
// served bytes: scripts/precompress.sh makes the copies again after a new
// htmx, or a change to the style sheet or the app's scripts.
func TestServedFilesArePrecompressed(t *testing.T) {
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	sources := map[string]string{"app.css": ""}
	for name, file := range scripts {
		sources[name] = file
	}
	for name, file := range sources {
		f, ok := m.Lookup(m.URL(name))
		if !ok {
			t.Fatalf("%s is not served", name)
		}
		path := packedCopy(name, file)
		gz, err := files.ReadFile(path)
		if err != nil {
			t.Errorf("%s has no zopfli copy (%v): run scripts/precompress.sh", name, err)
			continue
		}
		if !bytes.Equal(f.Gzip, gz) {
			t.Errorf("%s is gzipped at start-up: %s does not hold the served bytes (%d bytes, %d gzip): run scripts/precompress.sh", name, path, len(f.Body), len(f.Gzip))
		}
	}
}

// TestVendoredScriptsMatchPackages: htmx and its SSE extension are the
// files of the versions package-lock.json pins (npm ci installs them), and
// their licences are kept beside them.
func TestVendoredScriptsMatchPackages(t *testing.T) {
	for _, v := range []struct{ vendored, pkg, dist string }{
		{"js/htmx.min.js", "htmx.org", "dist/htmx.min.js"},
		{"js/htmx-ext-sse.min.js", "htmx-ext-sse", "dist/sse.min.js"},
	} {
		ours, err := files.ReadFile(v.vendored)
		if err != nil {
			t.Fatal(err)
		}
		lic := strings.TrimSuffix(strings.TrimSuffix(v.vendored, ".js"), ".min") + ".LICENSE"
		if b, err := os.ReadFile(lic); err != nil || !bytes.Contains(b, []byte("Zero-Clause BSD")) && !bytes.Contains(b, []byte("Zero Clause License")) {
			t.Errorf("%s: the licence is missing (%v)", lic, err)
		}
		theirs, err := os.ReadFile(filepath.Join("..", "node_modules", v.pkg, v.dist))
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatalf("%s is missing (CI=true): run `npm ci` at the repository root (%v)", v.pkg, err)
			}
			t.Skipf("%s is missing: run `npm ci` at the repository root to compare (%v)", v.pkg, err)
		}
		if !bytes.Equal(ours, theirs) {
			t.Errorf("%s differs from %s/%s of the pinned version: copy it again", v.vendored, v.pkg, v.dist)
		}
	}
}
