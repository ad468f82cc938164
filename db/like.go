package db

import "strings"

// EscapeLike makes s match itself literally inside a LIKE or ILIKE pattern
// whose escape character is a backslash (every query in queries/ uses it).
func EscapeLike(s string) string {
	if !strings.ContainsAny(s, `\%_`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for _, r := range s {
		switch r {
		case '\\', '%', '_':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// ContainsPattern is a LIKE pattern matching s anywhere, literally.
func ContainsPattern(s string) string { return "%" + EscapeLike(s) + "%" }
