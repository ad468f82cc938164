package accounts

import (
	"context"
	"net"
	"time"

	"github.com/redis/go-redis/v9"
)

// Throttles are fixed windows counted in Redis. Every attempt is charged
// first (INCR in one MULTI with the window's EXPIRE) and judged by the
// count Redis returns, so concurrent attempts cannot all slip under a
// limit: of N parallel guesses at most the allowance is ever judged.

// Login throttling: attempts whose password is judged, per window.
const (
	LoginWindow     = 15 * time.Minute
	LoginAccountMax = 5  // failures per account per window
	LoginIPMax      = 20 // failures per client address per window
)

// Registration throttling (the allowances are Limits).
const RegisterWindow = time.Hour

// Limits are the configurable allowances (zero fields take the defaults).
type Limits struct {
	RegisterIPMax     int // registrations per client address per RegisterWindow
	RegisterGlobalMax int // registrations from everywhere per RegisterWindow
}

// Default allowances.
const (
	DefaultRegisterIPMax     = 10
	DefaultRegisterGlobalMax = 300
)

// withDefaults fills the zero allowances.
func (l Limits) withDefaults() Limits {
	if l.RegisterIPMax <= 0 {
		l.RegisterIPMax = DefaultRegisterIPMax
	}
	if l.RegisterGlobalMax <= 0 {
		l.RegisterGlobalMax = DefaultRegisterGlobalMax
	}
	return l
}

// limit is one counter an attempt is charged to.
type limit struct {
	key    string
	max    int64 // attempts allowed per window
	window time.Duration
}

// attempt charges one attempt to every counter (each window starts at its
// first attempt) and returns a *ThrottledError, waiting the longest
// remaining window, when any count is over its allowance. A Redis failure
// does not block (it is logged).
func (s *Service) attempt(ctx context.Context, what string, ls ...limit) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	pipe := s.redis.TxPipeline()
	counts := make([]*redis.IntCmd, len(ls))
	ttls := make([]*redis.DurationCmd, len(ls))
	for i, l := range ls {
		counts[i] = pipe.Incr(ctx, l.key)
		pipe.ExpireNX(ctx, l.key, l.window)
		ttls[i] = pipe.PTTL(ctx, l.key)
	}
	if _, err := pipe.Exec(ctx); err != nil {
		s.log.Warn(what+" throttle unavailable", "err", err)
		return nil
	}
	var wait time.Duration
	blocked := false
	for i, l := range ls {
		if counts[i].Val() > l.max {
			blocked = true
			t := ttls[i].Val()
			if t <= 0 {
				t = l.window
			}
			wait = max(wait, t)
		}
	}
	if blocked {
		return &ThrottledError{Wait: wait}
	}
	return nil
}

// refundScript takes back one attempt from a counter that still exists
// (an expired one is not recreated).
const refundScript = `if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end return 0`

// loginKeys are the throttle counters one sign-in attempt is charged to.
type loginKeys struct {
	account string
	ip      string
}

// loginThrottleKeys names the counters of an attempt: the account by id
// when it exists, else by the login name (so unknown and known names are
// throttled alike), and the client address (see handlers' clientIP).
func (s *Service) loginThrottleKeys(uid int64, login, ip string) loginKeys {
	k := loginKeys{ip: s.cache.LoginThrottleIPKey(clientNet(ip))}
	if uid != 0 {
		k.account = s.cache.LoginThrottleUserKey(uid)
	} else {
		k.account = s.cache.LoginThrottleNameKey(login)
	}
	return k
}

// loginAttempt charges a password check to both counters before it is
// judged: *ThrottledError when either is over its allowance.
func (s *Service) loginAttempt(ctx context.Context, k loginKeys) error {
	return s.attempt(ctx, "login",
		limit{key: k.account, max: LoginAccountMax, window: LoginWindow},
		limit{key: k.ip, max: LoginIPMax, window: LoginWindow})
}

// loginSucceeded clears the account's counter and takes the attempt back
// from the address's, which so counts failures only.
func (s *Service) loginSucceeded(ctx context.Context, k loginKeys) {
	ctx, cancel := detached(ctx, time.Second)
	defer cancel()
	pipe := s.redis.Pipeline()
	pipe.Del(ctx, k.account)
	pipe.Eval(ctx, refundScript, []string{k.ip})
	if _, err := pipe.Exec(ctx); err != nil {
		s.log.Warn("login throttle not reset", "err", err)
	}
}

// registerAttempt charges a registration to the client address's counter
// and the global one.
func (s *Service) registerAttempt(ctx context.Context, ip string) error {
	return s.attempt(ctx, "registration",
		limit{key: s.cache.RegisterThrottleIPKey(clientNet(ip)), max: int64(s.limits.RegisterIPMax), window: RegisterWindow},
		limit{key: s.cache.RegisterThrottleAllKey(), max: int64(s.limits.RegisterGlobalMax), window: RegisterWindow})
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
