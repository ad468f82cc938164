package accounts

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/cache"
)

// sessionReadScript reads a session and, for a flat one, its user's
// session epoch in one round trip: KEYS[1] is the session's key, ARGV[1]
// the epoch keys' prefix (cache.SessionEpochKeyPrefix), ARGV[2] the
// session id. It answers nil (no session), {value} (not a flat session:
// an older format or garbage) or {value, epoch, kept, prefs} (HMGET of
// the epoch's "n", the session's own field and the display settings "p").
// With a page probe (ARGV[3..6]: cache.PageProbe's DB, GenPrefix,
// PagePrefix and Hash) a flat session's answer goes on with the user's
// cache generation and rendered page, read in the cache's database (a
// script's SELECT is its own): {value, epoch, kept, prefs, gen, page}.
//
// The epoch and cache keys are built from data (the user id in the value),
// which a Redis Cluster would refuse; the sessions live in one database of
// one node, where a script may read any key.
const sessionReadScript = `local v = redis.call('GET', KEYS[1])
if not v then return false end
local uid = string.match(v, '^1|(%d+)|')
if not uid then return {v} end
local e = redis.call('HMGET', ARGV[1] .. uid, 'n', ARGV[2], 'p')
if #ARGV < 6 then return {v, e[1], e[2], e[3]} end
redis.call('SELECT', ARGV[3])
local p = redis.call('MGET', ARGV[4] .. uid, ARGV[5] .. uid .. '_' .. ARGV[6])
return {v, e[1], e[2], e[3], p[1], p[2]}`

// SessionStatus says what LoadSession found under a session id.
type SessionStatus int

const (
	// SessionNone: no session under the id (never made, expired, ended).
	SessionNone SessionStatus = iota
	// SessionCurrent: a signed-in session that has not been ended.
	SessionCurrent
	// SessionEnded: the user's sessions were ended since this one began.
	SessionEnded
	// SessionMalformed: the stored value cannot be read; sign it out.
	SessionMalformed
	// SessionOld: a value in an older format (LoadedSession.Raw), for the
	// caller to decode and check with SessionCurrent.
	SessionOld
)

// LoadedSession is the result of LoadSession.
type LoadedSession struct {
	Session
	Status SessionStatus
	Raw    string // the stored value when Status is SessionOld
}

// sessionIDBytes is the entropy of a session id (256 bits).
const sessionIDBytes = 32

