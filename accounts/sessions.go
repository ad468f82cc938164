package accounts

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

// SessionLifetime is the default longest a session lasts from sign-in
// (Deps.SessionLifetime, SESSION_ABSOLUTE); the set of a user's sessions
// and their session epoch are kept as long.
const SessionLifetime = 30 * 24 * time.Hour

// A user's session epoch (cache.SessionEpochKey) is a hash: field "n" is
// the epoch, bumped whenever the user's sessions are ended, and the session
// kept at that moment (if any) has a field of its id set to the same
// number. A session carries the epoch of its sign-in; it is current while
// that equals "n" (no "n": 0) or while its own field does.
const epochField = "n"

// bumpEpochScript bumps the epoch, forgets the sessions kept before and
// marks ARGV[1] (may be "") as kept; ARGV[2] is the key's lifetime. The
// display settings ("p", session_prefs.go) stay.
const bumpEpochScript = `local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
local p = redis.call('HGET', KEYS[1], 'p')
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'n', n)
if p then redis.call('HSET', KEYS[1], 'p', p) end
if ARGV[1] ~= '' then redis.call('HSET', KEYS[1], ARGV[1], n) end
redis.call('EXPIRE', KEYS[1], ARGV[2])
return n`

// StartSession records session id of user u, who has just signed in, so
// that it can be ended with the user's others, and returns the user as now
// stored and the epoch the session must carry. The user is read again
// after the epoch, so an action that ends their sessions meanwhile
// (deactivation, a new password) cannot be missed: ErrBadCredentials. A
// Redis failure wraps ErrUnavailable: the sign-in must fail, since a
// session not recorded could never be ended.
func (s *Service) StartSession(ctx context.Context, u db.User, id string) (db.User, int64, error) {
	epoch, err := s.trackSession(ctx, u.ID, id)
	if err != nil {
		return u, 0, err
	}
	now, err := s.user(ctx, u.ID)
	if err == nil && (!now.IsActive || now.PasswordHash != u.PasswordHash) {
		err = ErrBadCredentials
	}
	if err != nil {
		s.UntrackSession(ctx, u.ID, id)
		if errors.Is(err, db.ErrNotFound) {
			err = ErrBadCredentials
		}
		return u, 0, err
	}
	s.publishPrefs(ctx, now) // the stored settings win over any older shared ones
	return now, epoch, nil
}

// trackSession adds id to user uid's sessions and reads their epoch, in
// one transaction (both keys then outlive the session).
func (s *Service) trackSession(ctx context.Context, uid int64, id string) (int64, error) {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	key := s.cache.UserSessionsKey(uid)
	pipe := s.sessRedis.TxPipeline()
	pipe.SAdd(ctx, key, id)
	pipe.Expire(ctx, key, s.sessionLifetime)
	n := pipe.HGet(ctx, s.cache.SessionEpochKey(uid), epochField)
	pipe.Expire(ctx, s.cache.SessionEpochKey(uid), s.sessionLifetime) // outlives the new session
	if _, err := pipe.Exec(ctx); err != nil && !errors.Is(err, redis.Nil) {
		return 0, fmt.Errorf("%w: recording a session of user %d: %w", ErrUnavailable, uid, err)
	}
	epoch, _ := n.Int64() // none yet: 0
	return epoch, nil
}

// SessionCurrent reports whether session id of user uid, made under epoch,
// has not been ended since (one Redis round trip). LoadSession makes the
// same check in the round trip that reads the session; this one serves
// sessions of an older format.
func (s *Service) SessionCurrent(ctx context.Context, uid int64, id string, epoch int64) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	vals, err := s.sessRedis.HMGet(ctx, s.cache.SessionEpochKey(uid), epochField, id).Result()
	if err != nil {
		return false, fmt.Errorf("%w: reading the session epoch of user %d: %w", ErrUnavailable, uid, err)
	}
	return epochCurrent(vals[0], vals[1], epoch), nil
}

// UntrackSession forgets session id of user uid (it is being destroyed).
func (s *Service) UntrackSession(ctx context.Context, uid int64, id string) {
	ctx, cancel := detached(ctx, 2*time.Second)
	defer cancel()
	s.sessRedis.SRem(ctx, s.cache.UserSessionsKey(uid), id)
}

// EndSessions ends every session of user uid except keep (may be ""): the
// epoch is bumped first (a request in flight with an ended session is
// signed out on its next read, and cannot write it back: sessions are
// only updated while they exist), then the sessions are deleted. The error
// wraps ErrUnavailable.
func (s *Service) EndSessions(ctx context.Context, uid int64, keep string) error {
	ctx, cancel := detached(ctx, 2*time.Second)
	defer cancel()
	err := s.sessRedis.Eval(ctx, bumpEpochScript, []string{s.cache.SessionEpochKey(uid)},
		keep, int64(s.sessionLifetime/time.Second)).Err()
	key := s.cache.UserSessionsKey(uid)
	var ids []string
	if err == nil {
		ids, err = s.sessRedis.SMembers(ctx, key).Result()
	}
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
