// Package dav is eventcal's CalDAV server (RFC 4791, with sync-collection
// of RFC 6578): what a phone's or a desktop's calendar app syncs with.
// It speaks the protocol — paths, XML, preconditions — and leaves every
// decision about calendars and events to package events, so that a write
// from a calendar app is authorized, transactional and invalidates the
// caches like one from the web pages.
//
// Paths (under /dav):
//
//	/                                    the root: current-user-principal
//	/principals/{user}/                  the principal: calendar-home-set
//	/calendars/{user}/                   the home: one collection per calendar
//	/calendars/{user}/{calendar}/        a calendar (its id, or the name a client chose)
//	/calendars/{user}/{calendar}/{name}  a resource: an event or a series
//
// The caller authenticates the request (HTTP Basic with an app password)
// and puts the Principal in its context.
package dav

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/eventcal/eventcal/events"
)

// Prefix is where the server is mounted.
const Prefix = "/dav"

// Principal is the signed-in user of a request.
type Principal struct {
	ID       int64
	Username string
	Email    string
	Loc      *time.Location // all-day dates and floating times are read in it
}

// PrincipalKey is the context key of the request's Principal.
type PrincipalKey struct{}

// Server answers CalDAV requests.
type Server struct {
	Events *events.Service
	Log    *slog.Logger
}

// Allowed lists the methods the server answers.
const Allowed = "OPTIONS, GET, HEAD, PUT, DELETE, PROPFIND, PROPPATCH, REPORT, MKCALENDAR"

// ServeHTTP answers one request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodOptions {
		options(w)
		return
	}
	p, ok := r.Context().Value(PrincipalKey{}).(Principal)
	if !ok {
		http.Error(w, "Sign in with an app password.", http.StatusUnauthorized)
		return
	}
	rq := &request{w: w, r: r, p: p, s: s, ctx: r.Context()}
	if err := rq.route(); err != nil {
		s.fail(w, r, err)
	}
}

// options answers OPTIONS: what the server can do.
func options(w http.ResponseWriter) {
	w.Header().Set("DAV", "1, 3, calendar-access")
	w.Header().Set("Allow", Allowed)
	w.WriteHeader(http.StatusOK)
}

// request is one request being answered.
type request struct {
	w   http.ResponseWriter
	r   *http.Request
	p   Principal
	s   *Server
	ctx context.Context
}

// target is what a path names.
type target struct {
	kind  kind
	user  string // the path's user segment
	coll  string // the calendar segment
	name  string // the resource name
	clean string // the path, without the prefix
}

type kind int

const (
	kindNone kind = iota
	kindRoot
	kindPrincipal
	kindHome
	kindCalendar
	kindObject
)

// parse reads a request path (already unescaped).
func parse(path string) target {
	if path == "/" {
		return target{kind: kindRoot, clean: "/"}
	}
	rest, ok := strings.CutPrefix(path, Prefix)
	if !ok || rest != "" && rest[0] != '/' {
		return target{}
	}
	segs := strings.FieldsFunc(rest, func(r rune) bool { return r == '/' })
	t := target{clean: rest}
	switch {
	case len(segs) == 0:
		t.kind = kindRoot
	case segs[0] == "principals" && len(segs) == 2:
		t.kind, t.user = kindPrincipal, segs[1]
	case segs[0] == "calendars" && len(segs) == 2:
		t.kind, t.user = kindHome, segs[1]
	case segs[0] == "calendars" && len(segs) == 3:
		t.kind, t.user, t.coll = kindCalendar, segs[1], segs[2]
	case segs[0] == "calendars" && len(segs) == 4:
		t.kind, t.user, t.coll, t.name = kindObject, segs[1], segs[2], segs[3]
	}
	return t
}

