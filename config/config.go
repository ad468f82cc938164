// Package config reads eventcal's settings from the environment and an
// optional .env file, validating every value once at start-up.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/joho/godotenv"
)

// Config is the validated configuration of one eventcal process.
type Config struct {
	DatabaseURL     string
	RedisURL        string
	SessionRedisDB  int
	RedisPrefix     string
	SecretKey       string
	SecretGenerated bool
	Debug           bool
	Addr            string
	LogFile         string
	LogLevel        slog.Level
	CacheTTL        time.Duration
	CacheEnabled    bool
	CookieSecure    bool
	AllowedHosts    []string
	TrustedProxies  []string
	ShutdownTimeout time.Duration
	AutoMigrate     bool
	BodyLimit       int
	MaxUserEvents   int    // events (rows) one user may hold
	LiveMaxStreams  int    // open live-update streams per instance (LIVE_MAX_STREAMS)
	PprofAddr       string // PPROF_ADDR: loopback host:port of the opt-in profiling server, "" = off
	// RegisterIPMax and RegisterGlobalMax are the registrations allowed per
	// hour from one client address and from everywhere.
	RegisterIPMax     int
	RegisterGlobalMax int
	// MetricsAddr (METRICS_ADDR) is host:port of a separate listener for
	// /metrics and /readyz, which then leave the public one; "" = off.
	MetricsAddr string
	// MetricsToken (METRICS_TOKEN) is the Bearer token /metrics and /readyz
	// require; "" = none.
	MetricsToken string
	// Session lifetimes: idle without "Keep me signed in" (SESSION_IDLE),
	// idle with it (SESSION_REMEMBER), and from sign-in whatever the use
	// (SESSION_ABSOLUTE).
	SessionIdle     time.Duration
	SessionRemember time.Duration
	SessionAbsolute time.Duration
	// Reminder emails: SMTP_URL (smtp://user:pass@host:port or smtps://…;
	// "" = no email), MAIL_FROM (the sender) and BASE_URL (links).
	SMTPURL  string
	MailFrom string
	BaseURL  string
}

// Error names the variable whose value is bad.
type Error struct {
	Var    string
	Reason string
}

func (e *Error) Error() string { return e.Var + ": " + e.Reason }

// Getenv looks a variable up; it reports whether it was set.
type Getenv func(string) (string, bool)

// FromEnvironment returns a Getenv over the process environment with the
// values of the .env file at path (when present) as a fallback.
func FromEnvironment(path string) (Getenv, error) {
	file := map[string]string{}
	if path != "" {
		m, err := godotenv.Read(path)
		switch {
		case err == nil:
			file = m
		case !errors.Is(err, os.ErrNotExist):
			return nil, &Error{Var: path, Reason: "cannot read: " + err.Error()}
		}
	}
	return func(k string) (string, bool) {
		if v, ok := os.LookupEnv(k); ok {
			return v, true
		}
		v, ok := file[k]
		return v, ok
	}, nil
}

// Load builds and validates a Config.
func Load(env Getenv) (Config, error) {
	p := parser{env: env}
	c := Config{
		DatabaseURL:       p.str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eventcal?sslmode=disable"),
		RedisURL:          p.str("REDIS_URL", "redis://127.0.0.1:6379/0"),
		RedisPrefix:       p.str("REDIS_PREFIX", "eventcal:"),
		Debug:             p.bool("DEBUG", false),
		Addr:              p.str("ADDR", ":8000"),
		LogFile:           p.str("LOG_FILE", "applogging.log"),
		CacheTTL:          p.duration("CACHE_TTL", 300*time.Second),
		CacheEnabled:      p.bool("CACHE_ENABLED", true),
		CookieSecure:      p.bool("COOKIE_SECURE", false),
		AllowedHosts:      p.list("ALLOWED_HOSTS"),
		TrustedProxies:    p.list("TRUSTED_PROXIES"),
		ShutdownTimeout:   p.duration("SHUTDOWN_TIMEOUT", 15*time.Second),
		AutoMigrate:       p.bool("AUTO_MIGRATE", true),
		BodyLimit:         p.int("BODY_LIMIT", 6<<20), // room for a 5 MB .ics import
		PprofAddr:         p.str("PPROF_ADDR", ""),
		MaxUserEvents:     p.int("MAX_USER_EVENTS", 100_000),
		LiveMaxStreams:    p.int("LIVE_MAX_STREAMS", 2000),
		RegisterIPMax:     p.int("REGISTER_IP_MAX", 10),
		RegisterGlobalMax: p.int("REGISTER_GLOBAL_MAX", 300),
		MetricsAddr:       p.str("METRICS_ADDR", ""),
		MetricsToken:      p.str("METRICS_TOKEN", ""),
		SessionIdle:       p.duration("SESSION_IDLE", 12*time.Hour),
		SessionRemember:   p.duration("SESSION_REMEMBER", 30*24*time.Hour),
		SessionAbsolute:   p.duration("SESSION_ABSOLUTE", 30*24*time.Hour),
		SMTPURL:           p.str("SMTP_URL", ""),
		MailFrom:          p.str("MAIL_FROM", "eventcal <eventcal@localhost>"),
		BaseURL:           strings.TrimRight(p.str("BASE_URL", "http://localhost:8000"), "/"),
	}
	c.LogLevel = p.level("LOG_LEVEL", c.Debug)
	c.SecretKey = p.str("SECRET_KEY", "")
	if p.err != nil {
		return Config{}, p.err
	}
	if err := c.checkStores(env); err != nil {
		return Config{}, err
	}
	if err := c.checkServer(); err != nil {
		return Config{}, err
	}
	if err := c.checkSecret(); err != nil {
		return Config{}, err
	}
	if err := c.checkSecurity(); err != nil {
		return Config{}, err
	}
	return c, nil
}

