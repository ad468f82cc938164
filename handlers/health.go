package handlers

import (
	"context"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// healthz answers while the process runs.
func (h *Handler) healthz(c *fiber.Ctx) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.SendString("ok\n")
}

// readyz pings Postgres and both Redis databases; 503 names what is down.
func (h *Handler) readyz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), time.Second)
	defer cancel()
	var down []string
	if err := h.store.Pool.Ping(ctx); err != nil {
		down = append(down, "postgres")
	}
	if err := h.redis.Ping(ctx).Err(); err != nil {
		down = append(down, "redis")
	} else if err := h.sessRedis.Ping(ctx).Err(); err != nil {
		down = append(down, "redis")
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	if len(down) > 0 {
		return c.Status(fiber.StatusServiceUnavailable).SendString("unavailable: " + strings.Join(down, ", ") + "\n")
	}
	return c.SendString("ready\n")
}

// opsRoutes are the operators' routes, /readyz and /metrics: on the public
// listener, or on METRICS_ADDR's (MetricsApp); behind METRICS_TOKEN when set.
func (h *Handler) opsRoutes(r fiber.Router, reg *prometheus.Registry) {
	r.Get("/readyz", h.requireMetricsToken, h.readyz)
	r.Get("/metrics", h.requireMetricsToken, h.metricsHandler(reg))
}

// MetricsApp is the server of METRICS_ADDR: /healthz, /readyz and /metrics
// (which then leave the public listener).
func (h *Handler) MetricsApp() *fiber.App {
	app := fiber.New(fiber.Config{
		AppName:               "eventcal-metrics",
		DisableStartupMessage: true,
		ReadTimeout:           10 * time.Second,
		WriteTimeout:          30 * time.Second,
		IdleTimeout:           120 * time.Second,
	})
	app.Get("/healthz", h.healthz)
	h.opsRoutes(app, h.registry)
	return app
}

// requireMetricsToken asks for METRICS_TOKEN as a Bearer token (when set):
// 401 otherwise.
func (h *Handler) requireMetricsToken(c *fiber.Ctx) error {
	if h.cfg.MetricsToken == "" {
		return c.Next()
	}
	got, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
	if !ok || !equalTokens(got, h.cfg.MetricsToken) {
		c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="eventcal metrics"`)
		c.Set(fiber.HeaderCacheControl, "no-store")
		return c.Status(fiber.StatusUnauthorized).SendString("unauthorized: METRICS_TOKEN required\n")
	}
	return c.Next()
}

func (h *Handler) metricsHandler(reg *prometheus.Registry) fiber.Handler {
	return adaptor.HTTPHandler(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
}

// asset serves a content-hashed static file, cacheable forever.
func (h *Handler) asset(c *fiber.Ctx) error {
	f, ok := h.assets.Lookup(c.Path())
	if !ok {
		return notFound()
	}
	c.Set(fiber.HeaderContentType, f.ContentType)
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Vary(fiber.HeaderAcceptEncoding)
	if len(f.Gzip) > 0 && c.Context().Request.Header.HasAcceptEncoding("gzip") {
		// Compressed once at start-up; the compress middleware leaves an
		// encoded body alone.
		c.Set(fiber.HeaderContentEncoding, "gzip")
		return c.Send(f.Gzip)
	}
	return c.Send(f.Body)
}

// logPanic records a recovered panic with its stack.
func (h *Handler) logPanic(c *fiber.Ctx, e any) {
	h.log.Error("panic", "path", logPath(c), "request_id", requestID(c), "panic", e, "stack", string(debug.Stack()))
}

// refererPath is the local path of a Referer header.
func refererPath(ref string) string {
	u, err := url.Parse(ref)
	if err != nil {
		return "/"
	}
	return u.RequestURI()
}
