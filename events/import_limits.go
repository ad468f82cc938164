package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

// Limits on the work one user's imports may cause.
const (
	// MaxPendingPlans is how many parsed files may wait for confirmation
	// per user; saving one more drops the oldest.
	MaxPendingPlans = 3
	// importLockTTL bounds how long one import holds the user's lock if
	// its instance dies before releasing it.
	importLockTTL = 2 * time.Minute
)

// ErrImportBusy is an import started while another of the same user's
// is being read or stored.
var ErrImportBusy = errors.New("another import of this user is in progress")

// QuotaError refuses a write that would take a user past Max events.
type QuotaError struct{ Max int }

func (e *QuotaError) Error() string {
	return "event quota of " + strconv.Itoa(e.Max) + " reached"
}

// Message is the sentence shown to the user.
func (e *QuotaError) Message() string {
	n := formatCount(e.Max) + " events"
	if e.Max == 1 {
		n = "1 event"
	}
	return "You can keep at most " + n + "; delete some before adding more."
}

// checkQuota refuses adding n events (rows) to user uid's, in q's
// transaction.
func (s *Service) checkQuota(ctx context.Context, q *db.Queries, uid int64, n int) error {
	have, err := q.UserEventCount(ctx, uid)
	if err != nil {
		return err
	}
	if int(have)+n > s.maxEvents {
		return &QuotaError{Max: s.maxEvents}
	}
	return nil
}

// releaseScript deletes a lock only while it still holds the caller's
// token (an expired lock another import took is not its to release).
var releaseScript = redis.NewScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`)

// lockImport takes user uid's import lock (ErrImportBusy when another
// import holds it) and returns its release.
func (s *Service) lockImport(ctx context.Context, uid int64) (func(), error) {
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	token, key := hex.EncodeToString(raw), s.cache.ImportLockKey(uid)
	rctx, cancel := context.WithTimeout(ctx, planTimeout)
	defer cancel()
	ok, err := s.redis.SetNX(rctx, key, token, importLockTTL).Result()
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrPlansUnavailable, err)
	case !ok:
		return nil, ErrImportBusy
	}
	return func() {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), planTimeout)
		defer cancel()
		releaseScript.Run(rctx, s.redis, []string{key}, token)
	}, nil
}

// trackPlan records plan id as one of user uid's pending ones, dropping
// the expired and, past MaxPendingPlans, the oldest.
func (s *Service) trackPlan(ctx context.Context, uid int64, id string) error {
	// Scored by the wall clock in µs (as Redis expires the plans), not the
	// service's clock: the order of uploads is what matters.
	key, now := s.cache.ImportPendingKey(uid), time.Now()
	pipe := s.redis.TxPipeline()
	pipe.ZRemRangeByScore(ctx, key, "-inf", strconv.FormatInt(now.Add(-PlanTTL).UnixMicro(), 10))
	pipe.ZAdd(ctx, key, redis.Z{Score: float64(now.UnixMicro()), Member: id})
	pipe.Expire(ctx, key, PlanTTL)
	older := pipe.ZRange(ctx, key, 0, -MaxPendingPlans-1) // all but the newest
	if _, err := pipe.Exec(ctx); err != nil {
		return err
	}
	drop := older.Val()
	if len(drop) == 0 {
		return nil
	}
	pipe = s.redis.TxPipeline()
	for _, old := range drop {
		pipe.ZRem(ctx, key, old)
		pipe.Del(ctx, s.cache.ImportPreviewKey(uid, old))
	}
	_, err := pipe.Exec(ctx)
	return err
}
