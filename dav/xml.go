package dav

import (
	"bytes"
	"encoding/xml"
	"io"
	"net/http"
	"strconv"
)

// XML namespaces of WebDAV, CalDAV and the two extensions clients read.
const (
	nsDAV    = "DAV:"
	nsCalDAV = "urn:ietf:params:xml:ns:caldav"
	nsCS     = "http://calendarserver.org/ns/"
	nsApple  = "http://apple.com/ns/ical/"
)

// prefixes are the namespace prefixes a multistatus declares.
var prefixes = [...]struct{ ns, p string }{{nsDAV, "d"}, {nsCalDAV, "c"}, {nsCS, "cs"}, {nsApple, "ic"}}

// prefixOf returns the declared prefix of a namespace ("" when none).
func prefixOf(ns string) string {
	for _, p := range prefixes {
		if p.ns == ns {
			return p.p
		}
	}
	return ""
}

// anyElem is an element of any name, with its text and children.
type anyElem struct {
	XMLName xml.Name
	Text    string     `xml:",chardata"`
	Attrs   []xml.Attr `xml:",any,attr"`
	Kids    []anyElem  `xml:",any"`
}

// child returns the first child named space:local.
func (e *anyElem) child(space, local string) *anyElem {
	if e == nil {
		return nil
	}
	for i := range e.Kids {
		if e.Kids[i].XMLName.Space == space && e.Kids[i].XMLName.Local == local {
			return &e.Kids[i]
		}
	}
	return nil
}

// attr returns an attribute's value ("" when absent).
func (e *anyElem) attr(local string) string {
	for _, a := range e.Attrs {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// maxXMLBytes bounds a request's XML body.
const maxXMLBytes = 1 << 20

// readXML parses a request body; an empty body is (nil, nil).
func readXML(r *http.Request) (*anyElem, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxXMLBytes+1))
	if err != nil {
		return nil, errBadRequest("The request body could not be read.")
	}
	if len(body) > maxXMLBytes {
		return nil, &httpError{status: http.StatusRequestEntityTooLarge, msg: "The request body is over 1 MB."}
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	var root anyElem
	if err := xml.Unmarshal(body, &root); err != nil {
		return nil, errBadRequest("The request body is not valid XML: " + err.Error())
	}
	return &root, nil
}

// ms writes a multistatus body.
type ms struct{ b bytes.Buffer }

func newMS() *ms {
	m := &ms{}
	m.b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n<d:multistatus")
	for _, p := range prefixes {
		m.b.WriteString(` xmlns:` + p.p + `="` + p.ns + `"`)
	}
	m.b.WriteString(">")
	return m
}

// prop is one property of a response: its name and inner XML ("" for an
// empty element).
type prop struct {
	name  xml.Name
	inner string
}

// response writes one resource's properties: found ones with 200, the
// names of missing ones with 404.
func (m *ms) response(href string, found []prop, missing []xml.Name) {
	m.b.WriteString("<d:response><d:href>" + esc(href) + "</d:href>")
	if len(found) > 0 {
		m.b.WriteString("<d:propstat><d:prop>")
		for _, p := range found {
			writeElem(&m.b, p.name, p.inner)
		}
		m.b.WriteString("</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat>")
	}
	if len(missing) > 0 {
		m.b.WriteString("<d:propstat><d:prop>")
		for _, n := range missing {
			writeElem(&m.b, n, "")
		}
		m.b.WriteString("</d:prop><d:status>HTTP/1.1 404 Not Found</d:status></d:propstat>")
	}
	m.b.WriteString("</d:response>")
}

// status writes a response that is only a status (a multiget's missing
// resource, a sync's deleted one).
func (m *ms) status(href string, code int) {
	m.b.WriteString("<d:response><d:href>" + esc(href) + "</d:href><d:status>HTTP/1.1 " +
		strconv.Itoa(code) + " " + http.StatusText(code) + "</d:status></d:response>")
}

// send ends the body, with a sync token when one is given, and writes it.
func (m *ms) send(w http.ResponseWriter, syncToken string) {
	if syncToken != "" {
		m.b.WriteString("<d:sync-token>" + esc(syncToken) + "</d:sync-token>")
	}
	m.b.WriteString("</d:multistatus>")
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(http.StatusMultiStatus)
	_, _ = w.Write(m.b.Bytes())
}

// writeElem writes <name>inner</name> with a declared prefix, or with its
// own xmlns for other namespaces.
func writeElem(b *bytes.Buffer, n xml.Name, inner string) {
	tag, decl := n.Local, ""
	if p := prefixOf(n.Space); p != "" {
		tag = p + ":" + n.Local
	} else if n.Space != "" {
		tag, decl = "x:"+n.Local, ` xmlns:x="`+esc(n.Space)+`"`
	}
	if inner == "" {
		b.WriteString("<" + tag + decl + "/>")
		return
	}
	b.WriteString("<" + tag + decl + ">" + inner + "</" + tag + ">")
}

// esc escapes text for XML.
func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

// hrefElem is <d:href> around a path.
func hrefElem(path string) string { return "<d:href>" + esc(path) + "</d:href>" }

// writeError writes a DAV error body for a failed precondition.
func writeError(w http.ResponseWriter, status int, ns, cond, msg string) {
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(status)
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n" + `<d:error xmlns:d="DAV:" xmlns:c="` + nsCalDAV + `">`)
	writeElem(&b, xml.Name{Space: ns, Local: cond}, "")
	if msg != "" {
		b.WriteString("<d:responsedescription>" + esc(msg) + "</d:responsedescription>")
	}
	b.WriteString("</d:error>")
	_, _ = w.Write(b.Bytes())
}
