package config

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func envOf(m map[string]string) Getenv {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

func TestLoadDefaultsInDebug(t *testing.T) {
	c, err := Load(envOf(map[string]string{"DEBUG": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8000" || c.LogFile != "applogging.log" || c.CacheTTL != 300*time.Second || !c.CacheEnabled {
		t.Fatalf("defaults: %+v", c)
	}
	if !c.SecretGenerated || len(c.SecretKey) < 32 {
		t.Fatalf("debug should generate a secret, got %q", c.SecretKey)
	}
	if c.LogLevel != slog.LevelDebug {
		t.Fatalf("debug log level = %v", c.LogLevel)
	}
	if c.SessionRedisDB != 1 {
		t.Fatalf("session db = %d, want 1", c.SessionRedisDB)
	}
}

func TestLoadErrorsNameTheVariable(t *testing.T) {
	secret := "0123456789abcdef0123456789abcdef"
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{}, "SECRET_KEY"},
		{map[string]string{"DEBUG": "false"}, "SECRET_KEY"},
		{map[string]string{"SECRET_KEY": "short"}, "SECRET_KEY"},
		{map[string]string{"SECRET_KEY": secret, "DATABASE_URL": "nonsense"}, "DATABASE_URL"},
		{map[string]string{"SECRET_KEY": secret, "REDIS_URL": "http://x"}, "REDIS_URL"},
		{map[string]string{"SECRET_KEY": secret, "REDIS_URL": "redis://h:1/x"}, "REDIS_URL"},
		{map[string]string{"SECRET_KEY": secret, "DEBUG": "maybe"}, "DEBUG"},
		{map[string]string{"SECRET_KEY": secret, "CACHE_TTL": "soon"}, "CACHE_TTL"},
		{map[string]string{"SECRET_KEY": secret, "CACHE_TTL": "-5s"}, "CACHE_TTL"},
		{map[string]string{"SECRET_KEY": secret, "ADDR": "8000"}, "ADDR"},
		{map[string]string{"SECRET_KEY": secret, "LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		{map[string]string{"SECRET_KEY": secret, "TRUSTED_PROXIES": "10.0.0.1,nope"}, "TRUSTED_PROXIES"},
		{map[string]string{"SECRET_KEY": secret, "COOKIE_SECURE": "2"}, "COOKIE_SECURE"},
		{map[string]string{"SECRET_KEY": secret, "SESSION_REDIS_DB": "0"}, "SESSION_REDIS_DB"},
		{map[string]string{"SECRET_KEY": secret, "REGISTER_IP_MAX": "0"}, "REGISTER_IP_MAX"},
		{map[string]string{"SECRET_KEY": secret, "REGISTER_IP_MAX": "ten"}, "REGISTER_IP_MAX"},
		{map[string]string{"SECRET_KEY": secret, "REGISTER_GLOBAL_MAX": "-1"}, "REGISTER_GLOBAL_MAX"},
	}
	for _, tc := range cases {
		_, err := Load(envOf(tc.env))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != tc.want {
			t.Errorf("%v: got %v, want an error naming %s", tc.env, err, tc.want)
		}
	}
}

func TestLoadValues(t *testing.T) {
	c, err := Load(envOf(map[string]string{
		"SECRET_KEY":      "0123456789abcdef0123456789abcdef",
		"CACHE_TTL":       "120",
		"TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1",
		"ALLOWED_HOSTS":   "cal.example.com,localhost",
		"REDIS_URL":       "redis://127.0.0.1:6379/4",
		"COOKIE_SECURE":   "on",
		"LOG_LEVEL":       "warn",
		"REGISTER_IP_MAX": "3",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.CacheTTL != 120*time.Second || len(c.TrustedProxies) != 2 || len(c.AllowedHosts) != 2 || !c.CookieSecure {
		t.Fatalf("values: %+v", c)
	}
	if c.RegisterIPMax != 3 || c.RegisterGlobalMax != 300 {
		t.Fatalf("registration limits: %d, %d", c.RegisterIPMax, c.RegisterGlobalMax)
	}
	if c.SessionRedisDB != 5 || c.LogLevel != slog.LevelWarn || c.SecretGenerated {
		t.Fatalf("values: %+v", c)
	}
}

func TestDotEnvIsAFallback(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(path, []byte("ADDR=:9100\nEVENTCAL_TEST_ONLY=fromfile\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("ADDR", ":9200")
	env, err := FromEnvironment(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := env("ADDR"); v != ":9200" {
		t.Fatalf("environment should win, got %q", v)
	}
	if v, _ := env("EVENTCAL_TEST_ONLY"); v != "fromfile" {
		t.Fatalf(".env fallback missing, got %q", v)
	}
	if _, err := FromEnvironment(filepath.Join(t.TempDir(), "missing.env")); err != nil {
		t.Fatalf("a missing .env is fine: %v", err)
	}
}

func TestPprofAddrIsLoopbackOnly(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "[::1]:6060": true, "localhost:6060": true,
		":6060": false, "0.0.0.0:6060": false, "10.0.0.5:6060": false, "127.0.0.1": false,
	} {
		c, err := Load(envOf(map[string]string{"DEBUG": "true", "PPROF_ADDR": addr}))
		var ce *Error
		switch {
		case ok && (err != nil || c.PprofAddr != addr):
			t.Errorf("%q refused: %v", addr, err)
		case !ok && (!errors.As(err, &ce) || ce.Var != "PPROF_ADDR"):
			t.Errorf("%q: got %v, want an error naming PPROF_ADDR", addr, err)
		}
	}
}

// TestProductionNeedsAllowedHosts: with DEBUG off, a missing ALLOWED_HOSTS
// stops start-up with one line naming it.
func TestProductionNeedsAllowedHosts(t *testing.T) {
	secret := "0123456789abcdef0123456789abcdef"
	_, err := Load(envOf(map[string]string{"SECRET_KEY": secret}))
	var ce *Error
	if !errors.As(err, &ce) || ce.Var != "ALLOWED_HOSTS" || strings.Contains(err.Error(), "\n") {
		t.Fatalf("got %v, want one line naming ALLOWED_HOSTS", err)
	}
	if _, err := Load(envOf(map[string]string{"SECRET_KEY": secret, "ALLOWED_HOSTS": "cal.example.com"})); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(envOf(map[string]string{"DEBUG": "true"})); err != nil {
		t.Fatalf("debug runs without ALLOWED_HOSTS: %v", err)
	}
}

// TestInsecureCookieWarning: COOKIE_SECURE off on a non-loopback address
// is warned about; on loopback, or with Secure cookies, it is not.
func TestInsecureCookieWarning(t *testing.T) {
	for addr, secure := range map[string]bool{":8000": false, "0.0.0.0:8000": false, "10.1.2.3:80": false} {
		if w := (Config{Addr: addr, CookieSecure: secure}).Warnings(); len(w) != 1 || !strings.Contains(w[0], "COOKIE_SECURE") {
			t.Errorf("%s: warnings %q", addr, w)
		}
	}
	for _, c := range []Config{{Addr: "127.0.0.1:8000"}, {Addr: "localhost:8000"}, {Addr: ":8000", CookieSecure: true}} {
		if w := c.Warnings(); len(w) != 0 {
			t.Errorf("%+v: warnings %q", c, w)
		}
	}
}

// TestSessionAndMetricsSettings: defaults, values and refusals of the
// session lifetimes and the metrics listener and token.
func TestSessionAndMetricsSettings(t *testing.T) {
	c, err := Load(envOf(map[string]string{"DEBUG": "true"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.SessionIdle != 12*time.Hour || c.SessionRemember != 30*24*time.Hour || c.SessionAbsolute != 30*24*time.Hour ||
		c.MetricsAddr != "" || c.MetricsToken != "" {
		t.Fatalf("defaults: %+v", c)
	}
	c, err = Load(envOf(map[string]string{"DEBUG": "true", "SESSION_IDLE": "1h", "SESSION_REMEMBER": "48h",
		"SESSION_ABSOLUTE": "72h", "METRICS_ADDR": "127.0.0.1:9090", "METRICS_TOKEN": "0123456789abcdefXYZ"}))
	if err != nil || c.SessionIdle != time.Hour || c.SessionRemember != 48*time.Hour || c.SessionAbsolute != 72*time.Hour ||
		c.MetricsAddr != "127.0.0.1:9090" || c.MetricsToken != "0123456789abcdefXYZ" {
		t.Fatalf("values: %+v %v", c, err)
	}
	for env, want := range map[[2]string]string{
		{"SESSION_IDLE", "0s"}:      "SESSION_IDLE",
		{"SESSION_IDLE", "soon"}:    "SESSION_IDLE",
		{"SESSION_REMEMBER", "1h"}:  "SESSION_REMEMBER",
		{"SESSION_ABSOLUTE", "24h"}: "SESSION_ABSOLUTE",
		{"METRICS_ADDR", "9090"}:    "METRICS_ADDR",
		{"METRICS_ADDR", ":8000"}:   "METRICS_ADDR",
		{"METRICS_TOKEN", "short"}:  "METRICS_TOKEN",
	} {
		_, err := Load(envOf(map[string]string{"DEBUG": "true", env[0]: env[1]}))
		var ce *Error
		if !errors.As(err, &ce) || ce.Var != want {
			t.Errorf("%s=%s: got %v, want an error naming %s", env[0], env[1], err, want)
		}
	}
}
