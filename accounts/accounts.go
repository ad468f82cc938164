// Package accounts is eventcal's account service: the password policy and
// hashing, registration, sign-in bookkeeping and login throttles, the
// user's own settings and feed address, and every administrator action on
// users. Each write runs in its transaction (with its audit row for admin
// actions); the cache is invalidated and sessions end after the commit.
// Its API takes plain values and returns typed errors (errors.go) that the
// web pages turn into form messages and status codes.
package accounts

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// Deps are the service's dependencies, built in main.run.
type Deps struct {
	Store     *db.Store
	Cache     *cache.Cache          // invalidation and every Redis key name
	Redis     redis.UniversalClient // the cache's database: login and feed throttles
	SessRedis redis.UniversalClient // the sessions' database
	Log       *slog.Logger
	Zones     *calendar.Zones // nil: a private one
	// BcryptCost is the password hashing cost; 0 means BcryptCost (tests
	// use bcrypt.MinCost).
	BcryptCost int
	// Limits are the configurable throttle allowances (zero: defaults).
	Limits Limits
	// SessionLifetime is the longest a session lasts (SESSION_ABSOLUTE);
	// 0 means SessionLifetime.
	SessionLifetime time.Duration
}

// Service is the account service. It is safe for concurrent use.
type Service struct {
	store     *db.Store
	cache     *cache.Cache
	redis     redis.UniversalClient
	sessRedis redis.UniversalClient
	log       *slog.Logger
	zones     *calendar.Zones
	cost      int
	dummy     string // a hash of a random password, for unknown users
	limits    Limits
	// sessionLifetime is how long the set of a user's sessions is kept.
	sessionLifetime time.Duration
	readSession     *redis.Script // sessionReadScript
	noProbe         atomic.Bool   // the server refused a page probe (LoadSessionAndPage)
	epochPrefix     string        // cache.SessionEpochKeyPrefix, made once
}

// New builds the service.
func New(d Deps) *Service {
	s := &Service{
		store: d.Store, cache: d.Cache, redis: d.Redis, sessRedis: d.SessRedis,
		log: d.Log, zones: d.Zones, cost: d.BcryptCost, limits: d.Limits.withDefaults(),
		sessionLifetime: d.SessionLifetime, readSession: redis.NewScript(sessionReadScript),
	}
	if s.cache != nil {
		s.epochPrefix = s.cache.SessionEpochKeyPrefix()
	}
	if s.sessionLifetime <= 0 {
		s.sessionLifetime = SessionLifetime
	}
	if s.cost == 0 {
		s.cost = BcryptCost
	}
	s.cost = max(s.cost, bcrypt.MinCost)
	s.dummy = newDummyHash(s.cost)
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.zones == nil {
		s.zones = &calendar.Zones{}
	}
	return s
}

// HashPassword hashes a password at the service's cost.
func (s *Service) HashPassword(password string) (string, error) {
	return HashPassword(password, s.cost)
}

// passwordMatches compares in constant time; an empty hash (unknown user)
// still costs one bcrypt comparison so both cases take as long.
func (s *Service) passwordMatches(hash, password string) bool {
	if hash == "" {
		hash = s.dummy
	}
	return CompareHash(hash, password) && hash != s.dummy
}

// user loads a user; an unknown id is db.ErrNotFound.
func (s *Service) user(ctx context.Context, id int64) (db.User, error) {
	u, err := s.store.GetUser(ctx, id)
	return u, db.NotFound(err)
}

// detached bounds a Redis round trip that must run even when the caller
// has gone (bookkeeping after a response is decided).
func detached(ctx context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.WithoutCancel(ctx), d)
}
