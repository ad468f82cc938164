package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/redis/go-redis/v9"
)

// services are the Postgres and Redis servers to use.
type services struct {
	adminURL string // a database on the server to create the bench database from
	redisURL string
}

// repoRoot is the module root (where go.mod names eventcal).
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if b, err := os.ReadFile(filepath.Join(dir, "go.mod")); err == nil && bytes.Contains(b, []byte("module github.com/eventcal/eventcal\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("run me inside the eventcal work tree (no go.mod of github.com/eventcal/eventcal above the current directory)")
		}
		dir = parent
	}
}

// findServices takes DATABASE_URL and REDIS_URL from the environment, or
// asks scripts/services.sh (which finds or starts the servers).
func findServices(ctx context.Context, root string) (services, error) {
	s := services{adminURL: os.Getenv("DATABASE_URL"), redisURL: os.Getenv("REDIS_URL")}
	if s.adminURL == "" || s.redisURL == "" {
		cmd := exec.CommandContext(ctx, "bash", "-c", `eval "$(scripts/services.sh env)" && printf '%s\n%s\n' "$DATABASE_URL" "$REDIS_URL"`)
		cmd.Dir = root
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return s, fmt.Errorf("scripts/services.sh env: %w", err)
		}
		lines := strings.Split(strings.TrimSpace(string(out)), "\n")
		if len(lines) != 2 {
			return s, fmt.Errorf("scripts/services.sh env printed %q", out)
		}
		s.adminURL, s.redisURL = lines[0], lines[1]
	}
	logf("Postgres %s, Redis %s", redactURL(s.adminURL), redactURL(s.redisURL))
	return s, nil
}

// redactURL hides a password in a URL for printing.
func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// withDatabase is url with its database replaced by name.
func withDatabase(raw, name string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		return "", errors.New("DATABASE_URL must be a postgres:// URL for the benchmark")
	}
	u.Path = "/" + name
	return u.String(), nil
}

// ensureWrk returns wrk's path, installing Debian's package when missing.
func ensureWrk(ctx context.Context) (string, error) {
	if p, err := exec.LookPath("wrk"); err == nil {
		return p, nil
	}
	if err := aptInstall(ctx, "wrk"); err != nil {
		return "", fmt.Errorf("wrk: %w", err)
	}
	return exec.LookPath("wrk")
}

// aptInstall installs Debian packages (as root, or through sudo without a
// password prompt).
func aptInstall(ctx context.Context, pkgs ...string) error {
	var pre []string
	if os.Geteuid() != 0 {
		if _, err := exec.LookPath("sudo"); err != nil {
			return fmt.Errorf("missing, and I am neither root nor have sudo: apt-get install %s", strings.Join(pkgs, " "))
		}
		pre = []string{"sudo", "-n"}
	}
	logf("missing: apt-get install %s", strings.Join(pkgs, " "))
	install := append([]string{"apt-get", "install", "-y", "-q", "--no-install-recommends"}, pkgs...)
	for _, args := range [][]string{{"apt-get", "update", "-q"}, install} {
		full := append(append(append([]string{}, pre...), "env", "DEBIAN_FRONTEND=noninteractive"), args...)
		cmd := exec.CommandContext(ctx, full[0], full[1:]...)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("%s: %w", strings.Join(args[:2], " "), err)
		}
	}
	return nil
}

// cpuPlan pins the servers and wrk to different cores.
type cpuPlan struct {
	server, wrk string // taskset -c lists; "" = not pinned
	wrkThreads  int
	note        string
}

// pinning gives wrk a quarter of the cores (at least one) and the server
// the rest, when taskset exists and there are two cores or more.
func pinning(n int) cpuPlan {
	if _, err := exec.LookPath("taskset"); err != nil || n < 2 {
		return cpuPlan{wrkThreads: 1, note: "not pinned (one core or no taskset): server and wrk share the CPU"}
	}
	w := max(1, n/4)
	p := cpuPlan{wrk: cpuList(n-w, n-1), server: cpuList(0, n-w-1), wrkThreads: w}
	p.note = fmt.Sprintf("server on CPU %s, wrk on CPU %s (taskset); Postgres and Redis unpinned", p.server, p.wrk)
	return p
}

