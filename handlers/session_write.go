package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// reqSession is the session of a request, read by loadViewer and written
// back at most once: by writeSession when a handler needs it stored now,
// else by csrfProtect after the handler when it changed.
type reqSession struct {
	id    string
	data  accounts.Session
	dirty bool // changed: to be written back
	gone  bool // destroyed (or replaced) in this request: never written back
	// viewer is the request's Viewer when the session is current (one
	// allocation for both).
	viewer Viewer
}

// sessionTTL is a session's idle limit: SESSION_IDLE, or SESSION_REMEMBER
// when the user asked to stay signed in.
func (h *Handler) sessionTTL(s *accounts.Session) time.Duration {
	if s.Remember {
		return h.cfg.SessionRemember
	}
	return h.cfg.SessionIdle
}

// writeSession writes rs back now (only while it exists: a session ended
// meanwhile stays ended, accounts.ErrSessionEnded) with a fresh TTL and
// cookie; it is then clean.
func (h *Handler) writeSession(c *fiber.Ctx, rs *reqSession) error {
	if rs.gone {
		return accounts.ErrSessionEnded
	}
	ttl := h.sessionTTL(&rs.data)
	if err := h.accounts.SaveSession(c.UserContext(), rs.id, &rs.data, ttl); err != nil {
		return err
	}
	rs.dirty = false
	h.setSessionCookie(c, rs.id, ttl)
	return nil
}

// flushSession writes rs back if it changed and is still the request's.
func (h *Handler) flushSession(c *fiber.Ctx, rs *reqSession) {
	if !rs.dirty || rs.gone {
		return
	}
	if err := h.writeSession(c, rs); errors.Is(err, accounts.ErrSessionEnded) {
		h.log.Debug("session ended during the request: not written back")
	} else if err != nil {
		h.log.Warn("session save failed", "err", err)
	}
}

// setSessionCookie gives the browser session id for ttl (as long as the
// session's idle limit; the TTL refresh moves it).
func (h *Handler) setSessionCookie(c *fiber.Ctx, id string, ttl time.Duration) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookieName(h.cfg),
		Value:    id,
		Path:     "/",
		MaxAge:   int(ttl.Seconds()),
		Expires:  time.Now().Add(ttl),
		Secure:   h.cfg.CookieSecure,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// clearSessionCookie tells the browser to drop the session cookie.
func (h *Handler) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{
		Name:     sessionCookieName(h.cfg),
		Path:     "/",
		MaxAge:   -1,
		Expires:  time.Now().Add(-time.Minute),
		Secure:   h.cfg.CookieSecure,
		HTTPOnly: true,
		SameSite: fiber.CookieSameSiteLaxMode,
	})
}

// signIn makes a new session under a new id (the one the request came
// with, if any, ends), records it under the user so it can be ended later
// (accounts.StartSession: a failure fails the sign-in, ErrBadCredentials
// when the user changed meanwhile), stores it (SET NX) and gives it a new
// CSRF token. With remember the session lasts SESSION_REMEMBER without use
// instead of SESSION_IDLE.
func (h *Handler) signIn(c *fiber.Ctx, u db.User, remember bool) error {
	ctx := c.UserContext()
	if old, _ := c.Locals(localSession).(*reqSession); old != nil && !old.gone {
		old.gone = true
		if err := h.accounts.DeleteSession(ctx, old.id); err != nil {
			return unavailable("Sign-in", err)
		}
		h.accounts.UntrackSession(ctx, old.data.UserID, old.id)
	}
	id := accounts.NewSessionID()
	u, epoch, err := h.accounts.StartSession(ctx, u, id)
	if errors.Is(err, accounts.ErrUnavailable) {
		return unavailable("Sign-in", err)
	} else if err != nil {
		return err
	}
	now := h.now()
	s := accounts.Session{UserID: u.ID, Epoch: epoch, AuthAt: now.Unix(), SeenAt: now.Unix(),
		WeekStart: u.WeekStart, Clock12: u.TimeFormat == calendar.Clock12.String(), Admin: u.IsAdmin, Remember: remember, Username: u.Username, TZName: u.Timezone,
		CSRF: newCSRFToken(), CSRFExpiry: now.Add(csrfLifetime).Unix()}
	ttl := h.sessionTTL(&s)
	if err := h.accounts.CreateSession(ctx, id, &s, ttl); err != nil {
		h.accounts.UntrackSession(ctx, u.ID, id)
		return unavailable("Sign-in", err)
	}
	h.setSessionCookie(c, id, ttl)
	h.setCSRFCookie(c, s.CSRF, now.Add(csrfLifetime))
	return nil
}

// signOut destroys the current session, if any.
func (h *Handler) signOut(c *fiber.Ctx) error {
	rs, _ := c.Locals(localSession).(*reqSession)
	if rs == nil || rs.gone {
		h.clearSessionCookie(c)
		return nil
	}
	rs.gone = true
	if err := h.accounts.DeleteSession(c.UserContext(), rs.id); err != nil {
		return unavailable("Sign-in", err)
	}
	h.accounts.UntrackSession(c.UserContext(), rs.data.UserID, rs.id)
	h.clearSessionCookie(c)
	return nil
}

// updateSessionPrefs stores the viewer's time zone, week start and time
// format (u's) in the current session, now (the request's one session write).
func (h *Handler) updateSessionPrefs(c *fiber.Ctx, u db.User) error {
	rs, _ := c.Locals(localSession).(*reqSession)
	if rs == nil || rs.data.UserID != viewerOf(c).ID {
		return unavailable("Sign-in", errors.New("session changed during the request"))
	}
	rs.data.TZName, rs.data.WeekStart = u.Timezone, u.WeekStart
	rs.data.Clock12 = u.TimeFormat == calendar.Clock12.String()
	if err := h.writeSession(c, rs); err != nil {
		return unavailable("Sign-in", err)
	}
	return nil
}
