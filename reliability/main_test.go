package reliability

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/db"
)

// templateDB is migrated once; every test copies it.
const templateDB = "eventcal_tpl"

// suite is what TestMain sets up once: the private Postgres cluster and,
// on first use, the eventcal binary.
type suite struct {
	pg *pgServer

	buildOnce sync.Once
	binPath   string
	buildErr  error
	buildDir  string
}

// the is the package's suite, set once by TestMain before any test runs.
var the *suite

func TestMain(m *testing.M) { os.Exit(runSuite(m)) }

func runSuite(m *testing.M) int {
	if _, err := pgBinDir(); err != nil {
		return skipOrFail(err)
	}
	if _, err := redisBin(); err != nil {
		return skipOrFail(err)
	}
	pg, err := startPostgres()
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability: private Postgres:", err)
		if pg != nil {
			pg.Close()
		}
		return 1
	}
	defer pg.Close()
	if err := createTemplate(pg); err != nil {
		fmt.Fprintln(os.Stderr, "reliability: template database:", err)
		return 1
	}
	dir, err := os.MkdirTemp("", "eventcal-rel-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "reliability:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	the = &suite{pg: pg, buildDir: dir}
	return m.Run()
}

// skipOrFail skips the package when a server binary is missing, except in
// CI, where the binaries are installed by .ci/run and must be there.
func skipOrFail(err error) int {
	if os.Getenv("CI") != "" {
		fmt.Fprintln(os.Stderr, "reliability: CI is set but", err)
		return 1
	}
	fmt.Println("reliability: skipping the package:", err)
	return 0
}

// createTemplate creates and migrates the template database.
func createTemplate(pg *pgServer) error {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	conn, err := pgx.Connect(ctx, pg.URL("postgres"))
	if err != nil {
		return err
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+templateDB)
	conn.Close(ctx)
	if err != nil {
		return err
	}
	pool, err := db.Open(ctx, pg.URL(templateDB), nil)
	if err != nil {
		return err
	}
	defer pool.Close()
	_, err = db.Migrate(ctx, pool)
	return err
}

// newDatabase copies the template into a fresh database for one test and
// returns its URL; it is dropped at the end of the test.
func newDatabase(t *testing.T) string {
	t.Helper()
	name := "rel_" + randomHex(6)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, the.pg.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+templateDB); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.Connect(ctx, the.pg.URL("postgres")); err == nil {
			_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
			conn.Close(ctx)
		}
	})
	return the.pg.URL(name)
}

// binary builds the eventcal command once. It is built without -race: the
// race detector makes the server start several times slower (the bcrypt
// dummy hash), and `go vet`, which runs first, has compiled its packages.
func (s *suite) binary(t *testing.T) string {
	t.Helper()
	s.buildOnce.Do(func() {
		goCmd, err := exec.LookPath("go")
		if err != nil {
			goCmd = "/usr/local/go/bin/go"
		}
		s.binPath = filepath.Join(s.buildDir, "eventcal")
		cmd := exec.Command(goCmd, "build", "-o", s.binPath, "github.com/eventcal/eventcal")
		out, err := cmd.CombinedOutput()
		if err != nil {
			s.buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if s.buildErr != nil {
		t.Fatal(s.buildErr)
	}
	return s.binPath
}

// createUser stores a user with a cheap password hash.
func createUser(t *testing.T, dbURL, username, password, tz string) int64 {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	u, err := db.New(conn).CreateUser(ctx, db.CreateUserParams{Username: username, PasswordHash: string(hash), Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// queryDB runs fn on a short-lived connection to dbURL.
func queryDB(t *testing.T, dbURL string, fn func(ctx context.Context, conn *pgx.Conn) error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := fn(ctx, conn); err != nil && !errors.Is(err, pgx.ErrNoRows) {
		t.Fatal(err)
	}
}

// countEvents counts every event in the database.
func countEvents(t *testing.T, dbURL string) int {
	t.Helper()
	var n int
	queryDB(t, dbURL, func(ctx context.Context, conn *pgx.Conn) error {
		return conn.QueryRow(ctx, "SELECT count(*) FROM events").Scan(&n)
	})
	return n
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
