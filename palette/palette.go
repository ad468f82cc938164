// Package palette is the set of colours an event (and later a calendar)
// may have: stored keys and the names people see.
package palette

// Default is the colour of an event whose form names none.
const Default = "blue"

// Color is one colour of the palette: its stored key and the name users
// see (the colour is never the only signal).
type Color struct {
	Key  string
	Name string
	Hex  string // as the pages show it (#rrggbb), and calendar apps over CalDAV
}

// Colors lists the palette in display order.
func Colors() []Color {
	return []Color{
		{"blue", "Blue", "#1f6feb"},
		{"green", "Green", "#1a7f37"},
		{"red", "Red", "#cf222e"},
		{"orange", "Orange", "#d4760a"},
		{"purple", "Purple", "#8250df"},
		{"teal", "Teal", "#0e8a8a"},
		{"gray", "Gray", "#6e7781"},
	}
}

// Name returns the visible name of a key and whether the key is in the
// palette.
func Name(key string) (string, bool) {
	for _, c := range Colors() {
		if c.Key == key {
			return c.Name, true
		}
	}
	return "", false
}

// Or returns key when it is in the palette, otherwise Default.
func Or(key string) string {
	if _, ok := Name(key); ok {
		return key
	}
	return Default
}

// Hex returns the #rrggbb of a key (Default's when the key is not in the
// palette).
func Hex(key string) string {
	key = Or(key)
	for _, c := range Colors() {
		if c.Key == key {
			return c.Hex
		}
	}
	return ""
}

// Nearest returns the key of the palette colour closest to a #rrggbb or
// #rrggbbaa colour (Default when s is not one).
func Nearest(s string) string {
	r, g, b, ok := rgb(s)
	if !ok {
		return Default
	}
	best, dist := Default, -1
	for _, c := range Colors() {
		cr, cg, cb, _ := rgb(c.Hex)
		d := (r-cr)*(r-cr) + (g-cg)*(g-cg) + (b-cb)*(b-cb)
		if dist < 0 || d < dist {
			best, dist = c.Key, d
		}
	}
	return best
}

// rgb reads #rrggbb or #rrggbbaa.
func rgb(s string) (r, g, b int, ok bool) {
	if len(s) != 7 && len(s) != 9 || s[0] != '#' {
		return 0, 0, 0, false
	}
	var v [3]int
	for i := range v {
		hi, ok1 := hexDigit(s[1+2*i])
		lo, ok2 := hexDigit(s[2+2*i])
		if !ok1 || !ok2 {
			return 0, 0, 0, false
		}
		v[i] = hi<<4 | lo
	}
	return v[0], v[1], v[2], true
}

func hexDigit(c byte) (int, bool) {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0'), true
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10, true
	case c >= 'A' && c <= 'F':
		return int(c-'A') + 10, true
	}
	return 0, false
}
