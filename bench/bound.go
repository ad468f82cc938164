package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/db"
)

// Bound server kinds: the least work that can serve the page.
const (
	boundConst = "const" // a constant body: Fiber alone
	boundRedis = "redis" // one go-redis GET of the page's bytes
	boundPgx   = "pgx"   // one pgx range query, the month view's
)

// runBound serves GET / with the least work of one kind, on ADDR, until
// ctx ends: the bare Fiber handler that eventcal's figures are divided by.
func runBound(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("bound", flag.ContinueOnError)
	kind := fs.String("kind", boundConst, "const, redis or pgx")
	body := fs.String("body", "", "const: file whose bytes are the body")
	gzipped := fs.Bool("gzip", false, "const, redis: the body is gzip (Content-Encoding: gzip)")
	redisURL := fs.String("redis", "", "redis: REDIS_URL")
	key := fs.String("key", "", "redis: key holding the body")
	dbURL := fs.String("db", "", "pgx: DATABASE_URL")
	uid := fs.Int64("user", 0, "pgx: user id")
	from := fs.String("from", "", "pgx: range start, RFC 3339")
	to := fs.String("to", "", "pgx: range end, RFC 3339")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/healthz", func(c *fiber.Ctx) error { return c.SendString("ok") })

	var (
		h       fiber.Handler
		release func()
		err     error
	)
	switch *kind {
	case boundConst:
		h, err = constHandler(*body, *gzipped)
	case boundRedis:
		h, release, err = redisHandler(*redisURL, *key, *gzipped)
	case boundPgx:
		h, release, err = pgxHandler(ctx, *dbURL, *uid, *from, *to)
	default:
		return fmt.Errorf("unknown bound kind %q", *kind)
	}
	if err != nil {
		return err
	}
	if release != nil {
		defer release()
	}
	app.Get("/", h)

	addr := os.Getenv("ADDR")
	errc := make(chan error, 1)
	go func() { errc <- app.Listen(addr) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		return app.ShutdownWithTimeout(5 * time.Second)
	}
}

// setBodyHeaders sets the headers of a bound's HTML body, gzip or not.
func setBodyHeaders(c *fiber.Ctx, gzipped bool) {
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	if gzipped {
		c.Set(fiber.HeaderContentEncoding, "gzip")
	}
}

// constHandler answers with the bytes of the file body, read once.
func constHandler(body string, gzipped bool) (fiber.Handler, error) {
	b, err := os.ReadFile(body)
	if err != nil {
		return nil, err
	}
	return func(c *fiber.Ctx) error {
		setBodyHeaders(c, gzipped)
		return c.Send(b)
	}, nil
}

// redisHandler answers with the bytes at key, one Redis GET a request;
// release closes the Redis client.
func redisHandler(redisURL, key string, gzipped bool) (h fiber.Handler, release func(), err error) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, nil, err
	}
	rdb := redis.NewClient(opt)
	h = func(c *fiber.Ctx) error {
		b, err := rdb.Get(c.UserContext(), key).Bytes()
		if err != nil {
			return err
		}
		setBodyHeaders(c, gzipped)
		return c.Send(b)
	}
	return h, func() { _ = rdb.Close() }, nil
}

// pgxHandler answers with user uid's events from the month view's range
// query over [from, to), one pgx query a request, as plain text; release
// closes the pool.
func pgxHandler(ctx context.Context, dbURL string, uid int64, from, to string) (h fiber.Handler, release func(), err error) {
	f, err1 := time.Parse(time.RFC3339, from)
	t, err2 := time.Parse(time.RFC3339, to)
	if err := errors.Join(err1, err2); err != nil {
		return nil, nil, err
	}
	pool, err := pgxpool.New(ctx, dbURL)
	if err != nil {
		return nil, nil, err
	}
	q := db.New(pool)
	h = func(c *fiber.Ctx) error {
		evs, err := q.ListEventsInRange(c.UserContext(), db.ListEventsInRangeParams{UserID: uid, FromTime: f, ToTime: t})
		if err != nil {
			return err
		}
		var b []byte
		for i := range evs {
			b = strconv.AppendInt(b, evs[i].Event.ID, 10)
			b = append(b, ' ')
			b = evs[i].Event.StartsAt.AppendFormat(b, time.RFC3339)
			b = append(b, ' ')
			b = append(b, evs[i].Event.Title...)
			b = append(b, '\n')
		}
		c.Set(fiber.HeaderContentType, fiber.MIMETextPlainCharsetUTF8)
		return c.Send(b)
	}
	return h, pool.Close, nil
}
