package ical

import (
	"bytes"
	"strings"

	ics "github.com/arran4/golang-ical"
)

// Component is an iCalendar component as written: its name, properties
// and subcomponents. It is what a CalDAV filter (package dav) is matched
// against, without any decision about what eventcal stores.
type Component struct {
	Name  string // upper case: VCALENDAR, VEVENT, VALARM…
	Props []Prop
	Subs  []Component
}

// Prop is one property: its name and parameters (names upper case) and its
// value, with the TEXT escapes (\, \; \n …) undone.
type Prop struct {
	Name   string
	Params map[string][]string
	Value  string
}

// Parse reads one iCalendar object into its component tree, the VCALENDAR
// at the root. A file whose shape Decode refuses is an *Error.
func Parse(data []byte) (Component, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if _, err := scan(data, DefaultMaxEvents); err != nil {
		return Component{}, err
	}
	cal, err := ics.ParseCalendar(bytes.NewReader(data))
	if err != nil {
		return Component{}, &Error{Msg: "The file is not a valid iCalendar file."}
	}
	root := Component{Name: "VCALENDAR"}
	for _, p := range cal.CalendarProperties {
		root.Props = append(root.Props, treeProp(p.BaseProperty))
	}
	for _, c := range cal.Components {
		root.Subs = append(root.Subs, treeOf(c))
	}
	return root, nil
}

func treeOf(c ics.Component) Component {
	out := Component{Name: componentName(c)}
	for _, p := range c.UnknownPropertiesIANAProperties() {
		out.Props = append(out.Props, treeProp(p.BaseProperty))
	}
	for _, s := range c.SubComponents() {
		out.Subs = append(out.Subs, treeOf(s))
	}
	return out
}

func treeProp(p ics.BaseProperty) Prop {
	params := make(map[string][]string, len(p.ICalParameters))
	for k, v := range p.ICalParameters {
		params[strings.ToUpper(k)] = v
	}
	return Prop{Name: strings.ToUpper(p.IANAToken), Params: params, Value: ics.FromText(p.Value)}
}

// componentName is the name a parsed component was written with.
func componentName(c ics.Component) string {
	switch v := c.(type) {
	case *ics.VEvent:
		return "VEVENT"
	case *ics.VTodo:
		return "VTODO"
	case *ics.VJournal:
		return "VJOURNAL"
	case *ics.VBusy:
		return "VFREEBUSY"
	case *ics.VTimezone:
		return "VTIMEZONE"
	case *ics.VAlarm:
		return "VALARM"
	case *ics.Standard:
		return "STANDARD"
	case *ics.Daylight:
		return "DAYLIGHT"
	case *ics.GeneralComponent:
		return strings.ToUpper(v.Token)
	}
	return ""
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
