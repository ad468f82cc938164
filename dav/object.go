package dav

import (
	"io"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/eventcal/eventcal/events"
)

// collection finds the calendar a path segment names among those the user
// can read: the name a client chose for it, or its id.
func (rq *request) collection(seg string) (events.Collection, error) {
	cols, err := rq.s.Events.Collections(rq.ctx, rq.p.ID)
	if err != nil {
		return events.Collection{}, err
	}
	for _, c := range cols {
		if c.Segment == seg {
			return c, nil
		}
	}
	for _, c := range cols {
		if strconv.FormatInt(c.ID, 10) == seg {
			return c, nil
		}
	}
	return events.Collection{}, errNotFound
}

// collectionHref is a calendar's path.
func (rq *request) collectionHref(c events.Collection) string {
	return collectionPath(rq.p.Username, segmentOf(c))
}

func (rq *request) objectHref(c events.Collection, name string) string {
	return objectPath(rq.p.Username, segmentOf(c), name)
}

func segmentOf(c events.Collection) string {
	if c.Segment != "" {
		return c.Segment
	}
	return strconv.FormatInt(c.ID, 10)
}

// object finds the resource a path names.
func (rq *request) object(t target) (events.Collection, events.Object, error) {
	c, err := rq.collection(t.coll)
	if err != nil {
		return c, events.Object{}, err
	}
	o, err := rq.s.Events.Object(rq.ctx, rq.p.ID, c.ID, t.name, rq.p.Loc)
	return c, o, err
}

// get answers GET and HEAD of a resource.
func (rq *request) get(t target) error {
	if t.kind != kindObject {
		rq.w.Header().Set("Allow", Allowed)
		return &httpError{status: http.StatusMethodNotAllowed, msg: "Only a calendar's resources can be read with GET here; use PROPFIND and REPORT."}
	}
	_, o, err := rq.object(t)
	if err != nil {
		return err
	}
	h := rq.w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("ETag", quote(o.ETag))
	h.Set("Last-Modified", modTime(o.Modified))
	h.Set("Content-Length", strconv.Itoa(len(o.Data)))
	rq.w.WriteHeader(http.StatusOK)
	if rq.r.Method == http.MethodGet {
		_, _ = rq.w.Write(o.Data)
	}
	return nil
}

// conditions reads If-Match and If-None-Match.
func (rq *request) conditions() (events.Conditions, error) {
	var c events.Conditions
	if v := strings.TrimSpace(rq.r.Header.Get("If-Match")); v != "" {
		c.IfMatch = unquote(v)
	}
	if v := strings.TrimSpace(rq.r.Header.Get("If-None-Match")); v != "" {
		if v != "*" {
			return c, errBadRequest("If-None-Match takes only * here.")
		}
		c.IfNoneMatch = true
	}
	return c, nil
}

// unquote reads an ETag value ("*" stays).
func unquote(v string) string {
	v = strings.TrimPrefix(v, "W/")
	return strings.Trim(v, `"`)
}

// put answers PUT of a resource: create or replace.
func (rq *request) put(t target) error {
	if t.kind != kindObject {
		rq.w.Header().Set("Allow", Allowed)
		return &httpError{status: http.StatusMethodNotAllowed, msg: "PUT stores a resource (…/calendar/name.ics)."}
	}
	if !validName(t.name) {
		return &httpError{status: http.StatusForbidden, msg: "A resource's name ends in .ics and has at most 255 characters."}
	}
	if ct := rq.r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "text/calendar" {
			return &httpError{status: http.StatusUnsupportedMediaType, msg: "A resource is text/calendar (iCalendar).",
				condNS: nsCalDAV, cond: "supported-calendar-data"}
		}
	}
	cond, err := rq.conditions()
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(rq.r.Body, events.MaxObjectBytes+1))
	if err != nil {
		return errBadRequest("The request body could not be read.")
	}
	if len(body) > events.MaxObjectBytes {
		return &httpError{status: http.StatusRequestEntityTooLarge, msg: "A resource is at most 1 MB.",
			condNS: nsCalDAV, cond: "max-resource-size"}
	}
	c, err := rq.collection(t.coll)
	if err != nil {
		return err
	}
	ev, err := events.DecodeObject(body, rq.p.Loc)
	if err != nil {
		return err
	}
	o, created, err := rq.s.Events.PutObject(rq.ctx, rq.p.ID, c.ID, t.name, ev, cond, rq.p.Loc)
	if err != nil {
		return err
	}
	if string(o.Data) == string(body) {
		rq.w.Header().Set("ETag", quote(o.ETag)) // only when stored as sent (RFC 4791 5.3.4)
	}
	if created {
		rq.w.Header().Set("Location", rq.objectHref(c, t.name))
		rq.w.WriteHeader(http.StatusCreated)
		return nil
	}
	rq.w.WriteHeader(http.StatusNoContent)
	return nil
}

// validName reports whether a client may name a resource name.
func validName(name string) bool {
	return len(name) >= 5 && len(name) <= 255 && strings.HasSuffix(name, ".ics") &&
		!strings.ContainsAny(name, "/\\\x00") && name[0] != '.'
}

// delete answers DELETE of a resource or a calendar.
func (rq *request) delete(t target) error {
	cond, err := rq.conditions()
	if err != nil {
		return err
	}
	switch t.kind {
	case kindObject:
		c, err := rq.collection(t.coll)
		if err != nil {
			return err
		}
		if err := rq.s.Events.DeleteObject(rq.ctx, rq.p.ID, c.ID, t.name, cond, rq.p.Loc); err != nil {
			return err
		}
	case kindCalendar:
		c, err := rq.collection(t.coll)
		if err != nil {
			return err
		}
		if err := rq.s.Events.DeleteCalendar(rq.ctx, rq.p.ID, c.ID); err != nil {
			return err
		}
	default:
		return &httpError{status: http.StatusForbidden, msg: "Only calendars and their resources can be deleted."}
	}
	rq.w.WriteHeader(http.StatusNoContent)
	return nil
}
