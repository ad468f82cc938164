package quickadd

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a token.
type tokKind uint8

const (
	tWord  tokKind = iota + 1 // a run of letters, lower-cased
	tNum                      // a run of ASCII digits
	tPunct                    // any other single character
)

// token is one word, number or punctuation mark of the input.
type token struct {
	kind     tokKind
	text     string // lower-cased; dashes are all "-"
	num      int    // value of a tNum; -1 when it has more than 9 digits
	pos, end int    // byte offsets in the input
	sp       bool   // preceded by white space (or first)
}

// lex splits s into tokens. White space separates tokens and is dropped.
func lex(s string) []token {
	var toks []token
	sp := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		t := token{pos: i, sp: sp}
		switch {
		case unicode.IsSpace(r):
			sp = true
			i += size
			continue
		case '0' <= r && r <= '9':
			j := i
			for j < len(s) && '0' <= s[j] && s[j] <= '9' {
				j++
			}
			t.kind, t.text, t.num = tNum, s[i:j], number(s[i:j])
			i = j
		case unicode.IsLetter(r):
			j := i + size
			for j < len(s) {
				r2, n := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += n
			}
			t.kind, t.text = tWord, strings.ToLower(s[i:j])
			i = j
		default:
			t.kind, t.text = tPunct, string(r)
			if r == '–' || r == '—' {
				t.text = "-"
			}
			i += size
		}
		t.end = i
		toks = append(toks, t)
		sp = false
	}
	return toks
}

// number parses a run of digits, -1 when it is too long to matter.
func number(s string) int {
	if len(s) > 9 {
		return -1
	}
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// tokens gives the matchers their look-ups by index; every look-up past the
// end answers false.
type tokens []token

// word reports whether token i is one of the words.
func (ts tokens) word(i int, words ...string) bool {
	if i < 0 || i >= len(ts) || ts[i].kind != tWord {
		return false
	}
	for _, w := range words {
		if ts[i].text == w {
			return true
		}
	}
	return false
}

// punct reports whether token i is one of the marks.
func (ts tokens) punct(i int, marks ...string) bool {
	if i < 0 || i >= len(ts) || ts[i].kind != tPunct {
		return false
	}
	for _, m := range marks {
		if ts[i].text == m {
			return true
		}
	}
	return false
}

// num returns the value of token i when it is a number of at most digits
// digits.
func (ts tokens) num(i, digits int) (int, bool) {
	if i < 0 || i >= len(ts) || ts[i].kind != tNum || len(ts[i].text) > digits {
		return 0, false
	}
	return ts[i].num, true
}

// adj reports whether token i exists and touches the token before it.
func (ts tokens) adj(i int) bool { return i > 0 && i < len(ts) && !ts[i].sp }

// text returns token i's text, "" past the end.
func (ts tokens) text(i int) string {
	if i < 0 || i >= len(ts) {
		return ""
	}
	return ts[i].text
}

// kind returns token i's kind, 0 past the end.
func (ts tokens) kind(i int) tokKind {
	if i < 0 || i >= len(ts) {
		return 0
	}
	return ts[i].kind
}

// isDash reports whether token i is a range dash or "to".
func (ts tokens) isDash(i int) bool {
	return ts.punct(i, "-") || ts.word(i, "to", "through", "thru")
}
