package dav

import (
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/ical"
)

// report answers REPORT on a calendar: calendar-query, calendar-multiget
// and sync-collection.
func (rq *request) report(t target) error {
	root, err := readXML(rq.r)
	if err != nil {
		return err
	}
	if root == nil {
		return errBadRequest("A REPORT needs a body.")
	}
	if t.kind != kindCalendar {
		return &httpError{status: http.StatusForbidden, msg: "Reports are answered on a calendar.", condNS: nsDAV, cond: "supported-report"}
	}
	c, err := rq.collection(t.coll)
	if err != nil {
		return err
	}
	pr := readPropRequest(root)
	switch root.XMLName {
	case cn("calendar-query"):
		return rq.query(c, root, pr)
	case cn("calendar-multiget"):
		return rq.multiget(c, root, pr)
	case dn("sync-collection"):
		return rq.syncCollection(c, root, pr)
	}
	return &httpError{status: http.StatusForbidden, msg: "This report is not supported.", condNS: nsDAV, cond: "supported-report"}
}

// query answers calendar-query: the calendar's resources that match the
// filter (filter.go), those with an occurrence in its time-range.
func (rq *request) query(c events.Collection, root *anyElem, pr propRequest) error {
	f, tr, err := readFilter(root.child(nsCalDAV, "filter"))
	if err != nil {
		return err
	}
	m := newMS()
	if f != nil && f.none() {
		m.send(rq.w, "") // eventcal holds events only: no to-dos, no journals
		return nil
	}
	var objs []events.Object
	if tr != nil {
		from, to, rerr := timeRange(tr)
		if rerr != nil {
			return rerr
		}
		objs, err = rq.s.Events.ObjectsInRange(rq.ctx, rq.p.ID, c.ID, from, to, rq.p.Loc)
	} else {
		objs, err = rq.s.Events.Objects(rq.ctx, rq.p.ID, c.ID, nil, rq.p.Loc)
	}
	if err != nil {
		return err
	}
	for _, o := range objs {
		if f != nil && f.needsData() {
			cal, err := ical.Parse(o.Data)
			if err != nil || !f.matchRoot(cal) {
				continue
			}
		}
		pr.write(m, rq.objectHref(c, o.Name), objectProps(o))
	}
	m.send(rq.w, "")
	return nil
}

// timeRange reads a time-range's start and end (UTC date-times); a missing
// one is open.
func timeRange(tr *anyElem) (from, to time.Time, err error) {
	from, to = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, side := range []struct {
		attr string
		t    *time.Time
	}{{"start", &from}, {"end", &to}} {
		v := tr.attr(side.attr)
		if v == "" {
			continue
		}
		t, perr := time.Parse("20060102T150405Z", v)
		if perr != nil {
			return from, to, &httpError{status: http.StatusBadRequest, msg: "A time-range is in UTC (20260102T150405Z).",
				condNS: nsCalDAV, cond: "valid-filter"}
		}
		*side.t = t
	}
	if !from.Before(to) {
		return from, to, &httpError{status: http.StatusBadRequest, msg: "A time-range ends after it starts.", condNS: nsCalDAV, cond: "valid-filter"}
	}
	return from, to, nil
}

// maxHrefs bounds a multiget.
const maxHrefs = 1000

// multiget answers calendar-multiget: the resources named by hrefs.
func (rq *request) multiget(c events.Collection, root *anyElem, pr propRequest) error {
	names, err := rq.s.Events.ObjectNames(rq.ctx, rq.p.ID, c.ID)
	if err != nil {
		return err
	}
	var ids []int64
	var missing []string
	byID := map[int64]string{}
	n := 0
	for _, k := range root.Kids {
		if k.XMLName != dn("href") {
			continue
		}
		if n++; n > maxHrefs {
			return &httpError{status: http.StatusForbidden, msg: "A multiget asks for at most 1000 resources.", condNS: nsDAV, cond: "number-of-matches-within-limits"}
		}
		href := strings.TrimSpace(k.Text)
		id, ok := names[rq.nameIn(c, href)]
		if !ok {
			missing = append(missing, href)
			continue
		}
		ids = append(ids, id)
		byID[id] = href
	}
	m := newMS()
	if len(ids) > 0 {
		objs, err := rq.s.Events.Objects(rq.ctx, rq.p.ID, c.ID, ids, rq.p.Loc)
		if err != nil {
			return err
		}
		for _, o := range objs {
			pr.write(m, byID[o.ID], objectProps(o))
		}
	}
	for _, href := range missing {
		m.status(href, http.StatusNotFound)
	}
	m.send(rq.w, "")
	return nil
}

// nameIn returns the resource name an href names in calendar c ("" when
// it names none there). The href is split while still escaped and each
// part unescaped once: a name may hold "%".
func (rq *request) nameIn(c events.Collection, href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	dir, name := path.Split(u.EscapedPath())
	if dir != rq.collectionHref(c) && unescape(dir) != unescape(rq.collectionHref(c)) {
		return ""
	}
	return unescape(name)
}

func unescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// syncCollection answers sync-collection (RFC 6578, depth 1): what
// changed since the client's token, deletions as 404.
func (rq *request) syncCollection(c events.Collection, root *anyElem, pr propRequest) error {
	if lvl := root.child(nsDAV, "sync-level"); lvl != nil && strings.TrimSpace(lvl.Text) != "1" {
		return &httpError{status: http.StatusForbidden, msg: "Only sync-level 1 is supported.", condNS: nsDAV, cond: "sync-traversal-supported"}
	}
	var since int64
	if tok := root.child(nsDAV, "sync-token"); tok != nil && strings.TrimSpace(tok.Text) != "" {
		v, ok := strings.CutPrefix(strings.TrimSpace(tok.Text), syncTokenPrefix)
		n, err := strconv.ParseInt(v, 10, 64)
		if !ok || err != nil || n < 0 {
			return events.ErrSyncToken
		}
		since = n
	}
	m := newMS()
	if since == 0 {
		objs, err := rq.s.Events.Objects(rq.ctx, rq.p.ID, c.ID, nil, rq.p.Loc)
		if err != nil {
			return err
		}
		for _, o := range objs {
			pr.write(m, rq.objectHref(c, o.Name), objectProps(o))
		}
		m.send(rq.w, syncToken(c.Seq))
		return nil
	}
	changed, gone, seq, err := rq.s.Events.Changes(rq.ctx, rq.p.ID, c.ID, since, rq.p.Loc)
	if err != nil {
		return err
	}
	for _, o := range changed {
		pr.write(m, rq.objectHref(c, o.Name), objectProps(o))
	}
	for _, name := range gone {
		m.status(rq.objectHref(c, name), http.StatusNotFound)
	}
	m.send(rq.w, syncToken(seq))
	return nil
}
