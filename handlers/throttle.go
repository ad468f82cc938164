package handlers

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
)

// Login throttling: fixed windows of failed attempts, counted in Redis.
const (
	throttleWindow     = 15 * time.Minute
	throttleAccountMax = 5  // failures per account per window
	throttleIPMax      = 20 // failures per client address per window
)

// loginKeys are the throttle counters one sign-in attempt is charged to.
type loginKeys struct {
	account string
	ip      string
}

// loginThrottleKeys names the counters of an attempt: the account by id
// when it exists, else by the normalised login name (so unknown and known
// names are throttled alike), and the client address (c.IP honours
// X-Forwarded-For only from TRUSTED_PROXIES). IPv6 clients are counted per
// /64, which one client usually owns whole.
func (h *Handler) loginThrottleKeys(c *fiber.Ctx, uid int64, login string) loginKeys {
	base := h.cfg.RedisPrefix + "throttle:login:"
	k := loginKeys{ip: base + "ip:" + clientNet(c.IP())}
	if uid != 0 {
		k.account = base + "user:" + strconv.FormatInt(uid, 10)
	} else {
		sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(login))))
		k.account = base + "name:" + hex.EncodeToString(sum[:16])
	}
	return k
}

// clientNet is the address an IP counter is kept for.
func clientNet(ip string) string {
	p := net.ParseIP(ip)
	if p == nil {
		return ip
	}
	if p.To4() != nil {
		return p.String()
	}
	return (&net.IPNet{IP: p.Mask(net.CIDRMask(64, 128)), Mask: net.CIDRMask(64, 128)}).String()
}

// loginBlocked reports whether either counter is at its limit, and for how
// long. A Redis failure does not block (it is logged).
func (h *Handler) loginBlocked(ctx context.Context, k loginKeys) (time.Duration, bool) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	pipe := h.redis.Pipeline()
	acct, acctTTL := pipe.Get(ctx, k.account), pipe.PTTL(ctx, k.account)
	ip, ipTTL := pipe.Get(ctx, k.ip), pipe.PTTL(ctx, k.ip)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		h.log.Warn("login throttle unavailable", "err", err)
		return 0, false
	}
	var wait time.Duration
	blocked := false
	for _, c := range []struct {
		n   *redis.StringCmd
		ttl *redis.DurationCmd
		max int64
	}{{acct, acctTTL, throttleAccountMax}, {ip, ipTTL, throttleIPMax}} {
		if n, _ := c.n.Int64(); n >= c.max {
			blocked = true
			t := c.ttl.Val()
			if t <= 0 {
				t = throttleWindow
			}
			wait = max(wait, t)
		}
	}
	return wait, blocked
}

// loginFailed charges a failed attempt to both counters; each window starts
// at its first failure.
func (h *Handler) loginFailed(ctx context.Context, k loginKeys) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	pipe := h.redis.Pipeline()
	for _, key := range []string{k.account, k.ip} {
		pipe.Incr(ctx, key)
		pipe.ExpireNX(ctx, key, throttleWindow)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		h.log.Warn("login throttle not recorded", "err", err)
	}
}

// loginSucceeded clears the account's counter (not the address's).
func (h *Handler) loginSucceeded(ctx context.Context, k loginKeys) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
	defer cancel()
	if err := h.redis.Del(ctx, k.account).Err(); err != nil {
		h.log.Warn("login throttle not reset", "err", err)
	}
}

// tooManyAttempts answers 429 with Retry-After.
func tooManyAttempts(c *fiber.Ctx, wait time.Duration) error {
	secs := int(wait.Round(time.Second) / time.Second)
	if secs < 1 {
		secs = 1
	}
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(secs))
	mins := (secs + 59) / 60
	when := "a minute"
	if mins > 1 {
		when = fmt.Sprintf("%d minutes", mins)
	}
	return &statusError{
		status:  fiber.StatusTooManyRequests,
		title:   "Too many attempts",
		message: "There have been too many failed attempts to sign in. For your security, please wait " + when + " and try again.",
	}
}
