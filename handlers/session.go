package handlers

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"
	redisstore "github.com/gofiber/storage/redis/v3"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/config"
	"github.com/eventcal/eventcal/db"
)

// sessionTouch is how stale a session's TTL may get before a refresh (at
// most a quarter of SESSION_IDLE). The lifetimes are configured:
// SESSION_IDLE (the Redis TTL, refreshed while in use), SESSION_REMEMBER
// (the same with "Keep me signed in") and SESSION_ABSOLUTE (from sign-in,
// whatever the use).
const sessionTouch = time.Hour

// Session data keys.
const (
	sessUserID    = "uid"
	sessUsername  = "un"
	sessTimezone  = "tz"
	sessWeekStart = "wk"
	sessAdmin     = "adm"
	sessAuthAt    = "at"
	sessSeenAt    = "seen"
	sessEpoch     = "ep" // the user's session epoch at sign-in (accounts.StartSession)
	sessRemember  = "rm" // "Keep me signed in": the idle limit is SESSION_REMEMBER
)

// Viewer is the signed-in user of a request, read from the session (no SQL).
type Viewer struct {
	ID        int64
	Username  string
	IsAdmin   bool
	TZName    string
	Loc       *time.Location
	WeekStart time.Weekday
	SessionID string
}

// viewerOf returns the signed-in user, or nil.
func viewerOf(c *fiber.Ctx) *Viewer {
	v, _ := c.Locals(localViewer).(*Viewer)
	return v
}

// sessionCookieName is __Host- prefixed behind TLS.
func sessionCookieName(cfg config.Config) string {
	if cfg.CookieSecure {
		return "__Host-eventcal_session"
	}
	return "eventcal_session"
}

// newSessionStore keeps sessions in their own Redis database, in storage.
func newSessionStore(cfg config.Config, storage keyedStorage) *session.Store {
	s := session.New(session.Config{
		Expiration:     cfg.SessionIdle,
		Storage:        storage,
		KeyLookup:      "cookie:" + sessionCookieName(cfg),
		CookiePath:     "/",
		CookieSecure:   cfg.CookieSecure,
		CookieHTTPOnly: true,
		CookieSameSite: fiber.CookieSameSiteLaxMode,
	})
	// Sessions written while Fiber's csrf middleware kept the token hold a
	// csrf.Token; registered, they still decode (and get a new token).
	s.RegisterType(csrf.Token{})
	return s
}

// keyedStorage stores each session under the key the cache package names
// (keyOf is cache.SessionKey), sharing the app's go-redis client. Set only
// updates a session that exists (SET XX): one ended while a request held
// a copy stays ended (errSessionEnded); create makes a new one (SET NX).
type keyedStorage struct {
	*redisstore.Storage
	rdb   redis.UniversalClient
	keyOf func(id string) string
}

// errSessionEnded: the session was ended while the request held it.
var errSessionEnded = errors.New("session ended during the request")

func newKeyedStorage(rdb redis.UniversalClient, keyOf func(id string) string) keyedStorage {
	return keyedStorage{Storage: redisstore.NewFromConnection(rdb), rdb: rdb, keyOf: keyOf}
}

func (p keyedStorage) Get(id string) ([]byte, error) { return p.Storage.Get(p.keyOf(id)) }
func (p keyedStorage) Set(id string, val []byte, exp time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ok, err := p.rdb.SetXX(ctx, p.keyOf(id), val, exp).Result()
	if err == nil && !ok {
		return errSessionEnded
	}
	return err
}
func (p keyedStorage) Delete(id string) error { return p.Storage.Delete(p.keyOf(id)) }

// create makes the key of a brand-new session (empty until Set fills it).
func (p keyedStorage) create(id string, exp time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	ok, err := p.rdb.SetNX(ctx, p.keyOf(id), "", exp).Result()
	if err == nil && !ok {
		return errors.New("session id already in use")
	}
	return err
}

// saveSession writes sess back (do not touch it afterwards). A new session
// is created, under a new id when the client sent this one (an ended
// session's); an existing one is only updated while it exists.
func (h *Handler) saveSession(c *fiber.Ctx, sess *session.Session) error {
	if !sess.Fresh() {
		h.setExpiry(sess)
		return sess.Save()
	}
	if c.Cookies(sessionCookieName(h.cfg)) == sess.ID() {
		if err := sess.Regenerate(); err != nil {
			return err
		}
	}
	return h.createSession(sess)
}

// createSession saves a session whose id is new.
func (h *Handler) createSession(sess *session.Session) error {
	if err := h.sessStorage.create(sess.ID(), h.setExpiry(sess)); err != nil {
		return err
	}
	return sess.Save()
}

// setExpiry gives a session its idle limit, SESSION_IDLE, or
// SESSION_REMEMBER when the user asked to stay signed in, and returns it.
func (h *Handler) setExpiry(sess *session.Session) time.Duration {
	if rm, _ := sess.Get(sessRemember).(bool); rm {
		sess.SetExpiry(h.cfg.SessionRemember)
		return h.cfg.SessionRemember
	}
	return h.cfg.SessionIdle
}

