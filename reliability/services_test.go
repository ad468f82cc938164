package reliability

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// poll calls f until it reports true or the deadline passes.
func poll(timeout time.Duration, f func() bool) bool {
	deadline := time.Now().Add(timeout)
	for {
		if f() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// ---------------------------------------------------------------- Postgres

// pgServer is a private Postgres cluster in a temporary directory, run as
// the postgres user when the tests run as root.
type pgServer struct {
	bin  string // /usr/lib/postgresql/N/bin
	base string // owns data/ and the socket
	port int
	asPG bool
}

// pgBinDir finds the newest /usr/lib/postgresql/*/bin with initdb and pg_ctl.
func pgBinDir() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return pgMajor(dirs[i]) < pgMajor(dirs[j]) })
	for i := len(dirs) - 1; i >= 0; i-- {
		if isExec(filepath.Join(dirs[i], "initdb")) && isExec(filepath.Join(dirs[i], "pg_ctl")) {
			return dirs[i], nil
		}
	}
	return "", errors.New("no /usr/lib/postgresql/*/bin/initdb (install Debian's postgresql)")
}

func pgMajor(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0
}

// startPostgres runs initdb and starts the server on a free port.
func startPostgres() (*pgServer, error) {
	bin, err := pgBinDir()
	if err != nil {
		return nil, err
	}
	s := &pgServer{bin: bin, asPG: os.Geteuid() == 0}
	if s.base, err = os.MkdirTemp("", "eventcal-rel-pg-"); err != nil {
		return nil, err
	}
	if s.asPG {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root but there is no postgres user: %w", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(s.base, uid, gid); err != nil {
			return nil, err
		}
	}
	if s.port, err = freePort(); err != nil {
		return nil, err
	}
	if out, err := s.run("initdb", "-D", s.dataDir(), "-U", "postgres", "--auth=trust",
		"-E", "UTF8", "--locale=C.UTF-8", "--no-sync"); err != nil {
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	return s, s.Start()
}

func (s *pgServer) dataDir() string { return filepath.Join(s.base, "data") }

// run runs a Postgres program (as postgres when root) and returns its output.
func (s *pgServer) run(prog string, args ...string) (string, error) {
	path := filepath.Join(s.bin, prog)
	var cmd *exec.Cmd
	if s.asPG {
		runuser, err := exec.LookPath("runuser")
		if err != nil {
			runuser = "/usr/sbin/runuser"
		}
		cmd = exec.Command(runuser, append([]string{"-u", "postgres", "--", path}, args...)...)
	} else {
		cmd = exec.Command(path, args...)
	}
	cmd.Dir = "/"
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// Start starts the server (again) on its port and waits until it answers.
func (s *pgServer) Start() error {
	opts := fmt.Sprintf("-h 127.0.0.1 -p %d -k %s -c fsync=off -c full_page_writes=off -c max_connections=200", s.port, s.base)
	if out, err := s.run("pg_ctl", "-D", s.dataDir(), "-o", opts, "-l", filepath.Join(s.base, "postgres.log"), "-w", "-t", "60", "start"); err != nil {
		log, _ := os.ReadFile(filepath.Join(s.base, "postgres.log"))
		return fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, log)
	}
	if !poll(30*time.Second, func() bool { return s.ping() == nil }) {
		return fmt.Errorf("postgres on port %d does not answer: %v", s.port, s.ping())
	}
	return nil
}

// Stop stops the server: "fast" (clean) or "immediate" (as after a crash;
// the restart replays the WAL).
func (s *pgServer) Stop(mode string) error {
	if out, err := s.run("pg_ctl", "-D", s.dataDir(), "-m", mode, "-w", "-t", "60", "stop"); err != nil {
		return fmt.Errorf("pg_ctl stop: %v\n%s", err, out)
	}
	return nil
}

func (s *pgServer) ping() error {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, s.URL("postgres"))
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	return conn.Ping(ctx)
}

