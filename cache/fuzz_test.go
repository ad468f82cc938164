package cache

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzNormalize: a search query's cached form is trimmed, lower-cased and
// single-spaced, normalising it again changes nothing (so one query has one
// key), and its key is stable.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Dentist", "  team   Meeting ", "ÉCOLE\tÉté", "İstanbul", "ß ẞ", "\xff\xfe", "a\u00a0b", "x\u2028y", "ǅ", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		n := Normalize(q)
		if Normalize(n) != n {
			t.Fatalf("Normalize(%q) = %q, but Normalize(%q) = %q", q, n, n, Normalize(n))
		}
		if n != strings.TrimSpace(n) || strings.Contains(n, "  ") {
			t.Fatalf("Normalize(%q) = %q is not trimmed and single-spaced", q, n)
		}
		for _, r := range n {
			if unicode.IsSpace(r) && r != ' ' {
				t.Fatalf("Normalize(%q) = %q keeps whitespace %U", q, n, r)
			}
		}
		if searchHash(n, 1) != searchHash(Normalize(q), 1) || searchHash(n, 1) == searchHash(n, 2) {
			t.Fatalf("search keys of %q are not stable or not per page", q)
		}
	})
}
