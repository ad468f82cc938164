package accounts

import (
	"context"
	"fmt"
	"time"
)

// SessionLifetime is the default longest a session lasts from sign-in
// (Deps.SessionLifetime, SESSION_ABSOLUTE); the set of a user's sessions
// is kept as long.
const SessionLifetime = 30 * 24 * time.Hour

// TrackSession records session id under user uid so that it can be ended
// with the user's others. A Redis failure is logged, not returned: the
// session works, it just cannot be ended from elsewhere.
func (s *Service) TrackSession(ctx context.Context, uid int64, id string) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	key := s.cache.UserSessionsKey(uid)
	pipe := s.sessRedis.TxPipeline()
	pipe.SAdd(ctx, key, id)
	pipe.Expire(ctx, key, s.sessionLifetime)
	if _, err := pipe.Exec(ctx); err != nil {
		s.log.Warn("recording session failed", "user", uid, "err", err)
	}
}

// UntrackSession forgets session id of user uid (it is being destroyed).
func (s *Service) UntrackSession(ctx context.Context, uid int64, id string) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	s.sessRedis.SRem(ctx, s.cache.UserSessionsKey(uid), id)
}

// EndSessions ends every session of user uid except keep (may be ""). The
// error wraps ErrUnavailable.
func (s *Service) EndSessions(ctx context.Context, uid int64, keep string) error {
	ctx, cancel := detached(ctx, 2*time.Second)
	defer cancel()
	key := s.cache.UserSessionsKey(uid)
	ids, err := s.sessRedis.SMembers(ctx, key).Result()
	if err == nil {
		pipe := s.sessRedis.TxPipeline()
		for _, id := range ids {
			if id == keep {
				continue
			}
			pipe.Del(ctx, s.cache.SessionKey(id))
			pipe.SRem(ctx, key, id)
		}
		_, err = pipe.Exec(ctx)
	}
	if err != nil {
		return fmt.Errorf("%w: ending sessions of user %d: %w", ErrUnavailable, uid, err)
	}
	return nil
}

// LoggedIn is the bookkeeping of a sign-in (after the session is made):
// the last-login time, and the user's cached lists are dropped.
func (s *Service) LoggedIn(ctx context.Context, uid int64) {
	if err := s.store.TouchLastLogin(ctx, uid); err != nil {
		s.log.Warn("recording last login failed", "user", uid, "err", err)
	}
	s.cache.DropUser(ctx, uid)
}

// LoggedOut drops the user's cached lists (after the session is destroyed).
func (s *Service) LoggedOut(ctx context.Context, uid int64) {
	s.cache.DropUser(ctx, uid)
}
