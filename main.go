// Command eventcal is a personal event calendar for the web.
//
//	eventcal [serve]          run the web server (default)
//	eventcal migrate          apply database migrations
//	eventcal createsuperuser  create an administrator
//	eventcal seed             create a demo user with a year of events
package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"
	_ "time/tzdata" // time zones everywhere, even in a scratch container

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/config"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/handlers"
	"github.com/eventcal/eventcal/reminders"
)

// exitUsage is the status for a bad configuration or command line.
const exitUsage = 2

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "eventcal:", err)
		var ce *config.Error
		var ue usageError
		if errors.As(err, &ce) || errors.As(err, &ue) {
			os.Exit(exitUsage)
		}
		os.Exit(1)
	}
}

// usageError is a bad command line.
type usageError string

func (e usageError) Error() string { return string(e) }

// app holds the process's long-lived dependencies.
type app struct {
	cfg      config.Config
	log      *slog.Logger
	cacheLog *slog.Logger
	logFile  io.Closer
	tracer   *db.Tracer
	registry *prometheus.Registry
	pool     *pgxpool.Pool
	store    *db.Store
	redis    *redis.Client
	sessRdb  *redis.Client
}

// run parses the command, loads the configuration and dispatches.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	env, err := config.FromEnvironment(".env")
	if err != nil {
		return err
	}
	cfg, err := config.Load(env)
	if err != nil {
		return err
	}
	switch cmd {
	case "serve", "migrate", "createsuperuser", "seed":
	default:
		return usageError(fmt.Sprintf("unknown command %q (serve, migrate, createsuperuser, seed)", cmd))
	}

	a, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.close()

	switch cmd {
	case "migrate":
		n, err := db.Migrate(ctx, a.pool)
		if err != nil {
			return err
		}
		r, err := reminders.Migrate(ctx, a.pool)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s), and %d of the reminder queue's\n", n, r)
		return nil
	case "createsuperuser":
		return a.createSuperuser(ctx, args, stdin, stdout)
	case "seed":
		return a.seed(ctx, args, stdout)
	}
	return a.serve(ctx, args)
}

// open builds loggers, the Postgres pool and the Redis clients.
func open(ctx context.Context, cfg config.Config) (*app, error) {
	a := &app{cfg: cfg, registry: prometheus.NewRegistry()}
	a.log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: max(cfg.LogLevel, slog.LevelInfo)}))
	if cfg.SecretGenerated {
		a.log.Warn("SECRET_KEY is not set; using a random key for this debug run")
	}
	f, err := os.OpenFile(cfg.LogFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o640)
	if err != nil {
		return nil, &config.Error{Var: "LOG_FILE", Reason: "cannot open: " + err.Error()}
	}
	a.logFile = f
	a.cacheLog = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: cfg.LogLevel}))

	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	queries := prometheus.NewCounter(prometheus.CounterOpts{Name: "eventcal_sql_queries_total", Help: "SQL queries run."})
	a.registry.MustRegister(queries)
	a.tracer = &db.Tracer{OnQuery: queries.Inc}

	if a.pool, err = db.Open(ctx, cfg.DatabaseURL, a.tracer); err != nil {
		a.close()
		return nil, &config.Error{Var: "DATABASE_URL", Reason: "cannot connect: " + err.Error()}
	}
	a.store = db.NewStore(a.pool)

	if a.redis, a.sessRdb, err = redisClients(cfg.RedisURL, cfg.SessionRedisDB); err != nil {
		a.close()
		return nil, &config.Error{Var: "REDIS_URL", Reason: err.Error()}
	}
	return a, nil
}

func (a *app) close() {
	if a.redis != nil {
		_ = a.redis.Close()
	}
	if a.sessRdb != nil {
		_ = a.sessRdb.Close()
	}
	if a.pool != nil {
		a.pool.Close()
	}
	if a.logFile != nil {
		_ = a.logFile.Close()
	}
}

