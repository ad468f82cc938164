package handlers

import (
	"bufio"
	"context"
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/live"
	"github.com/eventcal/eventcal/paths"
)

// streamPath is the live-update stream of the signed-in user.
const streamPath = paths.Stream

// eventStream answers GET /events/stream: Server-Sent Events telling the
// page when anything the user sees changed (from any instance), until the
// page goes or the server stops. A page whose session ended (signed out
// elsewhere, expired) gets one "ended" event instead, after which it stops
// reconnecting: a redirect to the login page would only make the browser
// retry, with an error each time.
func (h *Handler) eventStream(c *fiber.Ctx) error {
	v := viewerOf(c)
	if v == nil {
		if _, unavailable := c.Locals(localSessionErr).(error); unavailable {
			return h.requireUser(c) // 503: the page retries later
		}
		c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.SendString("event: ended\ndata: signed out\n\n")
	}
	st, err := h.live.Open(v.ID)
	if errors.Is(err, live.ErrFull) {
		c.Set(fiber.HeaderRetryAfter, "30")
		return fiber.NewError(fiber.StatusServiceUnavailable, "Live updates are busy; the page still works.")
	}
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/event-stream; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set("X-Accel-Buffering", "no")
	conn := c.Context().Conn()
	hub := h.live
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		hub.Serve(w, conn, st, live.Heartbeat)
	})
	return nil
}

// liveOrigin reads the page's X-Live-Origin header into the request's
// context: the change the request makes is not sent back to that page.
func (h *Handler) liveOrigin(c *fiber.Ctx) error {
	if o := c.Get("X-Live-Origin"); validOrigin(o) {
		c.SetUserContext(live.WithOrigin(c.UserContext(), o))
	}
	return c.Next()
}

// validOrigin accepts what app.js makes: up to 64 letters, digits, - and _.
func validOrigin(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// StopStreams ends every live-update stream at once and refuses new ones:
// call it before shutting the server down, which otherwise waits for them.
func (h *Handler) StopStreams() { h.live.Shutdown() }

// runLive relays live updates until the app shuts down.
func (h *Handler) runLive(app *fiber.App) {
	ctx, cancel := context.WithCancel(context.Background())
	app.Hooks().OnShutdown(func() error {
		h.live.Shutdown()
		cancel()
		return nil
	})
	go h.live.Run(ctx)
}