// NewSessionID returns a new random session id (base64url).
func NewSessionID() string {
	var b [sessionIDBytes]byte
	_, _ = rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// ValidSessionID reports whether id could name a session (ours, or the
// UUIDs of the older sessions): 1 to 64 characters of A-Z, a-z, 0-9, '-'
// and '_'. Anything else is never looked up.
func ValidSessionID(id string) bool { return URLSafe(id, 64) }

// URLSafe reports whether s is 1 to max characters of the URL-safe base64
// alphabet (A-Z, a-z, 0-9, '-' and '_'), as session IDs and CSRF tokens
// are: nothing in it needs escaping in a URL, a header or HTML.
func URLSafe(s string, max int) bool {
	if s == "" || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ErrSessionEnded: a session was not written back because it no longer
// exists (ended, or expired, while the request held it).
var ErrSessionEnded = errors.New("session ended during the request")

// LoadSession reads session id and decides whether it is current, in one
// round trip. An error wraps ErrUnavailable.
func (s *Service) LoadSession(ctx context.Context, id string) (LoadedSession, error) {
	ls, _, err := s.loadSession(ctx, id, nil)
	return ls, err
}

// ProbedPage is what a page probe read beside a session: the raw values of
// the user's cache generation and rendered page (cache.PageProbed).
type ProbedPage struct {
	UserID    int64
	Gen, Page any
	OK        bool // the probe ran: the session was current and flat
}

// LoadSessionAndPage is LoadSession that also reads, in the same round
// trip, the rendered page probe names for the session's user. The sessions
// must live on the cache's Redis server.
// A server that refuses the probe (a reply error: an ACL without SELECT, a
// database out of range) is not asked again; the session is read alone.
func (s *Service) LoadSessionAndPage(ctx context.Context, id string, probe cache.PageProbe) (LoadedSession, ProbedPage, error) {
	if s.noProbe.Load() {
		return s.loadSession(ctx, id, nil)
	}
	ls, pp, err := s.loadSession(ctx, id, &probe)
	if rerr := redis.Error(nil); errors.As(err, &rerr) {
		s.noProbe.Store(true)
		s.log.Warn("sessions: the cache's database cannot be read with a session; pages take a second round trip", "err", err)
		return s.loadSession(ctx, id, nil)
	}
	return ls, pp, err
}

func (s *Service) loadSession(ctx context.Context, id string, probe *cache.PageProbe) (LoadedSession, ProbedPage, error) {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	args := []any{s.epochPrefix, id}
	if probe != nil {
		args = append(args, probe.DB, probe.GenPrefix, probe.PagePrefix, probe.Hash)
	}
	res, err := s.readSession.Run(ctx, s.sessRedis, []string{s.cache.SessionKey(id)}, args...).Slice()
	if errors.Is(err, redis.Nil) {
		return LoadedSession{}, ProbedPage{}, nil
	}
	if err != nil {
		return LoadedSession{}, ProbedPage{}, fmt.Errorf("%w: reading a session: %w", ErrUnavailable, err)
	}
	v, _ := res[0].(string)
	if len(res) == 1 {
		if isFlatSession(v) {
			return LoadedSession{Status: SessionMalformed}, ProbedPage{}, nil
		}
		return LoadedSession{Status: SessionOld, Raw: v}, ProbedPage{}, nil
	}
	sess, err := DecodeSession(v)
	if err != nil || len(res) < 4 {
		return LoadedSession{Status: SessionMalformed}, ProbedPage{}, nil
	}
	applyPrefs(&sess, res[3])
	if !epochCurrent(res[1], res[2], sess.Epoch) {
		return LoadedSession{Session: sess, Status: SessionEnded}, ProbedPage{}, nil
	}
	var pp ProbedPage
	if len(res) == 6 {
		pp = ProbedPage{UserID: sess.UserID, Gen: res[4], Page: res[5], OK: true}
	}
	return LoadedSession{Session: sess, Status: SessionCurrent}, pp, nil
}

// epochCurrent is the one rule of a session's epoch: a session made under
// epoch is current while the user's epoch n (nil: none yet, 0) equals it,
// or while its own field (kept) does, set when it was kept at the last
// bump (bumpEpochScript).
func epochCurrent(n, kept any, epoch int64) bool {
	ns, ok := n.(string)
	if !ok {
		ns = "0"
	}
	ks, _ := kept.(string)
	return ns == strconv.FormatInt(epoch, 10) || ks == ns
}

// CreateSession stores a new session under id with the idle limit ttl,
// only if the id is not taken (SET NX). An error wraps ErrUnavailable.
func (s *Service) CreateSession(ctx context.Context, id string, sess *Session, ttl time.Duration) error {
	err := s.putSession(ctx, id, sess, ttl, "NX")
	if errors.Is(err, redis.Nil) {
		err = fmt.Errorf("%w: session id already in use", ErrUnavailable)
	}
	return err
}

// SaveSession writes session id back with the idle limit ttl, only while
// it exists (SET XX): one ended while a request held it stays ended
// (ErrSessionEnded). Other errors wrap ErrUnavailable.
func (s *Service) SaveSession(ctx context.Context, id string, sess *Session, ttl time.Duration) error {
	err := s.putSession(ctx, id, sess, ttl, "XX")
	if errors.Is(err, redis.Nil) {
		err = ErrSessionEnded
	}
	return err
}

// putSession is SET with mode (NX or XX): redis.Nil when mode forbade it.
func (s *Service) putSession(ctx context.Context, id string, sess *Session, ttl time.Duration, mode string) error {
	if !sess.validForStorage() {
		return fmt.Errorf("%w: session of user %d cannot be stored", ErrUnavailable, sess.UserID)
	}
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	err := s.sessRedis.SetArgs(ctx, s.cache.SessionKey(id), AppendSession(nil, sess), redis.SetArgs{Mode: mode, TTL: ttl}).Err()
	if err != nil && !errors.Is(err, redis.Nil) {
		return fmt.Errorf("%w: storing a session: %w", ErrUnavailable, err)
	}
	return err
}

// DeleteSession removes session id (sign-out, or a session found ended or
// malformed). An error wraps ErrUnavailable.
func (s *Service) DeleteSession(ctx context.Context, id string) error {
	ctx, cancel := detached(ctx, 2*time.Second)
	defer cancel()
	if err := s.sessRedis.Del(ctx, s.cache.SessionKey(id)).Err(); err != nil {
		return fmt.Errorf("%w: deleting a session: %w", ErrUnavailable, err)
	}
	return nil
}
