package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"time"

	"github.com/eventcal/eventcal/db"
)

// The private subscription feed: /feed/<token>.ics serves the owner's whole
// calendar without a session. The token is 32 random bytes (base64url, 43
// characters); only its SHA-256 is stored (feed_tokens), so the address is
// shown once, when it is made. Making a new one replaces the old (which
// stops working at once); turning the feed off deletes it. Requests are
// counted per token and per client address in Redis, in fixed windows like
// the login throttle.

const (
	feedTokenBytes = 32
	feedTokenLen   = 43 // base64url without padding of feedTokenBytes
	FeedWindow     = 10 * time.Minute
	FeedTokenMax   = 60  // requests per token per window
	FeedIPMax      = 600 // requests per client address per window
)

// NewFeedToken makes a new subscription token for user uid, replacing any
// old one, and returns it (it is not stored and cannot be shown again).
func (s *Service) NewFeedToken(ctx context.Context, uid int64) (string, error) {
	b := make([]byte, feedTokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	if err := s.store.SetFeedToken(ctx, db.SetFeedTokenParams{UserID: uid, TokenHash: feedTokenHash(token)}); err != nil {
		return "", err
	}
	return token, nil
}

// EnableFeed makes a new subscription token for user uid (as
// NewFeedToken) once the current password confirms it: a wrong or missing
// one is FieldErrors{"current_password"}, and counts toward the login
// throttle (*ThrottledError).
func (s *Service) EnableFeed(ctx context.Context, uid int64, currentPassword, ip string) (string, error) {
	u, err := s.user(ctx, uid)
	if err != nil {
		return "", err
	}
	msg, err := s.checkCurrentPassword(ctx, u, currentPassword, ip)
	if err != nil {
		return "", err
	}
	if msg != "" {
		return "", FieldErrors{"current_password": msg}
	}
	return s.NewFeedToken(ctx, uid)
}

// FeedOff turns user uid's subscription address off.
func (s *Service) FeedOff(ctx context.Context, uid int64) error {
	return s.store.DeleteFeedToken(ctx, uid)
}

// FeedOwner returns the owner of a feed token; a malformed, unknown or
// turned-off token is db.ErrNotFound.
func (s *Service) FeedOwner(ctx context.Context, token string) (db.GetFeedOwnerRow, error) {
	if !validFeedToken(token) {
		return db.GetFeedOwnerRow{}, db.ErrNotFound
	}
	owner, err := s.store.GetFeedOwner(ctx, feedTokenHash(token))
	return owner, db.NotFound(err)
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

// CountFeedRequest counts a feed request against the token's and the
// client address's windows; over either limit it returns a
// *ThrottledError. A string that does not have a token's shape is
// db.ErrNotFound before anything is counted (it costs no Redis key). A
// Redis failure does not block (it is logged).
func (s *Service) CountFeedRequest(ctx context.Context, token, ip string) error {
	if !validFeedToken(token) {
		return db.ErrNotFound
	}
	return s.attempt(ctx, "feed",
		limit{key: s.cache.FeedThrottleTokenKey(token), max: FeedTokenMax, window: FeedWindow},
		limit{key: s.cache.FeedThrottleIPKey(clientNet(ip)), max: FeedIPMax, window: FeedWindow})
}
