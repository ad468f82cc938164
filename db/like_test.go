package db

import "testing"

func TestEscapeLike(t *testing.T) {
	for in, want := range map[string]string{
		"plain":    "plain",
		"50%":      `50\%`,
		"a_b":      `a\_b`,
		`back\sl`:  `back\\sl`,
		`%_\ mix`:  `\%\_\\ mix`,
		"":         "",
		"unicodé_": `unicodé\_`,
	} {
		if got := EscapeLike(in); got != want {
			t.Errorf("EscapeLike(%q) = %q, want %q", in, got, want)
		}
	}
	if got := ContainsPattern("5%"); got != `%5\%%` {
		t.Errorf("ContainsPattern = %q", got)
	}
}
