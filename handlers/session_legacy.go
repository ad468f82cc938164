package handlers

import (
	"encoding/gob"
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"

	"github.com/eventcal/eventcal/accounts"
)

// Sessions written before accounts.Session (by Fiber's session middleware)
// are a gob-encoded map[string]any under these keys. They still load, with
// their epoch checked by a separate round trip, and are rewritten in the
// flat format on that request, so nobody is signed out by the upgrade.
// This file can go once SESSION_ABSOLUTE has passed since that release.
const (
	sessUserID     = "uid"
	sessUsername   = "un"
	sessTimezone   = "tz"
	sessWeekStart  = "wk"
	sessAdmin      = "adm"
	sessAuthAt     = "at"
	sessSeenAt     = "seen"
	sessEpoch      = "ep"       // the user's session epoch at sign-in
	sessRemember   = "rm"       // "Keep me signed in"
	sessCSRF       = "csrf"     // the token: a string, or the csrf.Token of Fiber's csrf middleware
	sessCSRFExpiry = "csrf_exp" // its expiry, unix seconds
)

// registerOldSessionTypes lets gob decode the csrf.Token that sessions
// written while Fiber's csrf middleware kept the token hold (such a
// session gets a new token). gob's registry is process-wide; registering
// the same type again is a no-op.
func registerOldSessionTypes() { gob.Register(csrf.Token{}) }

// errOldSessionAnonymous: an old session without a user (nothing to keep).
var errOldSessionAnonymous = errors.New("old session without a user")

// decodeOldSession decodes a gob session map into an accounts.Session.
func decodeOldSession(raw string) (accounts.Session, error) {
	m := map[string]any{}
	if err := gob.NewDecoder(strings.NewReader(raw)).Decode(&m); err != nil {
		return accounts.Session{}, err
	}
	var s accounts.Session
	s.UserID, _ = m[sessUserID].(int64)
	if s.UserID <= 0 {
		return s, errOldSessionAnonymous
	}
	s.Username, _ = m[sessUsername].(string)
	s.TZName, _ = m[sessTimezone].(string)
	ws, _ := m[sessWeekStart].(int64)
	s.WeekStart = int16(min(max(ws, 0), 6))
	s.Admin, _ = m[sessAdmin].(bool)
	s.AuthAt, _ = m[sessAuthAt].(int64)
	s.SeenAt, _ = m[sessSeenAt].(int64)
	s.Epoch, _ = m[sessEpoch].(int64)
	s.Remember, _ = m[sessRemember].(bool)
	if tok, ok := m[sessCSRF].(string); ok {
		s.CSRF = tok
		s.CSRFExpiry, _ = m[sessCSRFExpiry].(int64)
	}
	s.AuthAt, s.SeenAt, s.CSRFExpiry, s.Epoch = max(s.AuthAt, 0), max(s.SeenAt, 0), max(s.CSRFExpiry, 0), max(s.Epoch, 0)
	return s, nil
}

// loadOldSession checks an old-format session as before (its epoch in a
// second round trip) and, when current, uses it and has it rewritten in
// the flat format (csrfProtect writes it, SET XX). An unreadable one is
// signed out; an anonymous one is ignored, as before.
func (h *Handler) loadOldSession(c *fiber.Ctx, rs *reqSession, raw string) error {
	s, err := decodeOldSession(raw)
	if errors.Is(err, errOldSessionAnonymous) {
		return c.Next()
	}
	if err != nil {
		return h.signedOut(c, rs)
	}
	rs.data = s
	current, err := h.accounts.SessionCurrent(c.UserContext(), s.UserID, rs.id, s.Epoch)
	if err != nil {
		c.Locals(localSessionErr, err)
		return c.Next()
	}
	if !current {
		return h.signedOut(c, rs)
	}
	rs.dirty = true
	return h.useSession(c, rs)
}