// URL is the address of database name.
func (s *pgServer) URL(name string) string {
	return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", s.port, name)
}

// Close stops the server and removes its files.
func (s *pgServer) Close() {
	_ = s.Stop("immediate")
	_ = os.RemoveAll(s.base)
}

// ---------------------------------------------------------------- Redis

// redisServer is a private redis-server on a fixed loopback port, without
// persistence unless told to save.
type redisServer struct {
	t    *testing.T
	bin  string
	dir  string
	Port int

	conf  string   // a config file to start with (Sentinel mode), or ""
	extra []string // more command-line options

	mu     sync.Mutex
	cmd    *exec.Cmd
	exited chan struct{} // closed when cmd has exited
}

// redisBin finds redis-server.
func redisBin() (string, error) {
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p, nil
	}
	if isExec("/usr/bin/redis-server") {
		return "/usr/bin/redis-server", nil
	}
	return "", errors.New("no redis-server (install Debian's redis-server)")
}

// startRedis starts a private redis-server on a free port, stopped at the
// end of the test; extra are more command-line options.
func startRedis(t *testing.T, extra ...string) *redisServer {
	t.Helper()
	r := newRedis(t)
	r.extra = extra
	r.Start()
	t.Cleanup(r.Kill)
	return r
}

// startSentinel starts a Redis Sentinel on a free port that watches the
// master at masterAddr under the name master.
func startSentinel(t *testing.T, master, masterAddr string) *redisServer {
	t.Helper()
	r := newRedis(t)
	host, port, _ := net.SplitHostPort(masterAddr)
	r.conf = filepath.Join(r.dir, "sentinel.conf")
	conf := fmt.Sprintf("port %d\nbind 127.0.0.1\ndir %s\n"+
		"sentinel monitor %s %s %s 1\nsentinel down-after-milliseconds %s 500\n"+
		"sentinel failover-timeout %s 5000\n", r.Port, r.dir, master, host, port, master, master)
	if err := os.WriteFile(r.conf, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	r.Start()
	t.Cleanup(r.Kill)
	return r
}

// newRedis picks the binary, a port and a directory.
func newRedis(t *testing.T) *redisServer {
	t.Helper()
	bin, err := redisBin()
	if err != nil {
		t.Fatal(err)
	}
	port, err := freePort()
	if err != nil {
		t.Fatal(err)
	}
	return &redisServer{t: t, bin: bin, dir: t.TempDir(), Port: port}
}

// args is the command line of a start.
func (r *redisServer) args() []string {
	if r.conf != "" {
		return []string{r.conf, "--sentinel"}
	}
	args := []string{"--port", strconv.Itoa(r.Port), "--bind", "127.0.0.1",
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--dir", r.dir, "--dbfilename", "dump.rdb", "--logfile", ""}
	return append(args, r.extra...)
}

// Addr is host:port.
func (r *redisServer) Addr() string { return "127.0.0.1:" + strconv.Itoa(r.Port) }

// URL is the Redis URL of database 0.
func (r *redisServer) URL() string { return "redis://" + r.Addr() + "/0" }

// Start starts the server on its port; a dump.rdb left by Save is loaded.
func (r *redisServer) Start() {
	r.t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	// The port was free a moment ago; after a Kill the kernel may need a
	// moment before it can be bound again.
	var lastErr error
	ok := poll(10*time.Second, func() bool {
		cmd := exec.Command(r.bin, r.args()...)
		cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
		if lastErr = cmd.Start(); lastErr != nil {
			return false
		}
		exited := make(chan struct{})
		go func() { _ = cmd.Wait(); close(exited) }()
		up := poll(5*time.Second, func() bool {
			select {
			case <-exited:
				return true
			default:
			}
			return redisPing(r.Addr()) == nil
		})
		select {
		case <-exited:
			lastErr = errors.New("redis-server exited at start")
			return false
		default:
		}
		if !up {
			_ = cmd.Process.Kill()
			<-exited
			lastErr = errors.New("redis-server does not answer")
			return false
		}
		r.cmd, r.exited = cmd, exited
		return true
	})
	if !ok {
		r.t.Fatalf("start redis on %d: %v", r.Port, lastErr)
	}
}

// Save writes the dataset to dump.rdb, which the next Start loads (as a
// production Redis with persistence would after a restart).
func (r *redisServer) Save() {
	r.t.Helper()
	if reply, err := redisCommand(r.Addr(), "SAVE"); err != nil || reply != "+OK" {
		r.t.Fatalf("redis SAVE: %q %v", reply, err)
	}
}

// Kill stops the server at once (SIGKILL) and waits until the port is closed.
func (r *redisServer) Kill() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGKILL)
	<-r.exited
	r.cmd = nil
	poll(10*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", r.Addr(), 100*time.Millisecond)
		if err != nil {
			return true
		}
		c.Close()
		return false
	})
}

