// Package events is the one place that writes events — single events and
// series, from any entry point (web pages, admin pages, import) — and the
// read models the calendar pages show. Each write checks who may do it,
// runs in one transaction, and invalidates the read cache after it
// commits. Its API takes plain Go values: no HTTP, no templates.
package events

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// Deps are the service's dependencies, built in main.run.
type Deps struct {
	Store *db.Store
	Cache *cache.Cache
	Redis redis.UniversalClient // the cache's database: pending imports
	Log   *slog.Logger
	Zones *calendar.Zones
	Now   func() time.Time // the clock; time.Now when nil
	// MaxUserEvents is how many events (rows) one user may hold;
	// DefaultMaxUserEvents when 0.
	MaxUserEvents int
	// Live tells open pages about changes after each commit (nil: nobody
	// is told).
	Live Notifier
	// Reminders queues reminders in each write's transaction (nil: none
	// are sent).
	Reminders Scheduler
}

// Notifier tells the open pages of users that something they see
// changed (package live).
type Notifier interface {
	Changed(ctx context.Context, users ...int64)
}

// noLive is the Notifier of a service without live updates.
type noLive struct{}

func (noLive) Changed(context.Context, ...int64) {}

// Service reads and writes events.
type Service struct {
	store     *db.Store
	cache     *cache.Cache
	redis     redis.UniversalClient
	log       *slog.Logger
	zones     *calendar.Zones
	now       func() time.Time
	maxEvents int
	live      Notifier
	sched     Scheduler
	rows      sync.Pool // *[]db.Event: the rows of a range being bucketed
}

// New returns the service over d.
func New(d Deps) *Service {
	s := &Service{store: d.Store, cache: d.Cache, redis: d.Redis, log: d.Log, zones: d.Zones, now: d.Now, live: d.Live, sched: d.Reminders}
	if s.live == nil {
		s.live = noLive{}
	}
	if s.maxEvents = d.MaxUserEvents; s.maxEvents <= 0 {
		s.maxEvents = DefaultMaxUserEvents
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.zones == nil {
		s.zones = &calendar.Zones{}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// DefaultMaxUserEvents is the event quota when none is configured.
const DefaultMaxUserEvents = 100_000

// Owner is whose events a call reads or writes, and the zone their dates
// are read in (a new series recurs in it).
type Owner struct {
	ID     int64
	Loc    *time.Location
	TZName string
}

// ErrNotFound is what every call answers for an event the owner does not
// have: another user's, a deleted one, a malformed or cancelled
// occurrence. It is db.ErrNotFound, so errors.Is works with either.
var ErrNotFound = db.ErrNotFound

// FormError is a write refused for its values: a message per form field.
type FormError struct{ Fields FieldErrors }

func (e *FormError) Error() string { return "invalid event values" }

// ruleError is a FormError on the Repeat field.
func ruleError(err error) error { return &FormError{FieldErrors{"rrule": RuleProblem(err)}} }
