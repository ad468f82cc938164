package dav

import (
	"net/http"
	"strings"

	"github.com/eventcal/eventcal/ical"
)

// A calendar-query's filter (RFC 4791 9.7): nested comp-filters,
// prop-filters and param-filters with text-match or is-not-defined. The
// time-range of the VEVENT comp-filter is answered by the range query
// (every occurrence of a series counts); other filters are matched against
// the resource as GET returns it. A VEVENT filter matches a resource when
// one of its VEVENTs (the master or an override) matches.

// compFilter is a comp-filter.
type compFilter struct {
	name       string
	notDefined bool
	// absent marks a component eventcal never stores (VTODO…): it
	// matches nothing, whatever else the filter asks.
	absent bool
	props  []propFilter
	comps  []compFilter
}

// propFilter is a prop-filter, and paramFilter a param-filter: a property
// (parameter) that is not there (notDefined), or is there with a value
// text matches (every value when text is nil).
type propFilter struct {
	name       string
	notDefined bool
	text       *textMatch
	params     []paramFilter
}

type paramFilter struct {
	name       string
	notDefined bool
	text       *textMatch
}

// textMatch is a text-match: a substring under a collation, or its
// negation.
type textMatch struct {
	value  string
	fold   func(string) string
	negate bool
}

// errFilter refuses a filter eventcal does not evaluate.
func errFilter(what string) error {
	return &httpError{status: http.StatusForbidden, msg: "This filter is not supported: " + what + ".",
		condNS: nsCalDAV, cond: "supported-filter"}
}

// readFilter reads a calendar-query's filter element: the VCALENDAR
// comp-filter (nil when there is no filter) and the VEVENT time-range
// (nil for none).
func readFilter(f *anyElem) (*compFilter, *anyElem, error) {
	top := f.child(nsCalDAV, "comp-filter")
	if top == nil {
		return nil, nil, nil
	}
	if top.attr("name") != "VCALENDAR" {
		return nil, nil, &httpError{status: http.StatusBadRequest, msg: "The filter starts with a VCALENDAR comp-filter.",
			condNS: nsCalDAV, cond: "valid-filter"}
	}
	var tr *anyElem
	cf, err := readCompFilter(top, 0, &tr)
	return &cf, tr, err
}

// readCompFilter reads comp-filter e at depth (0 for the VCALENDAR); the
// time-range of a VEVENT directly in the VCALENDAR goes to *tr.
func readCompFilter(e *anyElem, depth int, tr **anyElem) (compFilter, error) {
	cf := compFilter{name: strings.ToUpper(e.attr("name"))}
	if depth == 1 && cf.name != "VEVENT" && cf.name != "VTIMEZONE" {
		cf.absent = true
	}
	for i := range e.Kids {
		k := &e.Kids[i]
		if k.XMLName.Space != nsCalDAV {
			continue
		}
		switch k.XMLName.Local {
		case "is-not-defined":
			cf.notDefined = true
		case "time-range":
			switch {
			case cf.absent:
			case depth == 1 && cf.name == "VEVENT" && *tr == nil:
				*tr = k
			default:
				return cf, errFilter("a time-range on " + cf.name)
			}
		case "prop-filter":
			pf, err := readPropFilter(k)
			if err != nil {
				return cf, err
			}
			cf.props = append(cf.props, pf)
		case "comp-filter":
			if depth >= 3 {
				return cf, errFilter("comp-filters nested this deep")
			}
			sub, err := readCompFilter(k, depth+1, tr)
			if err != nil {
				return cf, err
			}
			cf.comps = append(cf.comps, sub)
		}
	}
	return cf, nil
}

