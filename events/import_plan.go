package events

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/eventcal/eventcal/ical"
	"github.com/redis/go-redis/v9"
)

// A parsed import file waits in Redis for the user's confirmation: the
// upload saves it under a random id, the preview reads it, and the
// import claims it (once) and stores its events.

const (
	// PlanTTL is how long a parsed file waits for confirmation.
	PlanTTL = 15 * time.Minute
	// planTimeout bounds each Redis call for plans.
	planTimeout = 2 * time.Second
)

// ErrPlansUnavailable wraps a Redis failure of the pending imports.
var ErrPlansUnavailable = errors.New("pending imports unavailable")

// SavePlan keeps plan for user uid and returns its id.
func (s *Service) SavePlan(ctx context.Context, uid int64, plan Plan) (string, error) {
	b, err := json.Marshal(plan)
	if err != nil {
		return "", err
	}
	raw := make([]byte, 16)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	id := hex.EncodeToString(raw)
	ctx, cancel := context.WithTimeout(ctx, planTimeout)
	defer cancel()
	if err := s.redis.Set(ctx, s.cache.ImportPreviewKey(uid, id), b, PlanTTL).Err(); err != nil {
		return "", fmt.Errorf("%w: %w", ErrPlansUnavailable, err)
	}
	if err := s.trackPlan(ctx, uid, id); err != nil {
		return "", fmt.Errorf("%w: %w", ErrPlansUnavailable, err)
	}
	return id, nil
}

// PlanFile reads an uploaded .ics file of user uid (dates in loc), plans
// it within the occurrence budget and keeps the plan (SavePlan). One
// import of a user runs at a time: ErrImportBusy otherwise. A file that is
// no calendar is an *ical.Error.
func (s *Service) PlanFile(ctx context.Context, uid int64, loc *time.Location, r io.Reader, fileName string) (string, error) {
	release, err := s.lockImport(ctx, uid)
	if err != nil {
		return "", err
	}
	defer release()
	res, err := ical.Decode(r, ical.DecodeOptions{Loc: loc, MaxBytes: ical.DefaultMaxBytes})
	if err != nil {
		return "", err
	}
	return s.SavePlan(ctx, uid, PlanOf(res, fileName))
}

// Plan reads user uid's pending import id; ok is false when there is none
// (expired, already imported, never made, or not an id SavePlan makes).
func (s *Service) Plan(ctx context.Context, uid int64, id string) (plan Plan, ok bool, err error) {
	return s.loadPlan(ctx, uid, id, false)
}

// ImportPlan claims user uid's pending import id (so that a double submit
// imports it once) and stores it (see Import); ok is false when there is
// none. When the import fails the plan is kept for another try. Like
// PlanFile it waits for no other import of the user: ErrImportBusy.
func (s *Service) ImportPlan(ctx context.Context, uid int64, id string) (added, updated int, ok bool, err error) {
	release, err := s.lockImport(ctx, uid)
	if err != nil {
		return 0, 0, false, err
	}
	defer release()
	plan, ok, err := s.loadPlan(ctx, uid, id, true)
	if err != nil || !ok {
		return 0, 0, ok, err
	}
	added, updated, err = s.Import(ctx, uid, plan.Events)
	if err != nil {
		rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), planTimeout)
		defer cancel()
		if b, merr := json.Marshal(plan); merr == nil {
			s.redis.Set(rctx, s.cache.ImportPreviewKey(uid, id), b, PlanTTL)
		}
		return 0, 0, true, err
	}
	return added, updated, true, nil
}

// loadPlan reads (with claim, takes) a pending import.
func (s *Service) loadPlan(ctx context.Context, uid int64, id string, claim bool) (plan Plan, ok bool, err error) {
	if !validPlanID(id) {
		return plan, false, nil
	}
	ctx, cancel := context.WithTimeout(ctx, planTimeout)
	defer cancel()
	get := s.redis.Get
	if claim {
		get = s.redis.GetDel
	}
	b, err := get(ctx, s.cache.ImportPreviewKey(uid, id)).Bytes()
	switch {
	case errors.Is(err, redis.Nil):
		return plan, false, nil
	case err != nil:
		return plan, false, fmt.Errorf("%w: %w", ErrPlansUnavailable, err)
	}
	if err := json.Unmarshal(b, &plan); err != nil {
		return plan, false, nil
	}
	return plan, true, nil
}

// validPlanID reports whether s has the shape of SavePlan's ids.
func validPlanID(s string) bool {
	if len(s) != 32 {
		return false
	}
	_, err := hex.DecodeString(s)
	return err == nil && strings.ToLower(s) == s
}