// checkSecurity validates the session lifetimes and the metrics settings,
// and requires ALLOWED_HOSTS outside debug mode.
func (c *Config) checkSecurity() error {
	switch {
	case c.SessionIdle <= 0:
		return &Error{Var: "SESSION_IDLE", Reason: "must be positive, e.g. 12h"}
	case c.SessionRemember < c.SessionIdle:
		return &Error{Var: "SESSION_REMEMBER", Reason: "must be at least SESSION_IDLE, e.g. 720h"}
	case c.SessionAbsolute < c.SessionRemember:
		return &Error{Var: "SESSION_ABSOLUTE", Reason: "must be at least SESSION_REMEMBER, e.g. 720h"}
	}
	if c.MetricsAddr != "" {
		if _, _, err := net.SplitHostPort(c.MetricsAddr); err != nil || c.MetricsAddr == c.Addr {
			return &Error{Var: "METRICS_ADDR", Reason: "must be host:port other than ADDR, e.g. 127.0.0.1:9090"}
		}
	}
	if c.MetricsToken != "" && len(c.MetricsToken) < 16 {
		return &Error{Var: "METRICS_TOKEN", Reason: "must be at least 16 characters"}
	}
	if len(c.AllowedHosts) == 0 && !c.Debug {
		return &Error{Var: "ALLOWED_HOSTS", Reason: "required when DEBUG is off: the host names served, e.g. cal.example.com"}
	}
	return nil
}

// Warnings are start-up warnings about a valid but risky configuration.
func (c Config) Warnings() []string {
	var out []string
	if !c.CookieSecure && !loopbackAddr(c.Addr) {
		out = append(out, "COOKIE_SECURE is off while ADDR "+c.Addr+" is not loopback: "+
			"session cookies travel without the Secure flag; set COOKIE_SECURE=true behind TLS")
	}
	return out
}

// checkStores validates DATABASE_URL and REDIS_URL and sets
// SessionRedisDB: SESSION_REDIS_DB, or the database after the cache's.
func (c *Config) checkStores(env Getenv) error {
	if _, err := pgxpool.ParseConfig(c.DatabaseURL); err != nil {
		return &Error{Var: "DATABASE_URL", Reason: "not a valid Postgres URL (postgres://user@host:port/db)"}
	}
	ru, err := url.Parse(c.RedisURL)
	if err != nil || (ru.Scheme != "redis" && ru.Scheme != "rediss") || ru.Host == "" {
		return &Error{Var: "REDIS_URL", Reason: "not a valid Redis URL (redis://host:port/db)"}
	}
	db := 0
	if p := strings.TrimPrefix(ru.Path, "/"); p != "" {
		if db, err = strconv.Atoi(p); err != nil || db < 0 {
			return &Error{Var: "REDIS_URL", Reason: "database must be a number"}
		}
	}
	c.SessionRedisDB = db + 1
	if v, ok := env("SESSION_REDIS_DB"); ok && v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n == db {
			return &Error{Var: "SESSION_REDIS_DB", Reason: "must be a Redis database number other than the cache's"}
		}
		c.SessionRedisDB = n
	}
	return nil
}