// redisPing sends PING.
func redisPing(addr string) error {
	reply, err := redisCommand(addr, "PING")
	if err == nil && reply != "+PONG" {
		err = fmt.Errorf("PING answered %q", reply)
	}
	return err
}

// redisCommand sends one inline command and returns the first reply line.
func redisCommand(addr, cmd string) (string, error) {
	c, err := net.DialTimeout("tcp", addr, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, cmd+"\r\n"); err != nil {
		return "", err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	return strings.TrimRight(line, "\r\n"), err
}

// ---------------------------------------------------------------- proxy

// stallProxy forwards TCP connections to a backend until Stall is called;
// from then on it accepts connections and reads from them but forwards
// nothing and answers nothing, like a server that hangs. Resume forwards
// new connections again.
type stallProxy struct {
	ln      net.Listener
	backend string

	mu      sync.Mutex
	stalled bool
	conns   map[net.Conn]struct{}
}

// newStallProxy listens on a free loopback port, closed at the end of the test.
func newStallProxy(t *testing.T, backend string) *stallProxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &stallProxy{ln: ln, backend: backend, conns: map[net.Conn]struct{}{}}
	go p.serve()
	t.Cleanup(p.Close)
	return p
}

// Addr is the proxy's host:port.
func (p *stallProxy) Addr() string { return p.ln.Addr().String() }

func (p *stallProxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		stalled := p.stalled
		p.conns[c] = struct{}{}
		p.mu.Unlock()
		if stalled {
			go func() { _, _ = io.Copy(io.Discard, c) }()
			continue
		}
		go p.forward(c)
	}
}

func (p *stallProxy) forward(c net.Conn) {
	b, err := net.DialTimeout("tcp", p.backend, time.Second)
	if err != nil {
		c.Close()
		return
	}
	p.mu.Lock()
	p.conns[b] = struct{}{}
	p.mu.Unlock()
	go func() { _, _ = io.Copy(b, &stallReader{p: p, r: c}); b.Close() }()
	_, _ = io.Copy(c, b)
	c.Close()
}

// stallReader stops passing a client's bytes on while the proxy is stalled.
type stallReader struct {
	p *stallProxy
	r io.Reader
}

func (s *stallReader) Read(b []byte) (int, error) {
	for {
		n, err := s.r.Read(b)
		s.p.mu.Lock()
		stalled := s.p.stalled
		s.p.mu.Unlock()
		if !stalled || err != nil {
			return n, err
		}
		// Swallow: the command is never delivered, so no reply comes.
	}
}

// Stall makes the proxy hang every connection, old and new.
func (p *stallProxy) Stall() {
	p.mu.Lock()
	p.stalled = true
	p.mu.Unlock()
}

// Resume forwards again. Connections that hung stay hung (their clients
// time them out and dial again).
func (p *stallProxy) Resume() {
	p.mu.Lock()
	p.stalled = false
	p.mu.Unlock()
}

// Close stops listening and closes every connection.
func (p *stallProxy) Close() {
	p.ln.Close()
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		c.Close()
	}
}
