package ical

import (
	"bytes"
	"slices"
	"strings"

	goical "github.com/emersion/go-ical"
)

// Component is an iCalendar component as written: its name, properties
// and subcomponents. It is what a CalDAV filter (package dav) is matched
// against, without any decision about what eventcal stores.
type Component struct {
	Name  string // upper case: VCALENDAR, VEVENT, VALARM…
	Props []Prop
	Subs  []Component
}

// Prop is one property: its name and parameters (names upper case; only
// those Decode reads are kept) and its value, with the TEXT escapes (\,
// \; \n …) undone.
type Prop struct {
	Name   string
	Params map[string][]string
	Value  string
}

// Parse reads one iCalendar object into its component tree, the VCALENDAR
// at the root. A file whose shape Decode refuses is an *Error.
func Parse(data []byte) (Component, error) {
	lines, err := scan(data, DefaultMaxEvents)
	if err != nil {
		return Component{}, err
	}
	cal, err := goical.NewDecoder(bytes.NewReader(lines)).Decode()
	if err != nil {
		return Component{}, &Error{Msg: "The file is not a valid iCalendar file."}
	}
	return treeOf(cal.Component), nil
}

func treeOf(c *goical.Component) Component {
	out := Component{Name: strings.ToUpper(c.Name)}
	names := make([]string, 0, len(c.Props))
	for n := range c.Props {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		for _, p := range c.Props[n] {
			params := make(map[string][]string, len(p.Params))
			for k, v := range p.Params {
				params[strings.ToUpper(k)] = v
			}
			out.Props = append(out.Props, Prop{Name: strings.ToUpper(p.Name), Params: params, Value: unescapeText(p.Value)})
		}
	}
	for _, s := range c.Children {
		out.Subs = append(out.Subs, treeOf(s))
	}
	return out
}

// Named returns the subcomponents named name.
func (c Component) Named(name string) []Component {
	var out []Component
	for _, s := range c.Subs {
		if s.Name == name {
			out = append(out, s)
		}
	}
	return out
}

// PropsNamed returns the properties named name.
func (c Component) PropsNamed(name string) []Prop {
	var out []Prop
	for _, p := range c.Props {
		if p.Name == name {
			out = append(out, p)
		}
	}
	return out
}
