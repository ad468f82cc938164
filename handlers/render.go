package handlers

import (
	"context"
	"io"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/views"
)

// htmx request and response headers.
const (
	hxRequest    = "HX-Request"
	hxBoosted    = "HX-Boosted"
	hxTarget     = "HX-Target"
	hxRedirect   = "HX-Redirect"
	hxTrigger    = "HX-Trigger"
	hxPushURL    = "HX-Push-Url"
	hxRetarget   = "HX-Retarget"
	hxReswap     = "HX-Reswap"
	hxCurrentURL = "HX-Current-URL"
	hxRestore    = "HX-History-Restore-Request"
)

// isFragment reports whether the request wants only a fragment: an htmx
// request that is neither a boosted navigation nor a history restore (which
// swaps the whole body and so needs the full page).
func isFragment(c *fiber.Ctx) bool {
	return c.Get(hxRequest) == "true" && c.Get(hxBoosted) != "true" && c.Get(hxRestore) != "true"
}

// page is what a handler renders: the full page's title and nav section,
// the content for a full page, and the fragment for an htmx request.
type page struct {
	Title    string
	Nav      string
	Content  templ.Component // inside the layout
	Fragment templ.Component // for htmx; Content when nil
}

// render writes a full page or, for an htmx request, only the fragment.
// Every response from a URL that serves both varies on HX-Request.
func (h *Handler) render(c *fiber.Ctx, status int, p page) error {
	c.Vary(hxRequest)
	if isFragment(c) {
		frag := p.Fragment
		if frag == nil {
			frag = p.Content
		}
		return h.write(c, status, frag)
	}
	s := h.shell(c)
	s.Title, s.Nav = p.Title, p.Nav
	return h.write(c, status, templ.ComponentFunc(func(ctx context.Context, w io.Writer) error {
		return views.Layout(s).Render(templ.WithChildren(ctx, p.Content), w)
	}))
}

// write renders a component as the HTML response body.
func (h *Handler) write(c *fiber.Ctx, status int, comp templ.Component) error {
	c.Status(status)
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return comp.Render(c.UserContext(), c.Response().BodyWriter())
}

// shell is the layout's view model for this request.
func (h *Handler) shell(c *fiber.Ctx) views.Shell {
	s := views.Shell{
		CSRFToken: csrfToken(c),
		RequestID: requestID(c),
		Assets:    h.pageAssets(),
	}
	if v := viewerOf(c); v != nil {
		s.User = &views.Viewer{ID: v.ID, Username: v.Username, IsAdmin: v.IsAdmin}
	}
	return s
}

// pageAssets are the hashed URLs the layout links.
func (h *Handler) pageAssets() views.Assets {
	return views.Assets{
		CSS:  h.assets.URL("app.css"),
		HTMX: h.assets.URL("htmx.js"),
		SSE:  h.assets.URL("sse.js"),
		JS:   h.assets.URL("app.js"),
		Drag: h.assets.URL("drag.js"),
		Keys: h.assets.URL("keys.js"),
	}
}

// redirect answers a plain request with 303 and an htmx one with HX-Redirect.
func redirect(c *fiber.Ctx, to string) error {
	if c.Get(hxRequest) == "true" {
		c.Set(hxRedirect, to)
		c.Status(fiber.StatusOK)
		return nil
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}
