package handlers

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/precompressed"
	"github.com/eventcal/eventcal/views"
)

// Full pages from the rendered-pages cache are the layout around the
// stored content. The layout is the same for every request of a user on a
// page but for the session's CSRF token, so it is rendered and compressed
// once per (title, section, user) with a mark where the token goes, and a
// response copies the compressed parts with the token between them.

const (
	// tokenMark stands for the CSRF token while a layout frame is rendered.
	tokenMark = "eventcalCSRFtokenMark7f3a"
	// maxFrames bounds the frames kept; when full they are all dropped.
	maxFrames = 1024
)

// frames keeps compressed layout frames by their shell's identity.
type frames struct {
	mu sync.RWMutex
	m  map[string]*precompressed.Frame
}

// frameKey is everything of s a frame depends on: all of it but the CSRF
// token and the request id, which the layout does not show.
func frameKey(s *views.Shell) string {
	var b strings.Builder
	b.Grow(len(s.Title) + len(s.Nav) + 128)
	for _, f := range [...]string{s.Title, s.Nav, s.Assets.CSS, s.Assets.HTMX, s.Assets.JS} {
		b.WriteString(f)
		b.WriteByte(0)
	}
	if s.User != nil {
		b.WriteString(strconv.FormatInt(s.User.ID, 10))
		b.WriteByte(0)
		b.WriteString(s.User.Username)
		b.WriteString(strconv.FormatBool(s.User.IsAdmin))
	}
	return b.String()
}

// frame returns the compressed layout of s around the content.
func (h *Handler) frame(ctx context.Context, s views.Shell) (*precompressed.Frame, error) {
	key := frameKey(&s)
	h.frames.mu.RLock()
	f := h.frames.m[key]
	h.frames.mu.RUnlock()
	if f != nil {
		return f, nil
	}
	s.CSRFToken = tokenMark
	prefix, suffix, err := renderAround(ctx, s)
	if err != nil {
		return nil, err
	}
	if bytes.Contains(suffix, []byte(tokenMark)) {
		return nil, errors.New("layout: the CSRF token after the content")
	}
	f = h.enc.NewFrame(bytes.Split(prefix, []byte(tokenMark)), suffix)
	h.frames.mu.Lock()
	if h.frames.m == nil || len(h.frames.m) >= maxFrames {
		h.frames.m = make(map[string]*precompressed.Frame)
	}
	h.frames.m[key] = f
	h.frames.mu.Unlock()
	return f, nil
}

// renderAround renders the layout of s and returns what goes before and
// after the content.
func renderAround(ctx context.Context, s views.Shell) (prefix, suffix []byte, err error) {
	var buf bytes.Buffer
	buf.Grow(2048)
	mark := templ.ComponentFunc(func(_ context.Context, w io.Writer) error {
		_, err := io.WriteString(w, contentMark)
		return err
	})
	if err := views.Layout(s).Render(templ.WithChildren(ctx, mark), &buf); err != nil {
		return nil, nil, err
	}
	prefix, suffix, ok := bytes.Cut(buf.Bytes(), []byte(contentMark))
	if !ok {
		return nil, nil, errors.New("layout: no place for the content")
	}
	return prefix, suffix, nil
}

// layoutAround renders the layout of this request (CSRF token, user,
// title, navigation) and returns what goes before and after the content.
func (h *Handler) layoutAround(c *fiber.Ctx, title, nav string) (prefix, suffix []byte, err error) {
	s := h.shell(c)
	s.Title, s.Nav = title, nav
	return renderAround(c.UserContext(), s)
}

// plainToken reports whether a CSRF token is written in the page as it is
// (no character the layout would escape), so that it can go between the
// frame's parts.
func plainToken(t string) bool { return accounts.URLSafe(t, 1024) }
