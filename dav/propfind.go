package dav

import (
	"encoding/xml"
	"net/http"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/palette"
)

// Property names.
func dn(local string) xml.Name { return xml.Name{Space: nsDAV, Local: local} }
func cn(local string) xml.Name { return xml.Name{Space: nsCalDAV, Local: local} }

var (
	calendarData = cn("calendar-data")
	syncTokenEl  = dn("sync-token")
)

// propSet is the properties a resource has: name → inner XML.
type propSet map[xml.Name]string

// propRequest is which properties a request asks for.
type propRequest struct {
	all   bool // allprop (and an empty body)
	names bool // propname
	want  []xml.Name
}

// readPropRequest reads <prop>, <allprop/> or <propname/> among root's
// children.
func readPropRequest(root *anyElem) propRequest {
	if root == nil || root.child(nsDAV, "allprop") != nil {
		return propRequest{all: true}
	}
	if root.child(nsDAV, "propname") != nil {
		return propRequest{names: true}
	}
	var pr propRequest
	if p := root.child(nsDAV, "prop"); p != nil {
		for _, k := range p.Kids {
			pr.want = append(pr.want, k.XMLName)
		}
	}
	return pr
}

// write adds a resource with the properties pr asks for to m.
func (pr propRequest) write(m *ms, href string, set propSet) {
	var found []prop
	var missing []xml.Name
	switch {
	case pr.all || pr.names:
		for n, v := range set {
			if n == calendarData {
				continue // only when asked for by name
			}
			if pr.names {
				v = ""
			}
			found = append(found, prop{n, v})
		}
	default:
		for _, n := range pr.want {
			if v, ok := set[n]; ok {
				found = append(found, prop{n, v})
			} else {
				missing = append(missing, n)
			}
		}
	}
	m.response(href, found, missing)
}

// propfind answers PROPFIND at depth 0 or 1 (infinity is read as 1).
func (rq *request) propfind(t target) error {
	root, err := readXML(rq.r)
	if err != nil {
		return err
	}
	pr := readPropRequest(root)
	deep := rq.r.Header.Get("Depth") != "0"
	m := newMS()
	switch t.kind {
	case kindRoot:
		pr.write(m, Prefix+"/", rq.rootProps())
	case kindPrincipal:
		pr.write(m, principalPath(rq.p.Username), rq.principalProps())
	case kindHome:
		pr.write(m, homePath(rq.p.Username), rq.homeProps())
		if deep {
			cols, err := rq.s.Events.Collections(rq.ctx, rq.p.ID)
			if err != nil {
				return err
			}
			for _, c := range cols {
				pr.write(m, rq.collectionHref(c), rq.calendarProps(c))
			}
		}
	case kindCalendar:
		c, err := rq.collection(t.coll)
		if err != nil {
			return err
		}
		pr.write(m, rq.collectionHref(c), rq.calendarProps(c))
		if deep {
			objs, err := rq.s.Events.Objects(rq.ctx, rq.p.ID, c.ID, nil, rq.p.Loc)
			if err != nil {
				return err
			}
			for _, o := range objs {
				pr.write(m, rq.objectHref(c, o.Name), objectProps(o))
			}
		}
	case kindObject:
		c, o, err := rq.object(t)
		if err != nil {
			return err
		}
		pr.write(m, rq.objectHref(c, o.Name), objectProps(o))
	}
	m.send(rq.w, "")
	return nil
}

func (rq *request) rootProps() propSet {
	return propSet{
		dn("resourcetype"):           "<d:collection/>",
		dn("current-user-principal"): hrefElem(principalPath(rq.p.Username)),
	}
}

func (rq *request) principalProps() propSet {
	set := propSet{
		dn("resourcetype"):           "<d:collection/><d:principal/>",
		dn("current-user-principal"): hrefElem(principalPath(rq.p.Username)),
		dn("principal-URL"):          hrefElem(principalPath(rq.p.Username)),
		dn("displayname"):            esc(rq.p.Username),
		cn("calendar-home-set"):      hrefElem(homePath(rq.p.Username)),
	}
	if rq.p.Email != "" {
		set[cn("calendar-user-address-set")] = hrefElem("mailto:" + rq.p.Email)
	}
	return set
}

func (rq *request) homeProps() propSet {
	return propSet{
		dn("resourcetype"):               "<d:collection/>",
		dn("current-user-principal"):     hrefElem(principalPath(rq.p.Username)),
		dn("displayname"):                "Calendars",
		dn("owner"):                      hrefElem(principalPath(rq.p.Username)),
		dn("current-user-privilege-set"): privileges("read", "bind"),
	}
}

// calendarProps are a calendar collection's properties.
func (rq *request) calendarProps(c events.Collection) propSet {
	seq := strconv.FormatInt(c.Seq, 10)
	privs := privileges("read", "read-current-user-privilege-set")
	if c.Role.CanWrite() {
		privs = privileges("read", "read-current-user-privilege-set", "write-content", "bind", "unbind")
	}
	if c.Role.CanManage() {
		privs = privileges("read", "read-current-user-privilege-set", "write", "write-properties", "write-content", "bind", "unbind")
	}
	return propSet{
		dn("resourcetype"):                                "<d:collection/><c:calendar/>",
		dn("displayname"):                                 esc(c.Name),
		dn("current-user-principal"):                      hrefElem(principalPath(rq.p.Username)),
		dn("current-user-privilege-set"):                  privs,
		dn("supported-report-set"):                        supportedReports,
		syncTokenEl:                                       esc(syncToken(c.Seq)),
		xml.Name{Space: nsCS, Local: "getctag"}:           seq,
		cn("supported-calendar-component-set"):            `<c:comp name="VEVENT"/>`,
		cn("supported-calendar-data"):                     `<c:calendar-data content-type="text/calendar" version="2.0"/>`,
		cn("max-resource-size"):                           strconv.Itoa(events.MaxObjectBytes),
		xml.Name{Space: nsApple, Local: "calendar-color"}: palette.Hex(c.Color) + "FF",
	}
}

const supportedReports = `<d:supported-report><d:report><c:calendar-query/></d:report></d:supported-report>` +
	`<d:supported-report><d:report><c:calendar-multiget/></d:report></d:supported-report>` +
	`<d:supported-report><d:report><d:sync-collection/></d:report></d:supported-report>`

// privileges is a current-user-privilege-set of DAV privileges.
func privileges(names ...string) string {
	s := ""
	for _, n := range names {
		s += "<d:privilege><d:" + n + "/></d:privilege>"
	}
	return s
}

// objectProps are a resource's properties, its data included.
func objectProps(o events.Object) propSet {
	return propSet{
		dn("resourcetype"):     "",
		dn("getetag"):          esc(quote(o.ETag)),
		dn("getcontenttype"):   "text/calendar; charset=utf-8; component=vevent",
		dn("getcontentlength"): strconv.Itoa(len(o.Data)),
		dn("getlastmodified"):  o.Modified.UTC().Format(http.TimeFormat),
		calendarData:           esc(string(o.Data)),
	}
}

// syncTokenPrefix starts every sync token (a URI, RFC 6578).
const syncTokenPrefix = "https://eventcal.invalid/sync/"

func syncToken(seq int64) string { return syncTokenPrefix + strconv.FormatInt(seq, 10) }

// quote makes an ETag header value.
func quote(etag string) string { return `"` + etag + `"` }

// modTime formats a time for Last-Modified.
func modTime(t time.Time) string { return t.UTC().Format(http.TimeFormat) }
