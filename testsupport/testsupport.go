// Package testsupport gives each test package its own Postgres database
// (created, migrated and dropped) and its own Redis key prefix, on the servers
// named by DATABASE_URL and REDIS_URL (local defaults otherwise).
package testsupport

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/config"
	"github.com/eventcal/eventcal/db"
)

// RegisterLimit is the test configuration's registration allowance (per
// address and in all, per hour): tests register many users from one
// address; a test of the throttle sets its own.
const RegisterLimit = "1000000"

// Env is one test package's private slice of the shared servers.
type Env struct {
	Config      config.Config
	DatabaseURL string
	Pool        *pgxpool.Pool
	Store       *db.Store
	Tracer      *db.Tracer
	Redis       *redis.Client // the cache database
	SessRedis   *redis.Client // the sessions database
	Prefix      string        // every Redis key of this package starts with it

	adminURL string
	dbName   string
}

// Main runs a test package inside a fresh Env and tears it down afterwards.
// Use it from TestMain: os.Exit(testsupport.Main(m, &env)).
func Main(m *testing.M, env **Env) int {
	e, err := Setup(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "testsupport:", err)
		return 1
	}
	*env = e
	code := m.Run()
	if err := e.Close(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "testsupport: cleanup:", err)
	}
	return code
}

// Setup creates the database and clients.
func Setup(ctx context.Context) (*Env, error) {
	admin := os.Getenv("DATABASE_URL")
	if admin == "" {
		admin = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	}
	redisURL := os.Getenv("REDIS_URL")
	if redisURL == "" {
		redisURL = "redis://127.0.0.1:6379/0"
	}
	suffix := randomHex(6)
	e := &Env{adminURL: admin, dbName: "eventcal_test_" + suffix, Prefix: "eventcal_test:" + suffix + ":"}

	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return nil, fmt.Errorf("connect to Postgres at DATABASE_URL: %w", err)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{e.dbName}.Sanitize())
	conn.Close(ctx)
	if err != nil {
		return nil, fmt.Errorf("create test database: %w", err)
	}
	u, err := url.Parse(admin)
	if err != nil {
		return nil, err
	}
	u.Path = "/" + e.dbName
	e.DatabaseURL = u.String()

	cfg, err := config.Load(func(k string) (string, bool) {
		switch k {
		case "DATABASE_URL":
			return e.DatabaseURL, true
		case "REDIS_URL":
			return redisURL, true
		case "REDIS_PREFIX":
			return e.Prefix, true
		case "DEBUG":
			return "true", true
		case "LOG_FILE":
			return os.DevNull, true
		case "REGISTER_IP_MAX", "REGISTER_GLOBAL_MAX":
			return RegisterLimit, true // tests register many users from 127.0.0.1
		}
		return "", false
	})
	if err != nil {
		return nil, err
	}
	e.Config = cfg

	e.Tracer = &db.Tracer{}
	if e.Pool, err = db.Open(ctx, e.DatabaseURL, e.Tracer); err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, e.Pool); err != nil {
		return nil, err
	}
	e.Store = db.NewStore(e.Pool)

	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, err
	}
	opt.ContextTimeoutEnabled = true
	e.Redis = redis.NewClient(opt)
	sopt := *opt
	sopt.DB = cfg.SessionRedisDB
	e.SessRedis = redis.NewClient(&sopt)
	if err := e.Redis.Ping(ctx).Err(); err != nil {
		return nil, fmt.Errorf("connect to Redis at REDIS_URL: %w", err)
	}
	return e, nil
}

// Close drops the database and this package's Redis keys (only its own).
func (e *Env) Close(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	for _, c := range []*redis.Client{e.Redis, e.SessRedis} {
		if c != nil {
			_ = DeletePrefix(ctx, c, e.Prefix)
			_ = c.Close()
		}
	}
	if e.Pool != nil {
		e.Pool.Close()
	}
	conn, err := pgx.Connect(ctx, e.adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{e.dbName}.Sanitize()+" WITH (FORCE)")
	return err
}

// EmptyDatabase creates another database on the package's server, with no
// migrations applied, dropped when t ends; it returns a pool on it.
func (e *Env) EmptyDatabase(t testing.TB) *pgxpool.Pool {
	t.Helper()
	ctx := context.Background()
	name := e.dbName + "_" + randomHex(4)
	conn, err := pgx.Connect(ctx, e.adminURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(e.adminURL)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	pool, err := pgxpool.New(ctx, u.String())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		c, err := pgx.Connect(ctx, e.adminURL)
		if err == nil {
			_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
			c.Close(ctx)
		}
	})
	return pool
}

// DeletePrefix removes the keys under prefix; tests only, never the app.
func DeletePrefix(ctx context.Context, c *redis.Client, prefix string) error {
	if !strings.HasPrefix(prefix, "eventcal_test:") {
		return fmt.Errorf("refusing to delete keys outside a test prefix: %q", prefix)
	}
	iter := c.Scan(ctx, 0, prefix+"*", 500).Iterator()
	var keys []string
	for iter.Next(ctx) {
		keys = append(keys, iter.Val())
		if len(keys) == 500 {
			if err := c.Del(ctx, keys...).Err(); err != nil {
				return err
			}
			keys = keys[:0]
		}
	}
	if len(keys) > 0 {
		if err := c.Del(ctx, keys...).Err(); err != nil {
			return err
		}
	}
	return iter.Err()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