// checkServer validates the HTTP server's settings: the addresses, the
// timeouts, the body limit, the registration limits and the trusted proxies.
func (c *Config) checkServer() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return &Error{Var: "ADDR", Reason: "must be host:port, e.g. :8000"}
	}
	if c.PprofAddr != "" && !loopbackAddr(c.PprofAddr) {
		return &Error{Var: "PPROF_ADDR", Reason: "must be a loopback host:port, e.g. 127.0.0.1:6060"}
	}
	if c.CacheTTL <= 0 {
		return &Error{Var: "CACHE_TTL", Reason: "must be positive, e.g. 300s"}
	}
	if c.ShutdownTimeout <= 0 {
		return &Error{Var: "SHUTDOWN_TIMEOUT", Reason: "must be positive, e.g. 15s"}
	}
	if c.BodyLimit < 1024 {
		return &Error{Var: "BODY_LIMIT", Reason: "must be at least 1024 bytes"}
	}
	if c.MaxUserEvents < 1 {
		return &Error{Var: "MAX_USER_EVENTS", Reason: "must be a positive number of events"}
	}
	if c.SMTPURL != "" {
		if u, err := url.Parse(c.SMTPURL); err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return &Error{Var: "SMTP_URL", Reason: "must be smtp://user:password@host:port or smtps://…"}
		}
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return &Error{Var: "BASE_URL", Reason: "must be the site's address, e.g. https://calendar.example.org"}
	}
	if c.LiveMaxStreams < 1 {
		return &Error{Var: "LIVE_MAX_STREAMS", Reason: "must be at least 1 (open live-update streams per instance)"}
	}
	if c.RegisterIPMax < 1 {
		return &Error{Var: "REGISTER_IP_MAX", Reason: "must be at least 1 (registrations per hour per address)"}
	}
	if c.RegisterGlobalMax < 1 {
		return &Error{Var: "REGISTER_GLOBAL_MAX", Reason: "must be at least 1 (registrations per hour in all)"}
	}
	for _, p := range c.TrustedProxies {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return &Error{Var: "TRUSTED_PROXIES", Reason: fmt.Sprintf("%q is not an IP or CIDR", p)}
			}
		}
	}
	return nil
}

// checkSecret validates SECRET_KEY; in debug mode a missing one is
// generated (SecretGenerated).
func (c *Config) checkSecret() error {
	switch {
	case c.SecretKey == "" && !c.Debug:
		return &Error{Var: "SECRET_KEY", Reason: "required when DEBUG is off (at least 32 characters)"}
	case c.SecretKey == "":
		b := make([]byte, 32)
		_, _ = rand.Read(b)
		c.SecretKey = hex.EncodeToString(b)
		c.SecretGenerated = true
	case len(c.SecretKey) < 32:
		return &Error{Var: "SECRET_KEY", Reason: "must be at least 32 characters"}
	}
	return nil
}

// loopbackAddr reports whether addr is host:port with a loopback host.
func loopbackAddr(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// parser collects the first error while reading typed values.
type parser struct {
	env Getenv
	err error
}

func (p *parser) raw(k string) (string, bool) {
	v, ok := p.env(k)
	v = strings.TrimSpace(v)
	return v, ok && v != ""
}

func (p *parser) fail(k, reason string) {
	if p.err == nil {
		p.err = &Error{Var: k, Reason: reason}
	}
}

func (p *parser) str(k, def string) string {
	if v, ok := p.raw(k); ok {
		return v
	}
	return def
}

func (p *parser) bool(k string, def bool) bool {
	v, ok := p.raw(k)
	if !ok {
		return def
	}
	switch strings.ToLower(v) {
	case "1", "true", "yes", "on":
		return true
	case "0", "false", "no", "off":
		return false
	}
	p.fail(k, "must be true or false")
	return def
}

func (p *parser) int(k string, def int) int {
	v, ok := p.raw(k)
	if !ok {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		p.fail(k, "must be a whole number")
		return def
	}
	return n
}

func (p *parser) duration(k string, def time.Duration) time.Duration {
	v, ok := p.raw(k)
	if !ok {
		return def
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(n) * time.Second
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		p.fail(k, "must be a duration such as 300s or 5m")
		return def
	}
	return d
}

func (p *parser) list(k string) []string {
	v, ok := p.raw(k)
	if !ok {
		return nil
	}
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func (p *parser) level(k string, debug bool) slog.Level {
	v, ok := p.raw(k)
	if !ok {
		if debug {
			return slog.LevelDebug
		}
		return slog.LevelInfo
	}
	var l slog.Level
	if err := l.UnmarshalText([]byte(v)); err != nil {
		p.fail(k, "must be debug, info, warn or error")
	}
	return l
}
