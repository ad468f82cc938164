package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/handlers"
	"github.com/eventcal/eventcal/testsupport"
)

// env is this package's database and Redis prefix, set once by TestMain
// (the testsupport convention; tests only read it).
var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// testPassword is the password of every user the tests make.
const testPassword = "correct horse battery staple 42"

// testZone is the time zone of the users the tests make.
const testZone = "Europe/Berlin"

// clock is the server's fixed "now": Wednesday 11 June 2025, 10:00 in
// Berlin, so calendars, defaults and screenshots are the same on every run.
func clock() time.Time { return time.Date(2025, time.June, 11, 8, 0, 0, 0, time.UTC) }

// server is a real eventcal server on a loopback port.
type server struct {
	URL  string
	log  *testsupport.LogBuffer
	stop func()
}

// startServer runs eventcal in-process the way main.run does, on the
// package's database and Redis prefix, with the cheapest bcrypt cost and the
// fixed clock. Its log is printed when the test fails.
func startServer(t *testing.T) *server {
	t.Helper()
	manifest, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	return startServerOn(t, "127.0.0.1:0", manifest)
}

// startServerOn is startServer on a given address with given assets (the
// same site again after a deploy); stop ends it before the test does.
func startServerOn(t *testing.T, addr string, manifest *assets.Manifest) *server {
	t.Helper()
	s := &server{log: &testsupport.LogBuffer{}}
	logger := slog.New(slog.NewTextHandler(s.log, &slog.HandlerOptions{Level: slog.LevelInfo}))
	app, h := handlers.New(handlers.Deps{
		Config:     env.Config,
		Store:      env.Store,
		Redis:      env.Redis,
		SessRedis:  env.SessRedis,
		Log:        logger,
		CacheLog:   slog.New(slog.DiscardHandler),
		Assets:     manifest,
		BcryptCost: bcrypt.MinCost,
		Now:        clock,
	})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	var once sync.Once
	s.stop = func() {
		once.Do(func() {
			h.StopStreams() // the pages' live-update streams would hold the shutdown
			_ = app.ShutdownWithTimeout(5 * time.Second)
		})
	}
	t.Cleanup(func() {
		s.stop()
		if t.Failed() {
			t.Logf("server log:\n%s", s.log.Tail(8000))
		}
	})
	s.URL = "http://" + ln.Addr().String()
	return s
}

// uniqueName is a username no other test of the run uses.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s_%d", prefix, time.Now().UnixNano()%1e12)
}

// createUser stores a user with testPassword directly in the database.
func createUser(t *testing.T, prefix string, admin bool) db.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(testPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{
		Username: uniqueName(prefix), PasswordHash: string(hash), Timezone: testZone, IsAdmin: admin,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// berlin is the users' zone.
func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(testZone)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// seed is one event to store: a title and where it falls, in testZone.
type seed struct {
	Title, Description, Location, Color string
	Day                                 int // day of June 2025 (may run past 30)
	Hour, Minute, Minutes               int // start and length; Minutes 0 means all day
}

// seedEvents stores events for a user straight into the database (the
// cache does not know them yet: seed before the user signs in, which drops
// the user's cached lists).
func seedEvents(t *testing.T, uid int64, seeds []seed) {
	t.Helper()
	loc := berlin(t)
	rows := make([]db.CreateEventsParams, 0, len(seeds))
	for _, s := range seeds {
		start := time.Date(2025, time.June, s.Day, s.Hour, s.Minute, 0, 0, loc)
		end := start.Add(time.Duration(s.Minutes) * time.Minute)
		allDay := s.Minutes == 0
		if allDay {
			start = time.Date(2025, time.June, s.Day, 0, 0, 0, 0, loc)
			end = start.AddDate(0, 0, 1)
		}
		color := s.Color
		if color == "" {
			color = "blue"
		}
		rows = append(rows, db.CreateEventsParams{
			UserID: uid, Title: s.Title, Description: s.Description, Location: s.Location,
			StartsAt: start, EndsAt: end, AllDay: allDay, Color: color,
		})
	}
	if _, err := env.Store.CreateEvents(context.Background(), rows); err != nil {
		t.Fatal(err)
	}
}

// busyMonth is about 40 events over June 2025, most days with one or two,
// some with more than the month cell shows, a few overlapping in time.
func busyMonth() []seed {
	colors := []string{"blue", "green", "red", "orange", "purple", "teal", "gray"}
	titles := []string{"Stand-up", "Dentist", "Lunch with Sam", "Yoga class", "Project review",
		"Piano lesson", "Book club", "Planning", "Grocery run", "Call with the bank"}
	var out []seed
	for i := 0; i < 40; i++ {
		day := 1 + (i*3)%30
		s := seed{
			Title:       titles[i%len(titles)],
			Description: "Bring the notes from last time; agenda in the shared folder.",
			Location:    []string{"", "Office", "Main Street 5", "Community hall"}[i%4],
			Color:       colors[i%len(colors)],
			Day:         day,
			Hour:        8 + (i*5)%10,
			Minute:      []int{0, 15, 30, 45}[i%4],
			Minutes:     []int{30, 60, 90, 45, 120}[i%5],
		}
		if i%9 == 0 {
			s.Minutes = 0 // all day
		}
		out = append(out, s)
	}
	// A busy Wednesday (today): overlapping meetings and an all-day event.
	out = append(out,
		seed{Title: "Quarterly planning with the whole team", Color: "purple", Day: 11, Hour: 9, Minutes: 120, Location: "Room 4"},
		seed{Title: "Design critique", Color: "teal", Day: 11, Hour: 10, Minutes: 60},
		seed{Title: "Coffee", Color: "orange", Day: 11, Hour: 10, Minute: 30, Minutes: 30},
		seed{Title: "Conference", Color: "green", Day: 11},
	)
	return out
}

// pathOf strips the server's address from a URL of the page.
func pathOf(s *server, u string) string { return strings.TrimPrefix(u, s.URL) }
