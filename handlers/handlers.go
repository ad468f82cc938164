// Package handlers is eventcal's HTTP layer: routes, middleware, and one
// small file per area or action. It talks to Postgres only through db and to
// the read cache only through cache.
package handlers

import (
	"cmp"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/config"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/live"
	"github.com/eventcal/eventcal/precompressed"
)

// Deps are the long-lived dependencies built in main.run.
type Deps struct {
	Config    config.Config
	Store     *db.Store
	Cache     *cache.Cache
	Redis     redis.UniversalClient // the cache's database
	SessRedis redis.UniversalClient // the sessions' database
	Log       *slog.Logger          // the application log
	CacheLog  *slog.Logger          // cache hit/miss lines (LOG_FILE)
	Registry  *prometheus.Registry
	Assets    *assets.Manifest
	// BcryptCost overrides the password hashing cost (tests use bcrypt.MinCost).
	BcryptCost int
	// Now overrides the clock (tests).
	Now func() time.Time
	// Build identifies the running build (a hash of the executable):
	// rendered pages stored by one build are not served by another.
	Build string
	// Reminders queues and sends reminders (nil: none are scheduled).
	Reminders ReminderQueue
	// WriteTimeout bounds writing a response (30 s when 0; tests shorten
	// it to prove live-update streams outlast it).
	WriteTimeout time.Duration
}

// Handler carries every dependency a route needs.
type Handler struct {
	cfg       config.Config
	store     *db.Store
	cache     *cache.Cache
	redis     redis.UniversalClient
	sessRedis redis.UniversalClient
	log       *slog.Logger
	cacheLog  *slog.Logger
	assets    *assets.Manifest
	proxies   proxies // TRUSTED_PROXIES, for clientIP
	csrfKey   []byte  // HMAC key of pre-session CSRF tokens, from SECRET_KEY
	metrics   *metrics
	registry  *prometheus.Registry // what /metrics serves
	accounts  *accounts.Service
	now       func() time.Time
	zones     *calendar.Zones
	events    *events.Service
	enc       *precompressed.Encoder // rendered pages (pagecache.go)
	bufs      bufPool
	frames    frames // compressed layouts of rendered pages (pageframe.go)
	build     string // identifies this build's rendering in page keys
	probe     bool   // sessions live on the cache's server: pages are read with them
	live      *live.Hub
}

// New builds the Fiber application with every route and middleware.
func New(d Deps) (*fiber.App, *Handler) {
	h := &Handler{
		cfg:       d.Config,
		store:     d.Store,
		cache:     d.Cache,
		redis:     d.Redis,
		sessRedis: d.SessRedis,
		log:       d.Log,
		cacheLog:  d.CacheLog,
		assets:    d.Assets,
		now:       d.Now,
		zones:     &calendar.Zones{},
		proxies:   parseProxies(d.Config.TrustedProxies),
		csrfKey:   preSessionKey(d.Config.SecretKey),
		enc:       precompressed.NewEncoder(),
		build:     d.Build,
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.cacheLog == nil {
		h.cacheLog = h.log
	}
	reg := d.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	h.metrics = newMetrics(reg)
	h.registry = reg
	if h.cache == nil {
		h.cache = cache.New(h.redis, cache.Config{TTL: h.cfg.CacheTTL, Prefix: h.cfg.RedisPrefix, Enabled: h.cfg.CacheEnabled}, h.cacheLog, reg)
	}
	h.probe = sameServer(h.redis, h.sessRedis)
	h.accounts = accounts.New(accounts.Deps{Store: h.store, Cache: h.cache, Redis: h.redis, SessRedis: h.sessRedis,
		Log: h.log, Zones: h.zones, BcryptCost: d.BcryptCost, SessionLifetime: h.cfg.SessionAbsolute,
		Limits: accounts.Limits{RegisterIPMax: h.cfg.RegisterIPMax, RegisterGlobalMax: h.cfg.RegisterGlobalMax}})
	registerOldSessionTypes()
	h.live = live.New(h.redis, live.Config{Prefix: h.cfg.RedisPrefix, MaxStreams: h.cfg.LiveMaxStreams}, h.log, reg)
	h.events = events.New(events.Deps{Store: h.store, Cache: h.cache, Redis: h.redis, Log: h.log, Zones: h.zones, Now: h.now,
		MaxUserEvents: h.cfg.MaxUserEvents, Live: h.live, Reminders: scheduler(d.Reminders)})
	if d.Reminders != nil {
		d.Reminders.Attach(h.events, h.live)
	}

	// Trusted proxies' X-Forwarded-Proto and -Host count; the client
	// address is clientIP's (c.IP() is the peer: no ProxyHeader).
	app := fiber.New(fiber.Config{
		AppName:                 "eventcal",
		ErrorHandler:            h.handleError,
		BodyLimit:               h.cfg.BodyLimit,
		ReadTimeout:             30 * time.Second,
		WriteTimeout:            cmp.Or(d.WriteTimeout, 30*time.Second),
		IdleTimeout:             120 * time.Second,
		DisableStartupMessage:   true,
		EnableTrustedProxyCheck: true,
		TrustedProxies:          h.cfg.TrustedProxies,
		RequestMethods:          requestMethods(),
	})
	h.routes(app, reg)
	h.runLive(app)
	return app, h
}

// ReminderQueue is package reminders' queue, as the handlers wire it.
type ReminderQueue interface {
	events.Scheduler
	Attach(*events.Service, *live.Hub)
}

// scheduler is q as the events service takes it (a nil interface for
// none, never a nil pointer in one).
func scheduler(q ReminderQueue) events.Scheduler {
	if q == nil {
		return nil
	}
	return q
}
