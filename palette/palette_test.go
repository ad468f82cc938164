package palette

import "testing"

func TestPalette(t *testing.T) {
	if _, ok := Name(Default); !ok {
		t.Fatal("the default colour is not in the palette")
	}
	seen := map[string]bool{}
	for _, c := range Colors() {
		if seen[c.Key] || c.Name == "" {
			t.Fatalf("palette entry %+v repeated or unnamed", c)
		}
		seen[c.Key] = true
		if Or(c.Key) != c.Key {
			t.Errorf("Or(%q) = %q", c.Key, Or(c.Key))
		}
	}
	for _, bad := range []string{"", "Blue", "javascript:", "#fff"} {
		if _, ok := Name(bad); ok || Or(bad) != Default {
			t.Errorf("%q accepted", bad)
		}
	}
}