func readPropFilter(e *anyElem) (propFilter, error) {
	pf := propFilter{name: strings.ToUpper(e.attr("name"))}
	for i := range e.Kids {
		k := &e.Kids[i]
		if k.XMLName.Space != nsCalDAV {
			continue
		}
		var err error
		switch k.XMLName.Local {
		case "is-not-defined":
			pf.notDefined = true
		case "text-match":
			pf.text, err = readTextMatch(k)
		case "time-range":
			err = errFilter("a time-range on the property " + pf.name)
		case "param-filter":
			pp := paramFilter{name: strings.ToUpper(k.attr("name")), notDefined: k.child(nsCalDAV, "is-not-defined") != nil}
			if tm := k.child(nsCalDAV, "text-match"); tm != nil {
				pp.text, err = readTextMatch(tm)
			}
			pf.params = append(pf.params, pp)
		}
		if err != nil {
			return pf, err
		}
	}
	return pf, nil
}

// readTextMatch reads a text-match; a collation other than i;ascii-casemap
// (the default), i;octet and i;unicode-casemap is refused.
func readTextMatch(e *anyElem) (*textMatch, error) {
	tm := &textMatch{value: e.Text, negate: e.attr("negate-condition") == "yes"}
	switch e.attr("collation") {
	case "", "i;ascii-casemap":
		tm.fold = asciiLower
	case "i;unicode-casemap":
		tm.fold = strings.ToLower
	case "i;octet":
		tm.fold = func(s string) string { return s }
	default:
		return nil, &httpError{status: http.StatusForbidden, msg: "Text is matched with i;ascii-casemap, i;octet or i;unicode-casemap.",
			condNS: nsCalDAV, cond: "supported-collation"}
	}
	tm.value = tm.fold(tm.value)
	return tm, nil
}

// asciiLower lowers A–Z only (i;ascii-casemap).
func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + ('a' - 'A')
		}
		return r
	}, s)
}

func (tm *textMatch) match(v string) bool {
	return strings.Contains(tm.fold(v), tm.value) != tm.negate
}

// none reports whether the filter matches no resource of eventcal's.
func (f *compFilter) none() bool {
	if f.notDefined {
		return true
	}
	for _, c := range f.comps {
		if c.absent && !c.notDefined {
			return true
		}
	}
	return false
}

// needsData reports whether matching reads the resources' data: it
// asks for more than the VEVENTs (in a time-range).
func (f *compFilter) needsData() bool {
	if len(f.props) > 0 {
		return true
	}
	for _, c := range f.comps {
		if c.name != "VEVENT" || c.notDefined || len(c.props) > 0 || len(c.comps) > 0 {
			return true
		}
	}
	return false
}

// matchRoot reports whether a resource (its VCALENDAR) matches.
func (f *compFilter) matchRoot(cal ical.Component) bool {
	return !f.notDefined && cal.Name == "VCALENDAR" && f.matchComp(cal)
}

// matchIn reports whether scope has a component the filter matches (or,
// with is-not-defined, has none of its name).
func (f *compFilter) matchIn(scope ical.Component) bool {
	comps := scope.Named(f.name)
	if f.notDefined || f.absent {
		return f.notDefined && len(comps) == 0
	}
	for _, c := range comps {
		if f.matchComp(c) {
			return true
		}
	}
	return false
}

// matchComp reports whether c meets every prop-filter and comp-filter.
func (f *compFilter) matchComp(c ical.Component) bool {
	for _, p := range f.props {
		if !p.match(c) {
			return false
		}
	}
	for _, s := range f.comps {
		if !s.matchIn(c) {
			return false
		}
	}
	return true
}

func (p *propFilter) match(c ical.Component) bool {
	props := c.PropsNamed(p.name)
	if p.notDefined {
		return len(props) == 0
	}
	for _, pr := range props {
		if p.matchProp(pr) {
			return true
		}
	}
	return false
}

func (p *propFilter) matchProp(pr ical.Prop) bool {
	if p.text != nil && !p.text.match(pr.Value) {
		return false
	}
	for _, pp := range p.params {
		vals, ok := pr.Params[pp.name]
		if pp.notDefined || !ok {
			if pp.notDefined != !ok {
				return false
			}
			continue
		}
		if pp.text != nil && !anyMatch(pp.text, vals) {
			return false
		}
	}
	return true
}

func anyMatch(tm *textMatch, vals []string) bool {
	for _, v := range vals {
		if tm.match(v) {
			return true
		}
	}
	return false
}
