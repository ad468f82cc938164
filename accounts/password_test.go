package accounts

import (
	"errors"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"
)

func TestCheckPasswordPolicy(t *testing.T) {
	refused := []struct{ password, username, email, reason string }{
		{"abcdefghi", "someone", "", "at least 10 characters"},
		{"12345678901234", "someone", "", "only of digits"},
		{"margaret_h2024!", "margaret_h", "", "similar to your username"},
		{"!!h_teragram!!", "margaret_h", "", "similar to your username"},
		{"MargaretH-rocks", "margaret.h", "", "similar to your username"},
		{"maggie.plum.42", "someone", "maggie.plum.42@example.com", "similar to your email"},
		{"xylophone1", "my.xylophone1.account", "", "similar to your username"},
		{"password1234", "someone", "", "common password"},
		{"qwertyuiop123", "someone", "", "too easy to guess"},
		{"abcdefghijklmnop", "someone", "", "sequences like abc"},
		{"sunshine2000", "someone", "", "too easy to guess"},
		{strings.Repeat("plum tree ", 13), "someone", "", "at most 128"},
	}
	for _, tc := range refused {
		err := CheckPassword(tc.password, tc.username, tc.email)
		var weak *WeakPasswordError
		if !errors.As(err, &weak) || !strings.Contains(weak.Reason, tc.reason) {
			t.Errorf("%q: got %v, want a refusal saying %q", tc.password, err, tc.reason)
		}
	}
	accepted := []string{
		goodPassword,
		"a sturdy admin passphrase",
		"the quick brown fox jumps over the lazy dog near 7 purple lakes today",
		"Amber lanterns drift over quiet harbours while nine stubborn goats debate philosophy; meanwhile, a violet tram hums by the mill.", // 128 characters
	}
	long := "copper kettles whistle while seventeen otters juggle neon lemons"
	if len(long) != 64 {
		t.Fatalf("fixture is %d characters", len(long))
	}
	accepted = append(accepted, long)
	for _, p := range accepted {
		if err := CheckPassword(p, "someone", "someone@example.com"); err != nil {
			t.Errorf("%q refused: %v", p, err)
		}
	}
}

func TestHashPasswordBeyondBcryptLimit(t *testing.T) {
	long := strings.Repeat("copper kettle ", 8) // 112 bytes: bcrypt alone would see 72
	hash, err := HashPassword(long, bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, prehashPrefix) || !CompareHash(hash, long) {
		t.Fatalf("long password does not round-trip: %q", hash)
	}
	if CompareHash(hash, long[:72]) || CompareHash(hash, long+"x") {
		t.Fatal("a different long password matches")
	}
	short, err := HashPassword(goodPassword, bcrypt.MinCost)
	if err != nil || strings.HasPrefix(short, prehashPrefix) || !CompareHash(short, goodPassword) || CompareHash(short, goodPassword+"!") {
		t.Fatalf("short password: %q %v", short, err)
	}
	s := New(Deps{BcryptCost: bcrypt.MinCost + 1})
	if c, err := bcrypt.Cost([]byte(s.dummy)); err != nil || c != s.cost {
		t.Fatalf("the dummy hash costs %d, real ones %d: unknown users would answer faster", c, s.cost)
	}
}

func TestUsernameAndEmailRules(t *testing.T) {
	for _, ok := range []string{"bob", "Jane.Doe-99", "a_b", strings.Repeat("x", 150)} {
		if p := usernameProblem(ok); p != "" {
			t.Errorf("%q refused: %s", ok, p)
		}
	}
	for _, bad := range []string{"", "ab", "has space", "émile", "a/b", "x@y", strings.Repeat("x", 151), "аdmin"} {
		if usernameProblem(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	for _, ok := range []string{"", "a@example.com", "first.last+tag@sub.example.org"} {
		if p := emailProblem(ok); p != "" {
			t.Errorf("%q refused: %s", ok, p)
		}
	}
	for _, bad := range []string{"plain", "a@b", "Bob <bob@example.com>", "a@@example.com", "a@example.com,b@example.com", strings.Repeat("a", 250) + "@x.io"} {
		if emailProblem(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	var inv *InvalidError
	if err := CheckUsername("x"); !errors.As(err, &inv) || inv.Field != "username" {
		t.Errorf("CheckUsername: %v", err)
	}
}
