package accounts

import (
	"context"
	"errors"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

// Login throttling: fixed windows of failed attempts, counted in Redis.
const (
	LoginWindow     = 15 * time.Minute
	LoginAccountMax = 5  // failures per account per window
	LoginIPMax      = 20 // failures per client address per window
)

// loginKeys are the throttle counters one sign-in attempt is charged to.
type loginKeys struct {
	account string
	ip      string
}

// loginThrottleKeys names the counters of an attempt: the account by id
// when it exists, else by the login name (so unknown and known names are
// throttled alike), and the client address (which the caller has taken
// from X-Forwarded-For only behind a trusted proxy).
func (s *Service) loginThrottleKeys(uid int64, login, ip string) loginKeys {
	k := loginKeys{ip: s.cache.LoginThrottleIPKey(clientNet(ip))}
	if uid != 0 {
		k.account = s.cache.LoginThrottleUserKey(uid)
	} else {
		k.account = s.cache.LoginThrottleNameKey(login)
	}
	return k
}

// clientNet is the address an IP counter is kept for: IPv6 clients are
// counted per /64, which one client usually owns whole.
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

// counter is one throttle counter as read from Redis: blocked at limit.
type counter struct {
	n     int64
	ttl   time.Duration
	limit int64
}

// blockedFor reports whether any counter is at its limit, and for how long
// (the longest remaining window; window when Redis gave no expiry).
func blockedFor(window time.Duration, cs ...counter) (time.Duration, bool) {
	var wait time.Duration
	blocked := false
	for _, c := range cs {
		if c.n >= c.limit {
			blocked = true
			t := c.ttl
			if t <= 0 {
				t = window
			}
			wait = max(wait, t)
		}
	}
	return wait, blocked
}

// loginBlocked returns a *ThrottledError when either counter is at its
// limit. A Redis failure does not block (it is logged).
func (s *Service) loginBlocked(ctx context.Context, k loginKeys) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	pipe := s.redis.Pipeline()
	acct, acctTTL := pipe.Get(ctx, k.account), pipe.PTTL(ctx, k.account)
	ip, ipTTL := pipe.Get(ctx, k.ip), pipe.PTTL(ctx, k.ip)
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		s.log.Warn("login throttle unavailable", "err", err)
		return nil
	}
	na, _ := acct.Int64()
	ni, _ := ip.Int64()
	if wait, blocked := blockedFor(LoginWindow,
		counter{na, acctTTL.Val(), LoginAccountMax}, counter{ni, ipTTL.Val(), LoginIPMax}); blocked {
		return &ThrottledError{Wait: wait}
	}
	return nil
}

// loginFailed charges a failed attempt to both counters; each window starts
// at its first failure.
func (s *Service) loginFailed(ctx context.Context, k loginKeys) {
	ctx, cancel := detached(ctx, time.Second)
	defer cancel()
	pipe := s.redis.Pipeline()
	for _, key := range []string{k.account, k.ip} {
		pipe.Incr(ctx, key)
		pipe.ExpireNX(ctx, key, LoginWindow)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		s.log.Warn("login throttle not recorded", "err", err)
	}
}

// loginSucceeded clears the account's counter (not the address's).
func (s *Service) loginSucceeded(ctx context.Context, k loginKeys) {
	ctx, cancel := detached(ctx, time.Second)
	defer cancel()
	if err := s.redis.Del(ctx, k.account).Err(); err != nil {
		s.log.Warn("login throttle not reset", "err", err)
	}
}
