package dav

import (
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
)

var (
	displayName   = dn("displayname")
	calendarColor = xml.Name{Space: nsApple, Local: "calendar-color"}
)

// setProps returns the properties a MKCALENDAR, MKCOL or PROPPATCH body
// sets (the children of every set/prop).
func setProps(root *anyElem) []anyElem {
	if root == nil {
		return nil
	}
	var out []anyElem
	for _, k := range root.Kids {
		if k.XMLName != dn("set") {
			continue
		}
		if p := k.child(nsDAV, "prop"); p != nil {
			out = append(out, p.Kids...)
		}
	}
	return out
}

// mkcalendar answers MKCALENDAR (and an extended MKCOL): a new calendar
// of the user's, named by the path segment the client chose.
func (rq *request) mkcalendar(t target) error {
	if t.kind != kindCalendar {
		return &httpError{status: http.StatusForbidden, msg: "Calendars are made in the calendar home.", condNS: nsCalDAV, cond: "calendar-collection-location-ok"}
	}
	if _, err := rq.collection(t.coll); err == nil {
		rq.w.Header().Set("Allow", Allowed)
		return &httpError{status: http.StatusMethodNotAllowed, msg: "A calendar is already at this address."}
	}
	if len(t.coll) > 255 || strings.Trim(t.coll, "0123456789") == "" {
		return &httpError{status: http.StatusForbidden, msg: "Choose a calendar address that is not only digits.", condNS: nsCalDAV, cond: "calendar-collection-location-ok"}
	}
	root, err := readXML(rq.r)
	if err != nil {
		return err
	}
	in := events.CalendarInput{}
	for _, p := range setProps(root) {
		switch p.XMLName {
		case displayName:
			in.Name = strings.TrimSpace(p.Text)
		case calendarColor:
			in.Color = palette.Nearest(strings.TrimSpace(p.Text))
		case cn("supported-calendar-component-set"):
			if !offersEvents(p) {
				return &httpError{status: http.StatusForbidden, msg: "eventcal calendars hold events (VEVENT) only.",
					condNS: nsCalDAV, cond: "supported-calendar-component"}
			}
		}
	}
	if _, err := rq.s.Events.CreateCollection(rq.ctx, rq.p.ID, t.coll, in); err != nil {
		return err
	}
	rq.w.Header().Set("Location", collectionPath(rq.p.Username, t.coll))
	rq.w.WriteHeader(http.StatusCreated)
	return nil
}

// offersEvents reports whether a supported-calendar-component-set names
// VEVENT.
func offersEvents(set anyElem) bool {
	for _, c := range set.Kids {
		if c.XMLName == cn("comp") && strings.EqualFold(c.attr("name"), "VEVENT") {
			return true
		}
	}
	return false
}

// proppatch answers PROPPATCH of a calendar: its name and colour (the
// owner's); other properties are refused, each on its own.
func (rq *request) proppatch(t target) error {
	if t.kind != kindCalendar {
		return &httpError{status: http.StatusForbidden, msg: "Only a calendar's name and colour can be changed.",
			condNS: nsDAV, cond: "cannot-modify-protected-property"}
	}
	c, err := rq.collection(t.coll)
	if err != nil {
		return err
	}
	root, err := readXML(rq.r)
	if err != nil {
		return err
	}
	if root == nil {
		return errBadRequest("A PROPPATCH needs a body.")
	}
	in := events.CalendarInput{Name: c.Name, Color: c.Color}
	var done []prop
	var refused []xml.Name
	for _, p := range setProps(root) {
		switch p.XMLName {
		case displayName:
			in.Name = strings.TrimSpace(p.Text)
			done = append(done, prop{name: p.XMLName})
		case calendarColor:
			in.Color = palette.Nearest(strings.TrimSpace(p.Text))
			done = append(done, prop{name: p.XMLName})
		default:
			refused = append(refused, p.XMLName)
		}
	}
	if len(done) > 0 {
		if !c.Role.CanManage() {
			return events.ErrForbidden
		}
		if err := rq.s.Events.UpdateCalendar(rq.ctx, rq.p.ID, c.ID, in); err != nil {
			return err
		}
	}
	m := newMS()
	m.b.WriteString("<d:response><d:href>" + esc(rq.collectionHref(c)) + "</d:href>")
	propstat(m, done, nil, "200 OK")
	propstat(m, nil, refused, "403 Forbidden")
	m.b.WriteString("</d:response>")
	m.send(rq.w, "")
	return nil
}

// propstat writes one propstat of names with a status (nothing when
// empty).
func propstat(m *ms, ps []prop, names []xml.Name, status string) {
	if len(ps) == 0 && len(names) == 0 {
		return
	}
	m.b.WriteString("<d:propstat><d:prop>")
	for _, p := range ps {
		writeElem(&m.b, p.name, "")
	}
	for _, n := range names {
		writeElem(&m.b, n, "")
	}
	m.b.WriteString("</d:prop><d:status>HTTP/1.1 " + status + "</d:status></d:propstat>")
}