// loadViewer reads the session once per request and puts the Viewer in the
// request locals. A session store failure is remembered, not fatal: pages
// that need a session answer 503, public pages still work.
func (h *Handler) loadViewer(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		c.Locals(localSessionErr, err)
		return c.Next()
	}
	c.Locals(localSession, sess) // csrfProtect uses it and saves it when changed
	uid, _ := sess.Get(sessUserID).(int64)
	if uid == 0 {
		return c.Next()
	}
	now := h.now()
	authAt, _ := sess.Get(sessAuthAt).(int64)
	if now.Sub(time.Unix(authAt, 0)) > h.cfg.SessionAbsolute {
		return h.signedOut(c, sess)
	}
	epoch, _ := sess.Get(sessEpoch).(int64)
	current, err := h.accounts.SessionCurrent(c.UserContext(), uid, sess.ID(), epoch)
	if err != nil {
		c.Locals(localSession, nil)
		c.Locals(localSessionErr, err)
		return c.Next()
	}
	if !current { // ended elsewhere (sign-out everywhere, deactivation, new password…)
		return h.signedOut(c, sess)
	}
	v := &Viewer{ID: uid, SessionID: sess.ID()}
	v.Username, _ = sess.Get(sessUsername).(string)
	v.IsAdmin, _ = sess.Get(sessAdmin).(bool)
	v.TZName, _ = sess.Get(sessTimezone).(string)
	ws, _ := sess.Get(sessWeekStart).(int64)
	v.WeekStart = time.Weekday(ws)
	var ok bool
	if v.Loc, ok = h.zones.Lookup(v.TZName); !ok {
		v.Loc, v.TZName = time.UTC, "UTC"
	}
	c.Locals(localViewer, v)
	if seen, _ := sess.Get(sessSeenAt).(int64); now.Sub(time.Unix(seen, 0)) > min(sessionTouch, h.cfg.SessionIdle/4) {
		sess.Set(sessSeenAt, now.Unix())
		c.Locals(localSessionDirty, true) // saved (once) by csrfProtect
	}
	return c.Next()
}

// signedOut destroys an expired or ended session; the rest of the request
// is anonymous, in a new session.
func (h *Handler) signedOut(c *fiber.Ctx, sess *session.Session) error {
	_ = sess.Destroy()
	c.Locals(localSession, nil)
	if sess, err := h.sessions.Get(c); err != nil {
		c.Locals(localSessionErr, err)
	} else {
		c.Locals(localSession, sess)
	}
	return c.Next()
}

// requireUser sends signed-out visitors to the login page: a 303 for a
// plain request, HX-Redirect for htmx. Signed-in pages are never cached.
func (h *Handler) requireUser(c *fiber.Ctx) error {
	if err, ok := c.Locals(localSessionErr).(error); ok {
		return unavailable("Sign-in", err)
	}
	if viewerOf(c) == nil {
		return redirect(c, "/login?next="+url.QueryEscape(loginReturnPath(c)))
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// requireAdmin sends signed-out visitors to the login page first (as
// requireUser does) and answers 403 to signed-in users who are not admins.
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	v := viewerOf(c)
	if v == nil {
		return h.requireUser(c) // redirects to login, or 503 without sessions
	}
	if !v.IsAdmin {
		return forbidden("This page is for administrators.")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Next()
}

// loginReturnPath is where to come back to after signing in: the page for a
// plain request, the browser's current page for an htmx one.
func loginReturnPath(c *fiber.Ctx) string {
	if c.Get(hxRequest) == "true" {
		if u, err := url.Parse(c.Get(hxCurrentURL)); err == nil {
			return safeNext(u.RequestURI())
		}
		return "/"
	}
	if c.Method() != fiber.MethodGet {
		return "/"
	}
	return safeNext(string(c.Request().URI().RequestURI()))
}

// safeNext accepts only local absolute paths ("/x"), never "//host",
// "/\host" or a scheme; anything else becomes "/".
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/"
	}
	if strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}

// signIn rotates the session id, records the session under the user so it
// can be ended later (accounts.StartSession: a failure fails the sign-in,
// ErrBadCredentials when the user changed meanwhile) and stores the user.
// With remember the session lasts SESSION_REMEMBER without use instead of
// SESSION_IDLE.
func (h *Handler) signIn(c *fiber.Ctx, u db.User, remember bool) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return unavailable("Sign-in", err)
	}
	if err := sess.Regenerate(); err != nil {
		return unavailable("Sign-in", err)
	}
	for _, k := range sess.Keys() {
		sess.Delete(k) // drops the old CSRF token too: it rotates at sign-in
	}
	id := sess.ID()
	u, epoch, err := h.accounts.StartSession(c.UserContext(), u, id)
	if errors.Is(err, accounts.ErrUnavailable) {
		return unavailable("Sign-in", err)
	} else if err != nil {
		return err
	}
	now := h.now().Unix()
	sess.Set(sessUserID, u.ID)
	sess.Set(sessUsername, u.Username)
	sess.Set(sessAdmin, u.IsAdmin)
	sess.Set(sessTimezone, u.Timezone)
	sess.Set(sessWeekStart, int64(u.WeekStart))
	sess.Set(sessAuthAt, now)
	sess.Set(sessSeenAt, now)
	sess.Set(sessEpoch, epoch)
	sess.Set(sessRemember, remember)
	if err := h.createSession(sess); err != nil {
		h.accounts.UntrackSession(c.UserContext(), u.ID, id)
		return unavailable("Sign-in", err)
	}
	return nil
}

// signOut destroys the current session.
func (h *Handler) signOut(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return unavailable("Sign-in", err)
	}
	if v := viewerOf(c); v != nil {
		h.accounts.UntrackSession(c.UserContext(), v.ID, sess.ID())
	}
	return sess.Destroy()
}
