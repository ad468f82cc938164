package ical

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// maxLineOctets is the longest content line RFC 5545 (3.1) allows, CRLF
// not counted.
const maxLineOctets = 75

// writeFolded writes data, CRLF-terminated content lines as the library
// encodes them (unfolded), folding every line longer than 75 octets with
// CRLF and a space, never inside a UTF-8 sequence.
func writeFolded(w io.Writer, data []byte) error {
	bw := bufio.NewWriter(w)
	for len(data) > 0 {
		line, rest, _ := bytes.Cut(data, []byte("\r\n"))
		data = rest
		limit := maxLineOctets
		for len(line) > limit {
			n := limit
			for n > 0 && !utf8.RuneStart(line[n]) {
				n--
			}
			if n == 0 { // not UTF-8: cut anywhere
				n = limit
			}
			bw.Write(line[:n])
			bw.WriteString("\r\n ")
			line, limit = line[n:], maxLineOctets-1
		}
		bw.Write(line)
		bw.WriteString("\r\n")
	}
	return bw.Flush()
}

// addProp adds a property whose value is written as it is.
func addProp(props goical.Props, name, value string, params goical.Params) {
	props.Add(&goical.Prop{Name: name, Value: value, Params: params})
}

// addText adds a TEXT property, escaped. TEXT is also the default of X-
// properties, so no VALUE parameter is written.
func addText(props goical.Props, name, text string) {
	p := goical.NewProp(name)
	p.SetText(text)
	p.Params.Del(goical.ParamValue)
	props.Add(p)
}

// rawValue is the value of the first name property ("" when absent).
func rawValue(c *goical.Component, name string) string {
	if p := c.Props.Get(name); p != nil {
		return p.Value
	}
	return ""
}

// textValue is the first name property's TEXT value, unescaped ("" when
// absent); a value of another type (a VALUE parameter) is returned as it is.
func textValue(c *goical.Component, name string) string {
	p := c.Props.Get(name)
	switch {
	case p == nil:
		return ""
	case len(p.Params.Values(goical.ParamValue)) == 1 && !strings.EqualFold(p.Params.Get(goical.ParamValue), string(goical.ValueText)):
		return p.Value
	}
	return unescapeText(p.Value)
}

// unescapeText undoes TEXT escaping (\\ \; \, \n \N) and leaves anything
// else as it is: files in the wild have stray backslashes and unescaped
// commas, which the library's Prop.Text refuses or splits at.
func unescapeText(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) {
			switch s[i+1] {
			case '\\', ';', ',':
				c = s[i+1]
				i++
			case 'n', 'N':
				c = '\n'
				i++
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}
