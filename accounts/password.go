package accounts

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"
	"golang.org/x/crypto/bcrypt"
)

// BcryptCost is the cost of every stored password hash (Deps.BcryptCost
// lowers it in tests).
const BcryptCost = 12

// Password policy limits, in characters.
const (
	passwordMin = 10
	passwordMax = 128
	// zxcvbnMax bounds the estimator's work; a longer password is at least as
	// strong as its first zxcvbnMax characters.
	zxcvbnMax = 100
	// zxcvbnMinScore is the weakest accepted score (0–4; 3 is "safely
	// unguessable: moderate protection from offline attacks").
	zxcvbnMinScore = 3
)

// WeakPasswordError says why a password is refused, in words for the user.
type WeakPasswordError struct{ Reason string }

func (e *WeakPasswordError) Error() string { return e.Reason }

func weak(format string, args ...any) error {
	return &WeakPasswordError{Reason: fmt.Sprintf(format, args...)}
}

// CheckPassword applies the password policy for a user with this username
// and email (either may be empty): 10–128 characters, not only digits, not
// too similar to the username or email, and not easy to guess according to
// the zxcvbn estimator. The error is a *WeakPasswordError.
func CheckPassword(password, username, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case !utf8.ValidString(password):
		return weak("The password contains characters that are not valid text.")
	case n < passwordMin:
		return weak("Use at least %d characters (this one has %d). A few unrelated words make a good password.", passwordMin, n)
	case n > passwordMax:
		return weak("Use at most %d characters (this one has %d).", passwordMax, n)
	case strings.TrimFunc(password, unicode.IsDigit) == "":
		return weak("A password made only of digits is easy to guess. Use words, not a number.")
	}
	inputs := userInputs(username, email)
	if what := similarTo(password, username, email); what != "" {
		return weak("The password is too similar to your %s.", what)
	}
	if n > zxcvbnMax {
		password = string([]rune(password)[:zxcvbnMax])
	}
	r := zxcvbn.PasswordStrength(password, inputs)
	if r.Score < zxcvbnMinScore {
		return weak("This password is too easy to guess: %s. Add another word or two; uncommon words are better.", strengthWarning(r.Sequence))
	}
	return nil
}

// similarTo names the attribute the password is too similar to ("username",
// "email address"), or returns "". A password containing the attribute, or
// contained in it, forwards or backwards, ignoring case and punctuation, is
// too similar.
func similarTo(password, username, email string) string {
	local, _, _ := strings.Cut(email, "@")
	attrs := []struct{ what, value string }{
		{"username", username},
		{"email address", email},
		{"email address", local},
	}
	p := strings.ToLower(password)
	variants := []string{p, reverse(p), alnum(p), reverse(alnum(p))}
	for _, a := range attrs {
		v := strings.ToLower(a.value)
		for _, attr := range []string{v, alnum(v)} {
			if utf8.RuneCountInString(attr) < 3 {
				continue
			}
			for _, pv := range variants {
				if strings.Contains(pv, attr) {
					return a.what
				}
			}
			if strings.Contains(attr, p) || strings.Contains(attr, variants[1]) {
				return a.what
			}
		}
	}
	return ""
}

// userInputs are the words zxcvbn treats as known to an attacker: the
// username, the email and their parts.
func userInputs(username, email string) []string {
	var out []string
	for _, s := range []string{username, email} {
		if s == "" {
			continue
		}
		out = append(out, strings.ToLower(s))
		for _, part := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if utf8.RuneCountInString(part) >= 3 {
				out = append(out, part)
			}
		}
	}
	return out
}

func alnum(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, s)
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// strengthWarning explains a weak zxcvbn result from its longest match, in
// the words of zxcvbn's own feedback (which the Go port does not include).
func strengthWarning(seq []*match.Match) string {
	var m *match.Match
	for _, s := range seq {
		if m == nil || len(s.Token) > len(m.Token) {
			m = s
		}
	}
	if m == nil {
		return "it is short and predictable"
	}
	sole := len(seq) == 1
	switch m.Pattern {
	case "dictionary":
		switch m.DictionaryName {
		case "passwords":
			switch {
			case sole && !m.L33t && !m.Reversed && m.Rank <= 10:
				return "it is one of the 10 most common passwords"
			case sole && !m.L33t && !m.Reversed && m.Rank <= 100:
				return "it is one of the 100 most common passwords"
			case sole && !m.L33t && !m.Reversed:
				return "it is a very common password"
			default:
				return "it is similar to a commonly used password"
			}
		case "user_inputs":
			return "it is similar to your username or email address"
		case "english_wikipedia", "us_tv_and_film":
			if sole {
				return "a word by itself is easy to guess"
			}
			return "it is made of common words"
		case "surnames", "male_names", "female_names":
			if sole {
				return "names and surnames by themselves are easy to guess"
			}
			return "common names and surnames are easy to guess"
		}
		if m.L33t {
			return `predictable substitutions like "@" for "a" do not help much`
		}
		return "it is made of common words"
	case "spatial":
		if m.Turns == 1 {
			return "straight rows of keys are easy to guess"
		}
		return "short keyboard patterns are easy to guess"
	case "repeat":
		if utf8.RuneCountInString(m.BaseToken) == 1 {
			return `repeats like "aaa" are easy to guess`
		}
		return `repeats like "abcabcabc" are barely harder to guess than "abc"`
	case "sequence":
		return "sequences like abc or 6543 are easy to guess"
	case "regex":
		if m.RegexName == "recent_year" {
			return "recent years are easy to guess"
		}
	case "date":
		return "dates are often easy to guess"
	}
	if m.Guesses > 0 && math.Log10(m.Guesses) <= 4 {
		return "it is short and predictable"
	}
	return "it is predictable"
}

// prehashPrefix marks a stored hash whose password was longer than bcrypt's
// 72-byte input: such passwords are hashed as base64(SHA-256(password)).
const prehashPrefix = "bcrypt-sha256$"

// bcryptInput is what bcrypt sees of a password: the password itself, or its
// SHA-256 digest for long passwords and pre-hashed stored hashes (so every
// comparison costs one full bcrypt run).
func bcryptInput(password string, prehashed bool) []byte {
	if prehashed || len(password) > 72 {
		sum := sha256.Sum256([]byte(password))
		return []byte(base64.StdEncoding.EncodeToString(sum[:]))
	}
	return []byte(password)
}

// HashPassword hashes a password with bcrypt at cost; passwords longer than
// 72 bytes are pre-hashed (bcrypt ignores what follows).
func HashPassword(password string, cost int) (string, error) {
	b, err := bcrypt.GenerateFromPassword(bcryptInput(password, false), cost)
	if err != nil {
		return "", err
	}
	if len(password) > 72 {
		return prehashPrefix + string(b), nil
	}
	return string(b), nil
}

// CompareHash reports whether password matches a stored hash.
func CompareHash(hash, password string) bool {
	rest, prehashed := strings.CutPrefix(hash, prehashPrefix)
	return bcrypt.CompareHashAndPassword([]byte(rest), bcryptInput(password, prehashed)) == nil
}

// newDummyHash is a hash of a random password, compared against when the
// account does not exist so that unknown users take as long as known ones.
func newDummyHash(cost int) string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	// bcrypt takes at most 72 bytes; 32 random ones are plenty.
	hash, _ := bcrypt.GenerateFromPassword(b, cost)
	return string(hash)
}
