package handlers

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/precompressed"
)

// Rendered pages. The calendar views, the dashboard, the day list, an
// event's details and search pages are stored rendered and compressed
// (cache.Page), keyed by what they show and everything their bytes depend
// on besides the user's events: the request (its key), and the view, the
// user's zone, week start and time format, today's date and the build
// (compared on a hit). A signed-in GET reads its page with the session, in
// one round trip (pageProbe). A full page is the
// stored content inside this request's layout (pageframe.go), so the
// session's CSRF token never enters the stored bytes.

// contentMark stands for the content while the layout is rendered around it.
const contentMark = "\x00eventcal-content\x00"

// pageRequest names a GET's rendered page in the cache (cache.PageKey's
// Request): the path and query as sent, and for an htmx fragment its
// target.
func pageRequest(c *fiber.Ctx) string {
	uri := c.Request().URI().RequestURI()
	if !isFragment(c) {
		return string(uri) + "\x00page"
	}
	return string(uri) + "\x00frag\x00" + c.Get(hxTarget)
}

// pageProbe is the probe of the page a signed-in GET names, read with its
// session (accounts.LoadSessionAndPage); false when the sessions are
// elsewhere or the cache cannot be probed now.
func (h *Handler) pageProbe(c *fiber.Ctx) (string, cache.PageProbe, bool) {
	if !h.probe || c.Method() != fiber.MethodGet {
		return "", cache.PageProbe{}, false
	}
	req := pageRequest(c)
	p, ok := h.cache.Probe(req)
	return req, p, ok
}

// probedPage is what loadViewer's probe read, for cached.
type probedPage struct {
	request string
	accounts.ProbedPage
}

// sameServer reports whether the sessions' client talks to the cache's
// Redis server (both built from REDIS_URL, in two databases), where the
// session script may read the cache's database too.
func sameServer(cacheRdb, sessRdb redis.UniversalClient) bool {
	a, ok1 := cacheRdb.(*redis.Client)
	b, ok2 := sessRdb.(*redis.Client)
	if !ok1 || !ok2 {
		return false
	}
	x, y := a.Options(), b.Options()
	return x.Network == y.Network && x.Addr == y.Addr && x.Username == y.Username && x.Password == y.Password
}

// built is a page as the cache layer needs it: the page, and when its
// content stops being current by the clock alone (zero: only by writes).
type built struct {
	page
	until time.Time
}

// cached serves the page named id from the rendered-pages cache, or builds,
// renders and stores it. covers names the cached lookups the page stands
// for (counted and logged as hits on a page hit). Without the cache, or
// for a HEAD request, it renders as render does, but for a GET that
// accepts gzip, whose page is written as a stored one is (writeOnce).
func (h *Handler) cached(c *fiber.Ctx, id string, covers cache.Covers, build func() (built, error)) error {
	v := viewerOf(c)
	if !h.cache.Enabled() || c.Method() != fiber.MethodGet || v == nil {
		b, err := build()
		if err != nil {
			return err
		}
		if c.Method() == fiber.MethodGet && c.Context().Request.Header.HasAcceptEncoding("gzip") {
			return h.writeOnce(c, b.page)
		}
		return h.render(c, fiber.StatusOK, b.page)
	}
	frag := isFragment(c)
	ctx := c.UserContext()
	now := h.now()
	var variant strings.Builder
	variant.Grow(len(id) + len(v.TZName) + 64)
	variant.WriteString(id)
	variant.WriteString("|")
	variant.WriteString(v.TZName)
	variant.WriteString("|")
	variant.WriteString(strconv.Itoa(int(v.WeekStart)))
	variant.WriteString(v.Clock.String())
	variant.WriteString("|")
	variant.WriteString(calendar.Today(now, v.Loc).String())
	variant.WriteString("|")
	variant.WriteString(h.build)
	k := cache.PageKey{Request: pageRequest(c), Variant: variant.String()}

	var l cache.PageLookup
	if pp, ok := c.Locals(localProbedPage).(*probedPage); ok && pp.UserID == v.ID && pp.request == k.Request {
		l = h.cache.PageProbed(ctx, v.ID, k, now, covers, pp.Gen, pp.Page)
	} else {
		l = h.cache.Page(ctx, v.ID, k, now, covers)
	}
	if l.Hit {
		sp, err := parseStored(l.Value)
		if err == nil {
			return h.writeStored(c, frag, &sp)
		}
		h.log.WarnContext(ctx, "stored page unreadable, rendering it", "err", err)
	}
	b, err := build()
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := renderPart(ctx, b.page, frag, &buf); err != nil {
		return err
	}
	sp := storedPage{Title: b.Title, Nav: b.Nav}
	if sp.Body, err = h.enc.Encode(buf.Bytes(), frag); err != nil {
		return err
	}
	if b.until.IsZero() || now.Before(b.until) {
		h.cache.StorePage(ctx, l, b.until, sp.appendBinary(nil))
	}
	return h.writeStored(c, frag, &sp)
}

