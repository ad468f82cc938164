package handlers

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/csrf"
	"github.com/gofiber/fiber/v2/middleware/session"
	redisstore "github.com/gofiber/storage/redis/v3"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/config"
)

// Session lifetimes.
const (
	sessionIdle     = 14 * 24 * time.Hour // Redis TTL, refreshed while in use
	sessionAbsolute = 30 * 24 * time.Hour // from sign-in, whatever the use
	sessionTouch    = time.Hour           // how stale the TTL may get before a refresh
)

// Session data keys.
const (
	sessUserID    = "uid"
	sessUsername  = "un"
	sessTimezone  = "tz"
	sessWeekStart = "wk"
	sessAdmin     = "adm"
	sessAuthAt    = "at"
	sessSeenAt    = "seen"
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

// newSessionStore keeps sessions in their own Redis database under the
// app's prefix, sharing the app's go-redis client.
func newSessionStore(cfg config.Config, rdb redis.UniversalClient) *session.Store {
	s := session.New(session.Config{
		Expiration:     sessionIdle,
		Storage:        prefixStorage{Storage: redisstore.NewFromConnection(rdb), prefix: cfg.RedisPrefix + "session:"},
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

// sessionKey is the Redis key of a session id (for ending sessions by id).
func (h *Handler) sessionKey(id string) string {
	return h.cfg.RedisPrefix + "session:" + id
}

// userSessionsKey is the set of a user's session ids.
func (h *Handler) userSessionsKey(uid int64) string {
	return h.cfg.RedisPrefix + "user_sessions_" + strconv.FormatInt(uid, 10)
}

// prefixStorage namespaces session keys.
type prefixStorage struct {
	*redisstore.Storage
	prefix string
}

func (p prefixStorage) Get(key string) ([]byte, error) { return p.Storage.Get(p.prefix + key) }
func (p prefixStorage) Set(key string, val []byte, exp time.Duration) error {
	return p.Storage.Set(p.prefix+key, val, exp)
}
func (p prefixStorage) Delete(key string) error { return p.Storage.Delete(p.prefix + key) }

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
	if now.Sub(time.Unix(authAt, 0)) > sessionAbsolute {
		_ = sess.Destroy()
		// The rest of the request is anonymous, in a new session.
		c.Locals(localSession, nil)
		if sess, err = h.sessions.Get(c); err != nil {
			c.Locals(localSessionErr, err)
		} else {
			c.Locals(localSession, sess)
		}
		return c.Next()
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
	if seen, _ := sess.Get(sessSeenAt).(int64); now.Sub(time.Unix(seen, 0)) > sessionTouch {
		sess.Set(sessSeenAt, now.Unix())
		c.Locals(localSessionDirty, true) // saved (once) by csrfProtect
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

// signIn rotates the session id, stores the user and records the session
// under the user so it can be ended later.
func (h *Handler) signIn(c *fiber.Ctx, u signedIn) error {
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
	now := h.now().Unix()
	sess.Set(sessUserID, u.ID)
	sess.Set(sessUsername, u.Username)
	sess.Set(sessAdmin, u.IsAdmin)
	sess.Set(sessTimezone, u.Timezone)
	sess.Set(sessWeekStart, int64(u.WeekStart))
	sess.Set(sessAuthAt, now)
	sess.Set(sessSeenAt, now)
	id := sess.ID()
	if err := sess.Save(); err != nil {
		return unavailable("Sign-in", err)
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	pipe := h.sessRedis.TxPipeline()
	pipe.SAdd(ctx, h.userSessionsKey(u.ID), id)
	pipe.Expire(ctx, h.userSessionsKey(u.ID), sessionAbsolute)
	if _, err := pipe.Exec(ctx); err != nil {
		h.log.Warn("recording session failed", "user", u.ID, "err", err)
	}
	return nil
}

// signedIn is what signIn stores about a user.
type signedIn struct {
	ID        int64
	Username  string
	IsAdmin   bool
	Timezone  string
	WeekStart int16
}

// signOut destroys the current session.
func (h *Handler) signOut(c *fiber.Ctx) error {
	sess, err := h.sessions.Get(c)
	if err != nil {
		return unavailable("Sign-in", err)
	}
	if v := viewerOf(c); v != nil {
		ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
		defer cancel()
		h.sessRedis.SRem(ctx, h.userSessionsKey(v.ID), sess.ID())
	}
	return sess.Destroy()
}

// endSessions ends every session of a user except keep (may be "").
func (h *Handler) endSessions(ctx context.Context, uid int64, keep string) error {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	key := h.userSessionsKey(uid)
	ids, err := h.sessRedis.SMembers(ctx, key).Result()
	if err != nil {
		return err
	}
	pipe := h.sessRedis.TxPipeline()
	for _, id := range ids {
		if id == keep {
			continue
		}
		pipe.Del(ctx, h.sessionKey(id))
		pipe.SRem(ctx, key, id)
	}
	_, err = pipe.Exec(ctx)
	return err
}
