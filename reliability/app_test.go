package reliability

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/redis/go-redis/v9"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/config"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/handlers"

	"github.com/eventcal/eventcal/testsupport"
)

// testSecret is the SECRET_KEY every instance of a test shares.
const testSecret = "reliability-test-secret-0123456789abcdef"

// appOpts points one app instance at its services.
type appOpts struct {
	DatabaseURL string
	RedisURL    string            // the cache (database 0) and, by default, the sessions (database 1)
	SessRedis   string            // another Redis URL for the sessions (in-process only)
	Env         map[string]string // more configuration (ALLOWED_HOSTS, BODY_LIMIT, …)
}

// env is the configuration as the process environment would hold it.
func (o appOpts) env(logFile string) map[string]string {
	m := map[string]string{
		"DATABASE_URL": o.DatabaseURL,
		"REDIS_URL":    o.RedisURL,
		"SECRET_KEY":   testSecret,
		"LOG_FILE":     logFile,
		"LOG_LEVEL":    "info",
		"CACHE_TTL":    "300s",
		// Many users from one address.
		"REGISTER_IP_MAX":     testsupport.RegisterLimit,
		"REGISTER_GLOBAL_MAX": testsupport.RegisterLimit,
		// DEBUG is off: the host names must be named.
		"ALLOWED_HOSTS": "127.0.0.1,localhost",
	}
	for k, v := range o.Env {
		m[k] = v
	}
	return m
}

// instance is a running eventcal server.
type instance struct {
	URL string
	Log *testsupport.LogBuffer // application log (in-process) or stdout+stderr (subprocess)
}

// redisClient builds a client as main.open does: short timeouts and few
// retries, which bound every call, including the session store's.
func redisClient(t *testing.T, rawURL string, db int) *redis.Client {
	t.Helper()
	opt, err := redis.ParseURL(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	opt.DialTimeout, opt.ReadTimeout, opt.WriteTimeout = 500*time.Millisecond, 500*time.Millisecond, 500*time.Millisecond
	opt.ContextTimeoutEnabled = true
	opt.MaxRetries, opt.DialerRetries = 1, 1
	if db >= 0 {
		opt.DB = db
	}
	c := redis.NewClient(opt)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

// startInProcess runs handlers.New on a loopback port, as main.serve does,
// with its own pool and Redis clients; it is shut down at the end of the test.
func startInProcess(t *testing.T, o appOpts) *instance {
	t.Helper()
	cfg, err := config.Load(func(k string) (string, bool) {
		v, ok := o.env(os.DevNull)[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	pool, err := db.Open(context.Background(), cfg.DatabaseURL, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)
	manifest, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	sess := redisClient(t, cfg.RedisURL, cfg.SessionRedisDB)
	if o.SessRedis != "" {
		sess = redisClient(t, o.SessRedis, 1)
	}
	inst := &instance{Log: &testsupport.LogBuffer{}}
	logger := slog.New(slog.NewTextHandler(inst.Log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	app, _ := handlers.New(handlers.Deps{
		Config:     cfg,
		Store:      db.NewStore(pool),
		Redis:      redisClient(t, cfg.RedisURL, -1),
		SessRedis:  sess,
		Log:        logger,
		CacheLog:   logger,
		Assets:     manifest,
		BcryptCost: bcrypt.MinCost,
	})
	serveOn(t, app, inst)
	return inst
}

// serveOn listens on a free loopback port.
func serveOn(t *testing.T, app *fiber.App, inst *instance) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	inst.URL = "http://" + ln.Addr().String()
}

// process is eventcal running as a child process of the test.
type process struct {
	instance
	Addr string
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	err  error         // its exit error, once done
}

// startProcess runs the built binary (`eventcal serve`) on a free port (or
// addr, when not empty) and waits until /healthz answers.
func startProcess(t *testing.T, o appOpts, addr string) *process {
	t.Helper()
	bin := the.binary(t)
	if addr == "" {
		port, err := freePort()
		if err != nil {
			t.Fatal(err)
		}
		addr = "127.0.0.1:" + strconv.Itoa(port)
	}
	dir := t.TempDir() // the working directory: no stray .env
	env := o.env(filepath.Join(dir, "applogging.log"))
	env["ADDR"] = addr
	env["SHUTDOWN_TIMEOUT"] = "20s"
	cmd := exec.Command(bin, "serve")
	cmd.Dir = dir
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + dir}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	p := &process{instance: instance{URL: "http://" + addr, Log: &testsupport.LogBuffer{}}, Addr: addr, cmd: cmd, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.Log, p.Log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		select {
		case <-p.done:
		default:
			_ = cmd.Process.Signal(syscall.SIGKILL)
			<-p.done
		}
	})
	ok := poll(60*time.Second, func() bool {
		select {
		case <-p.done:
			return true
		default:
		}
		res, err := http.Get(p.URL + "/healthz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	})
	select {
	case <-p.done:
		t.Fatalf("eventcal exited at start: %v\n%s", p.err, p.Log)
	default:
	}
	if !ok {
		t.Fatalf("eventcal did not answer /healthz within a minute\n%s", p.Log)
	}
	return p
}

// Terminate sends SIGTERM.
func (p *process) Terminate() { _ = p.cmd.Process.Signal(syscall.SIGTERM) }

// Wait waits for the process to exit and returns its exit error.
func (p *process) Wait(timeout time.Duration) error {
	select {
	case <-p.done:
		return p.err
	case <-time.After(timeout):
		return errors.New("eventcal did not exit within " + timeout.String())
	}
}

// Stop sends SIGTERM and fails the test unless the process exits cleanly.
func (p *process) Stop(t *testing.T) {
	t.Helper()
	p.Terminate()
	if err := p.Wait(30 * time.Second); err != nil {
		t.Fatalf("eventcal stop: %v\n%s", err, p.Log)
	}
}

// String describes the process for failure messages.
func (p *process) String() string { return fmt.Sprintf("eventcal on %s", p.Addr) }
