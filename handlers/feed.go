package handlers

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/views"
)

// The private subscription feed: GET /feed/<token>.ics serves the owner's
// whole calendar without a session. The token is 32 random bytes
// (base64url, 43 characters); only its SHA-256 is stored (feed_tokens), so
// the address is shown once, when it is made. Making a new one replaces
// the old (which stops working at once); turning the feed off deletes it.
// Requests are counted per token and per client address in Redis, in
// fixed windows like the login throttle.

const (
	feedTokenBytes = 32
	feedTokenLen   = 43 // base64url without padding of feedTokenBytes
	feedWindow     = 10 * time.Minute
	feedTokenMax   = 60  // requests per token per window
	feedIPMax      = 600 // requests per client address per window
)

// newFeedToken returns a fresh token and the hash to store.
func newFeedToken() (token string, hash []byte, err error) {
	b := make([]byte, feedTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, feedTokenHash(token), nil
}

// feedTokenHash is what feed_tokens keeps of a token.
func feedTokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// validFeedToken reports whether s has the shape of a token (so that other
// strings never reach the database).
func validFeedToken(s string) bool {
	if len(s) != feedTokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// feed serves GET /feed/:file, file being <token>.ics. An unknown, disabled
// or malformed token is 404; too many requests for the token or from the
// address are 429 with Retry-After.
func (h *Handler) feed(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token, ok := strings.CutSuffix(c.Params("file"), ".ics")
	if wait, blocked := h.feedThrottle(ctx, token, c.IP()); blocked {
		return feedTooMany(c, wait)
	}
	if !ok || !validFeedToken(token) {
		return notFound()
	}
	owner, err := h.store.GetFeedOwner(ctx, feedTokenHash(token))
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return notFound()
	} else if err != nil {
		return err
	}
	body, err := h.calendarFile(ctx, owner.ID, owner.Username, h.zones.Load(owner.Timezone))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderCacheControl, "private, no-cache")
	c.Set("X-Robots-Tag", "noindex")
	return sendICS(c, body, "eventcal.ics", false)
}

// feedThrottle counts a request against the token's and the address's
// windows and reports whether either is over its limit, and for how long.
// A Redis failure does not block (it is logged).
func (h *Handler) feedThrottle(ctx context.Context, token, ip string) (time.Duration, bool) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	sum := sha256.Sum256([]byte(token))
	base := h.cfg.RedisPrefix + "throttle:feed:"
	keys := []struct {
		key string
		max int64
	}{
		{base + "token:" + hex.EncodeToString(sum[:16]), feedTokenMax},
		{base + "ip:" + clientNet(ip), feedIPMax},
	}
	pipe := h.redis.Pipeline()
	counts := make([]*redis.IntCmd, len(keys))
	ttls := make([]*redis.DurationCmd, len(keys))
	for i, k := range keys {
		counts[i] = pipe.Incr(ctx, k.key)
		pipe.ExpireNX(ctx, k.key, feedWindow)
		ttls[i] = pipe.PTTL(ctx, k.key)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		h.log.Warn("feed throttle unavailable", "err", err)
		return 0, false
	}
	var wait time.Duration
	blocked := false
	for i, k := range keys {
		if counts[i].Val() > k.max {
			blocked = true
			t := ttls[i].Val()
			if t <= 0 {
				t = feedWindow
			}
			wait = max(wait, t)
		}
	}
	return wait, blocked
}

// feedTooMany answers 429 with Retry-After (whole seconds, at least 1).
func feedTooMany(c *fiber.Ctx, wait time.Duration) error {
	secs := max(int((wait+time.Second-1)/time.Second), 1)
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	return &statusError{
		status:  fiber.StatusTooManyRequests,
		title:   "Too many requests",
		message: "This calendar address was asked for too often. Please try again later.",
	}
}

// feedOn makes a new subscription address (replacing any old one) and shows
// the settings page with it, once.
func (h *Handler) feedOn(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := viewerOf(c)
	u, err := h.store.GetUser(ctx, v.ID)
	if err != nil {
		return db.NotFound(err)
	}
	token, hash, err := newFeedToken()
	if err != nil {
		return err
	}
	if err := h.store.SetFeedToken(ctx, db.SetFeedTokenParams{UserID: u.ID, TokenHash: hash}); err != nil {
		return err
	}
	path := "/feed/" + token + ".ics"
	p := views.SettingsPage{
		Profile: views.ProfileForm{Email: u.Email, Timezone: u.Timezone, WeekStart: int(u.WeekStart)},
		Feed: views.FeedSettings{
			URL:       c.BaseURL() + path,
			WebcalURL: "webcal://" + c.Hostname() + path,
		},
	}
	return h.renderSettings(c, fiber.StatusOK, u, p)
}

// feedOff turns the subscription address off.
func (h *Handler) feedOff(c *fiber.Ctx) error {
	if err := h.store.DeleteFeedToken(c.UserContext(), viewerOf(c).ID); err != nil {
		return err
	}
	return redirect(c, "/settings?saved=feed-off#calendar-files")
}

// feedState completes the settings page's feed section f for user uid:
// whether the feed is on and since when (an address just made stays in f).
func (h *Handler) feedState(c *fiber.Ctx, uid int64, f views.FeedSettings) (views.FeedSettings, error) {
	f.CSRFToken = csrfToken(c)
	created, err := h.store.GetFeedToken(c.UserContext(), uid)
	switch err = db.NotFound(err); {
	case err == nil:
		f.On = true
		loc := time.UTC
		if v := viewerOf(c); v != nil {
			loc = v.Loc
		}
		f.Since = created.In(loc).Format("2 Jan 2006, 15:04")
	case errors.Is(err, db.ErrNotFound):
		f.On = false
	default:
		return f, err
	}
	if f.URL == "" && c.Query("saved") == "feed-off" && !f.On {
		f.Notice = "The subscription address is off: it no longer works."
	}
	return f, nil
}
