package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// nprocs is the number of CPUs this process may run on.
func nprocs() int { return runtime.NumCPU() }

// server is a process the benchmark started and stops.
type server struct {
	name string
	url  string // http://127.0.0.1:port
	cmd  *exec.Cmd
	log  string
	done chan error
}

// freePort asks the kernel for an unused loopback port.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// build compiles eventcal into dir.
func build(ctx context.Context, root, dir string) (string, error) {
	bin := filepath.Join(dir, "eventcal")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, ".")
	cmd.Dir = root
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	return bin, nil
}

// start runs a server (pinned to cpus), logging to a file in dir, and
// waits until health answers 200.
func start(ctx context.Context, name, dir, cpus string, env []string, health string, bin string, args ...string) (*server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	s := &server{name: name, url: "http://127.0.0.1:" + strconv.Itoa(port), log: filepath.Join(dir, name+".log"), done: make(chan error, 1)}
	f, err := os.Create(s.log)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	exe, argv := pinned(cpus, bin, args...)
	s.cmd = exec.Command(exe, argv...)
	s.cmd.Dir = dir // no .env of the work tree
	s.cmd.Env = append(cleanEnv(), env...)
	s.cmd.Env = append(s.cmd.Env, "ADDR=127.0.0.1:"+strconv.Itoa(port))
	s.cmd.Stdout, s.cmd.Stderr = f, f
	if err := s.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	wctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go func() {
		select {
		case <-s.done:
			cancel()
			s.done <- errors.New("exited")
		case <-wctx.Done():
		}
	}()
	if err := waitHTTP(wctx, s.url+health, 30*time.Second); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s: %w\n%s", name, err, tail(s.log, 20))
	}
	return s, nil
}

// pid is the server's process id (taskset execs the server in place).
func (s *server) pid() int {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return 0
	}
	return s.cmd.Process.Pid
}

// stop ends the server with SIGTERM (SIGKILL after 10 s).
func (s *server) stop() {
	if s == nil || s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
	s.cmd = nil
}

// cleanEnv is this process's environment without eventcal's settings, so
// only what the benchmark sets reaches a server.
func cleanEnv() []string {
	drop := []string{"DATABASE_URL", "REDIS_URL", "REDIS_PREFIX", "SECRET_KEY", "DEBUG", "ADDR", "LOG_FILE",
		"LOG_LEVEL", "CACHE_TTL", "CACHE_ENABLED", "COOKIE_SECURE", "ALLOWED_HOSTS", "TRUSTED_PROXIES",
		"AUTO_MIGRATE", "BODY_LIMIT", "PPROF_ADDR", "GOMAXPROCS", "GOGC"}
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		keep := true
		for _, d := range drop {
			if k == d {
				keep = false
				break
			}
		}
		if keep {
			out = append(out, kv)
		}
	}
	return out
}

// tail is the last n lines of a file.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
