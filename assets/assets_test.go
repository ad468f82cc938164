package assets

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCompactKeepsCodeOnly(t *testing.T) {
	src := "// a note\n(function () {\n  \"use strict\";\n\n  // another\n  var a = \"//not a comment\"; // kept\n})();\n"
	want := "(function () {\n\"use strict\";\nvar a = \"//not a comment\"; // kept\n})();\n"
	if got := string(Compact([]byte(src))); got != want {
		t.Fatalf("Compact:\n%s\nwant:\n%s", got, want)
	}
}

// Compact and the CSS comment filter hold only for sources without
// template literals and without "/*" in a CSS string.
func TestSourcesSuitCompaction(t *testing.T) {
	app, err := files.ReadFile("js/app.js")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsRune(app, '`') {
		t.Error("app.js holds a template literal: Compact could cut a line inside it")
	}
	css, err := concat("css")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(css, []byte("/*")) || bytes.Contains(css, []byte("*/")) {
		t.Error("app.css still holds a comment")
	}
	m, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.css", "htmx.js", "sse.js", "app.js"} {
		if m.URL(name) == "" {
			t.Errorf("%s is not served", name)
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