// route dispatches by method and path.
func (rq *request) route() error {
	t := parse(rq.r.URL.Path)
	if t.kind == kindNone {
		return errNotFound
	}
	if t.kind != kindRoot && !strings.EqualFold(t.user, rq.p.Username) {
		return errNotFound // another user's tree is not there for this one
	}
	switch rq.r.Method {
	case "PROPFIND":
		return rq.propfind(t)
	case "REPORT":
		return rq.report(t)
	case "PROPPATCH":
		return rq.proppatch(t)
	case "MKCALENDAR", "MKCOL":
		return rq.mkcalendar(t)
	case http.MethodGet, http.MethodHead:
		return rq.get(t)
	case http.MethodPut:
		return rq.put(t)
	case http.MethodDelete:
		return rq.delete(t)
	}
	rq.w.Header().Set("Allow", Allowed)
	return &httpError{status: http.StatusMethodNotAllowed, msg: "CalDAV does not use " + rq.r.Method + " here."}
}

// Paths of the tree, escaped for hrefs.
func principalPath(user string) string { return Prefix + "/principals/" + url.PathEscape(user) + "/" }
func homePath(user string) string      { return Prefix + "/calendars/" + url.PathEscape(user) + "/" }
func collectionPath(user, seg string) string {
	return homePath(user) + url.PathEscape(seg) + "/"
}
func objectPath(user, seg, name string) string {
	return collectionPath(user, seg) + url.PathEscape(name)
}

// httpError is an answer other than success, with a message for people.
type httpError struct {
	status int
	msg    string
	// cond is a DAV precondition element (namespace and name) to report.
	condNS, cond string
}

func (e *httpError) Error() string { return e.msg }

var errNotFound = &httpError{status: http.StatusNotFound, msg: "Nothing is at this address."}

func errBadRequest(msg string) error { return &httpError{status: http.StatusBadRequest, msg: msg} }

// fail answers an error: the service's errors as their statuses, anything
// else as 500 (logged).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	var bad *events.InvalidObjectError
	var form *events.FormError
	var quota *events.QuotaError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, events.ErrNotFound):
		he = errNotFound
	case errors.Is(err, events.ErrForbidden):
		he = &httpError{status: http.StatusForbidden, msg: "This calendar is shared with you to read only.",
			condNS: nsDAV, cond: "need-privileges"}
	case errors.Is(err, events.ErrLastCalendar):
		he = &httpError{status: http.StatusForbidden, msg: "Your last own calendar cannot be deleted."}
	case errors.Is(err, events.ErrPrecondition):
		he = &httpError{status: http.StatusPreconditionFailed, msg: "The resource changed since it was read (If-Match / If-None-Match)."}
	case errors.Is(err, events.ErrUIDConflict):
		he = &httpError{status: http.StatusConflict, msg: err.Error(), condNS: nsCalDAV, cond: "no-uid-conflict"}
	case errors.Is(err, events.ErrSyncToken):
		he = &httpError{status: http.StatusForbidden, msg: "The sync token is unknown or too old: sync again from the start.",
			condNS: nsDAV, cond: "valid-sync-token"}
	case errors.As(err, &bad) && bad.Unsupported:
		he = &httpError{status: http.StatusForbidden, msg: bad.Reason, condNS: nsCalDAV, cond: "supported-calendar-component"}
	case errors.As(err, &bad):
		he = &httpError{status: http.StatusBadRequest, msg: bad.Reason, condNS: nsCalDAV, cond: "valid-calendar-data"}
	case errors.As(err, &form):
		he = &httpError{status: http.StatusBadRequest, msg: fieldsText(form.Fields), condNS: nsCalDAV, cond: "valid-calendar-object-resource"}
	case errors.As(err, &quota):
		he = &httpError{status: http.StatusInsufficientStorage, msg: quota.Message()}
	default:
		s.Log.ErrorContext(r.Context(), "caldav request failed", "method", r.Method, "path", r.URL.Path, "err", err)
		he = &httpError{status: http.StatusInternalServerError, msg: "Something went wrong on the server."}
	}
	if he.cond != "" {
		writeError(w, he.status, he.condNS, he.cond, he.msg)
		return
	}
	http.Error(w, he.msg, he.status)
}

// fieldsText is a refused write's field messages in one sentence.
func fieldsText(f events.FieldErrors) string {
	msgs := make([]string, 0, len(f))
	for k, m := range f {
		msgs = append(msgs, k+": "+m)
	}
	slices.Sort(msgs)
	return strings.Join(msgs, " ")
}