// writeOnce writes a page for one response as a stored page is written:
// the content compressed once, and a full page inside the layout's
// compressed frame, which is neither rendered nor compressed again.
func (h *Handler) writeOnce(c *fiber.Ctx, p page) error {
	frag := isFragment(c)
	html := bytes.NewBuffer(h.bufs.get())
	if err := renderPart(c.UserContext(), p, frag, html); err != nil {
		return err
	}
	z := h.bufs.get()
	sp := storedPage{Title: p.Title, Nav: p.Nav, Body: h.enc.EncodeOnce(z, html.Bytes())}
	h.bufs.put(html.Bytes())
	err := h.writeStored(c, frag, &sp)
	h.bufs.put(sp.Body.Deflate[:0])
	return err
}

// renderPart renders what of p goes inside the layout: its content, or
// for a fragment its fragment (the content when it has none).
func renderPart(ctx context.Context, p page, frag bool, buf *bytes.Buffer) error {
	comp := p.Content
	if frag && p.Fragment != nil {
		comp = p.Fragment
	}
	return comp.Render(ctx, buf)
}

// writeStored writes a stored fragment as it is, or a full page as the
// layout around the stored content, in the encoding the client accepts.
func (h *Handler) writeStored(c *fiber.Ctx, frag bool, sp *storedPage) error {
	c.Vary(hxRequest)
	c.Vary(fiber.HeaderAcceptEncoding)
	c.Status(fiber.StatusOK)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	req := &c.Context().Request.Header
	gz := req.HasAcceptEncoding("gzip")
	switch {
	case frag && sp.Body.Brotli != nil && req.HasAcceptEncoding("br"):
		c.Set(fiber.HeaderContentEncoding, "br")
		c.Response().SetBody(sp.Body.Brotli)
		return nil
	case !frag && gz && plainToken(csrfToken(c)):
		s := h.shell(c)
		s.Title, s.Nav = sp.Title, sp.Nav
		f, err := h.frame(c.UserContext(), s)
		if err != nil {
			return err
		}
		return h.writeGzip(c, func(dst []byte) []byte { return f.AppendGzip(dst, []byte(s.CSRFToken), &sp.Body) })
	}
	var prefix, suffix []byte
	if !frag {
		var err error
		if prefix, suffix, err = h.layoutAround(c, sp.Title, sp.Nav); err != nil {
			return err
		}
	}
	if gz {
		return h.writeGzip(c, func(dst []byte) []byte { return h.enc.AppendGzip(dst, prefix, &sp.Body, suffix) })
	}
	body, err := sp.Body.Inflate()
	if err != nil {
		return err
	}
	w := c.Response().BodyWriter()
	_, _ = w.Write(prefix)
	_, _ = w.Write(body)
	_, _ = w.Write(suffix)
	return nil
}

// writeGzip sends the gzip body that appendTo appends.
func (h *Handler) writeGzip(c *fiber.Ctx, appendTo func(dst []byte) []byte) error {
	c.Set(fiber.HeaderContentEncoding, "gzip")
	buf := appendTo(h.bufs.get())
	c.Response().SetBody(buf)
	h.bufs.put(buf)
	return nil
}

// storedPage is a rendered page as stored: the layout's title and
// navigation section (for a full page) and the compressed content.
type storedPage struct {
	Title, Nav string
	Body       precompressed.Body
}

func (sp *storedPage) appendBinary(dst []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(sp.Title)))
	dst = append(dst, sp.Title...)
	dst = binary.AppendUvarint(dst, uint64(len(sp.Nav)))
	dst = append(dst, sp.Nav...)
	return sp.Body.AppendBinary(dst)
}

// parseStored reads a storedPage; its Body shares p's memory.
func parseStored(p []byte) (storedPage, error) {
	var sp storedPage
	var fields [2]string
	for i := range fields {
		n, k := binary.Uvarint(p)
		if k <= 0 || n > uint64(len(p)-k) {
			return sp, errors.New("stored page: malformed")
		}
		fields[i], p = string(p[k:k+int(n)]), p[k+int(n):]
	}
	sp.Title, sp.Nav = fields[0], fields[1]
	var err error
	sp.Body, err = precompressed.ParseBody(p)
	return sp, err
}

// bufPool reuses response buffers.
type bufPool struct{ p sync.Pool }

func (b *bufPool) get() []byte {
	if v, ok := b.p.Get().(*[]byte); ok {
		return (*v)[:0]
	}
	return make([]byte, 0, 16<<10)
}

func (b *bufPool) put(buf []byte) {
	if cap(buf) <= 256<<10 {
		b.p.Put(&buf)
	}
}

// daysCovers names the by-date lookups of the days of r (and, with
// upcoming, the upcoming list).
func daysCovers(r calendar.Range, upcoming bool) cache.Covers {
	cv := cache.Covers{Dates: r.Len(), Names: func() []string {
		days := r.Days()
		out := make([]string, 0, len(days)+1)
		for _, d := range days {
			out = append(out, "events on "+d.String())
		}
		if upcoming {
			out = append(out, "upcoming events")
		}
		return out
	}}
	if upcoming {
		cv.Upcoming = 1
	}
	return cv
}

// earliestEnd is the first end after now among ends (zero: none), when a
// list that hides what has ended changes.
func earliestEnd(now time.Time, ends func(yield func(time.Time) bool)) time.Time {
	var first time.Time
	for e := range ends {
		if !e.Before(now) && (first.IsZero() || e.Before(first)) {
			first = e
		}
	}
	if first.IsZero() {
		return first
	}
	return first.Add(time.Millisecond)
}