func cpuList(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "-" + strconv.Itoa(to)
}

// pinned prefixes a command with taskset when cpus is set.
func pinned(cpus string, name string, args ...string) (string, []string) {
	if cpus == "" {
		return name, args
	}
	return "taskset", append([]string{"-c", cpus, name}, args...)
}

// recreateDatabase drops and creates the bench database, returning its URL.
func recreateDatabase(ctx context.Context, adminURL, name string) (string, error) {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", fmt.Errorf("connect to Postgres: %w", err)
	}
	defer conn.Close(ctx)
	id := pgx.Identifier{name}.Sanitize()
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+id+" WITH (FORCE)"); err != nil {
		return "", fmt.Errorf("drop %s: %w", name, err)
	}
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+id); err != nil {
		return "", fmt.Errorf("create %s: %w", name, err)
	}
	return withDatabase(adminURL, name)
}

// dropDatabase removes the bench database.
func dropDatabase(ctx context.Context, adminURL, name string) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
	return err
}

// redisClients opens the cache database of redisURL and the sessions'
// database (SESSION_REDIS_DB, default cache database + 1), as eventcal does.
func redisClients(redisURL string) (cacheDB, sessDB *redis.Client, err error) {
	opt, err := redis.ParseURL(redisURL)
	if err != nil {
		return nil, nil, fmt.Errorf("REDIS_URL: %w", err)
	}
	sopt := *opt
	sopt.DB = opt.DB + 1
	if v := os.Getenv("SESSION_REDIS_DB"); v != "" {
		if sopt.DB, err = strconv.Atoi(v); err != nil {
			return nil, nil, fmt.Errorf("SESSION_REDIS_DB: %w", err)
		}
	}
	return redis.NewClient(opt), redis.NewClient(&sopt), nil
}

// deletePrefix deletes the keys under prefix (SCAN + DEL): only the
// benchmark's own keys, never a whole database.
func deletePrefix(ctx context.Context, c *redis.Client, prefix string) (int, error) {
	if !strings.HasPrefix(prefix, "eventcal_bench") {
		return 0, fmt.Errorf("refusing to delete keys outside a bench prefix: %q", prefix)
	}
	n := 0
	iter := c.Scan(ctx, 0, prefix+"*", 1000).Iterator()
	var batch []string
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		err := c.Unlink(ctx, batch...).Err()
		n += len(batch)
		batch = batch[:0]
		return err
	}
	for iter.Next(ctx) {
		batch = append(batch, iter.Val())
		if len(batch) == 500 {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	if err := flush(); err != nil {
		return n, err
	}
	return n, iter.Err()
}

// commandsProcessed reads total_commands_processed from INFO stats.
func commandsProcessed(ctx context.Context, c *redis.Client) (int64, error) {
	info, err := c.Info(ctx, "stats").Result()
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(strings.NewReader(info))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "total_commands_processed:"); ok {
			return strconv.ParseInt(v, 10, 64)
		}
	}
	return 0, errors.New("INFO stats has no total_commands_processed")
}

// machine describes the host for the results.
func machine() string {
	model := "unknown CPU"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				model = strings.TrimSpace(v)
				break
			}
		}
	}
	host, _ := os.Hostname()
	return fmt.Sprintf("%s, nproc %d (%s)", model, nprocs(), host)
}

// commit is the short hash of HEAD, "+dirty" when the tree has changes.
func commit(ctx context.Context, root string) string {
	cmd := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD")
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	st := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no")
	st.Dir = root
	if o, err := st.Output(); err == nil && len(bytes.TrimSpace(o)) > 0 {
		c += "+dirty"
	}
	return c
}

// waitHTTP polls url until it answers 200 or the deadline passes.
func waitHTTP(ctx context.Context, url string, d time.Duration) error {
	deadline := time.Now().Add(d)
	cl := newHTTPClient(nil)
	for {
		res, err := cl.Get(url)
		if err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		if time.Now().After(deadline) {
			if err == nil {
				err = fmt.Errorf("status %d", res.StatusCode)
			}
			return fmt.Errorf("%s did not come up: %w", url, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}
