package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestCheck(t *testing.T) {
	advs, err := parseAdvisories(strings.NewReader(`
# comment
example.com/a v1.70.0 GO-1 fixed in 1.70
example.com/a v1.34.0 GO-2 older
example.com/b v0.2.0 GO-3 not used
example.com/c unfixed:example.com/c/bad GO-4 no fix
example.com/d unfixed:example.com/d/bad GO-5 no fix, imported
`))
	if err != nil {
		t.Fatal(err)
	}
	versions := parseModules("github.com/eventcal/eventcal\nexample.com/a v1.69.9\nexample.com/c v1.0.0\nexample.com/d v0.1.0 => example.com/d v0.1.1\n")
	if versions["example.com/d"] != "v0.1.1" {
		t.Fatalf("replacement not read: %v", versions)
	}
	var out bytes.Buffer
	n := check(advs, versions, map[string]bool{"example.com/c/good": true, "example.com/d/bad/sub": true}, &out)
	if n != 2 {
		t.Fatalf("%d advisories apply, want 2 (GO-1, GO-5):\n%s", n, &out)
	}
	for _, want := range []string{"GO-1 ", "VULNERABLE: v1.69.9 < v1.70.0", "GO-3 ", "not in the build", "GO-4 ", "not imported", "GO-5 ", "the build imports"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, &out)
		}
	}
	if _, err := parseAdvisories(strings.NewReader("example.com/a 1.2 GO-9 no v\n")); err == nil {
		t.Error("a version without v accepted")
	}
}
