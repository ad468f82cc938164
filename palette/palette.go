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
}

// Colors lists the palette in display order.
func Colors() []Color {
	return []Color{
		{"blue", "Blue"},
		{"green", "Green"},
		{"red", "Red"},
		{"orange", "Orange"},
		{"purple", "Purple"},
		{"teal", "Teal"},
		{"gray", "Gray"},
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