// serve migrates (unless told not to), then serves until ctx ends and
// drains in-flight requests within SHUTDOWN_TIMEOUT.
func (a *app) serve(ctx context.Context, _ []string) error {
	pingCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	err := a.pool.Ping(pingCtx)
	cancel()
	if err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	if a.cfg.AutoMigrate {
		n, err := db.Migrate(ctx, a.pool)
		if err != nil {
			return err
		}
		r, err := reminders.Migrate(ctx, a.pool)
		if err != nil {
			return err
		}
		if n+r > 0 {
			a.log.Info("applied migrations", "count", n, "reminder_queue", r)
		}
	} else if pending, err := db.PendingMigrations(ctx, a.pool); err != nil {
		return err
	} else if pending {
		return errors.New("the database schema is behind this binary: run `eventcal migrate` (AUTO_MIGRATE is off)")
	}

	manifest, err := assets.Load()
	if err != nil {
		return err
	}
	queue, err := reminders.New(a.pool, reminders.Config{SMTPURL: a.cfg.SMTPURL, MailFrom: a.cfg.MailFrom, BaseURL: a.cfg.BaseURL}, a.log)
	if err != nil {
		return &config.Error{Var: "SMTP_URL", Reason: err.Error()}
	}
	fapp, h := handlers.New(handlers.Deps{
		Reminders: queue,
		Config:    a.cfg,
		Store:     a.store,
		Redis:     a.redis,
		SessRedis: a.sessRdb,
		Log:       a.log,
		CacheLog:  a.cacheLog,
		Registry:  a.registry,
		Assets:    manifest,
		Build:     buildID(),
	})
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return &config.Error{Var: "ADDR", Reason: err.Error()}
	}
	for _, w := range a.cfg.Warnings() {
		a.log.Warn("INSECURE CONFIGURATION: " + w)
	}
	a.log.Info("eventcal listening", "addr", ln.Addr().String(), "debug", a.cfg.Debug)
	if a.cfg.PprofAddr != "" {
		stopProf, err := startPprof(a.cfg.PprofAddr, a.log)
		if err != nil {
			_ = ln.Close()
			return &config.Error{Var: "PPROF_ADDR", Reason: err.Error()}
		}
		defer stopProf()
	}

	if a.cfg.MetricsAddr != "" {
		stopMetrics, err := a.startMetrics(h.MetricsApp())
		if err != nil {
			_ = ln.Close()
			return &config.Error{Var: "METRICS_ADDR", Reason: err.Error()}
		}
		defer stopMetrics()
	}

	if err := queue.Start(ctx); err != nil {
		_ = ln.Close()
		return fmt.Errorf("reminders: %w", err)
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := queue.Stop(stopCtx); err != nil {
			a.log.Warn("reminder queue stop", "err", err)
		}
	}()

	errc := make(chan error, 1)
	go func() { errc <- fapp.Listener(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.log.Info("shutting down", "timeout", a.cfg.ShutdownTimeout)
	h.StopStreams() // open pages' streams would hold the drain until its timeout
	if err := fapp.ShutdownWithTimeout(a.cfg.ShutdownTimeout); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return <-errc
}

// startMetrics serves /healthz, /readyz and /metrics on METRICS_ADDR; the
// returned function stops it.
func (a *app) startMetrics(mapp *fiber.App) (func(), error) {
	ln, err := net.Listen("tcp", a.cfg.MetricsAddr)
	if err != nil {
		return nil, err
	}
	go func() { _ = mapp.Listener(ln) }()
	a.log.Info("metrics listening (METRICS_ADDR): /readyz and /metrics are not on the public address", "addr", ln.Addr().String())
	return func() { _ = mapp.ShutdownWithTimeout(time.Second) }, nil
}

// buildID identifies the running executable by a hash of its bytes, so
// that pages rendered by another build are never served ("" when the
// executable cannot be read).
func buildID() string {
	path, err := os.Executable()
	if err != nil {
		return ""
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}
