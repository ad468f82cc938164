package dav_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/caldav"
	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/handlers"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// server is a running eventcal with its account service.
type server struct {
	URL      string
	accounts *accounts.Service
}

func startServer(t *testing.T) *server {
	t.Helper()
	manifest, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	app, _ := handlers.New(handlers.Deps{
		Config: env.Config, Store: env.Store, Redis: env.Redis, SessRedis: env.SessRedis,
		Log: log, Assets: manifest, BcryptCost: bcrypt.MinCost,
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	c := cache.New(env.Redis, cache.Config{Prefix: env.Config.RedisPrefix, Enabled: env.Config.CacheEnabled}, log, nil)
	acc := accounts.New(accounts.Deps{Store: env.Store, Cache: c, Redis: env.Redis, SessRedis: env.SessRedis, Log: log, BcryptCost: bcrypt.MinCost})
	return &server{URL: "http://" + ln.Addr().String(), accounts: acc}
}

// user is a signed-up user with an app password.
type user struct {
	db.User
	secret string
}

func (s *server) user(t *testing.T, name, tz string) user {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte("account password 1"), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{Username: name, PasswordHash: string(hash), Timezone: tz})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := s.accounts.CreateAppPassword(context.Background(), u.ID, "Phone")
	if err != nil {
		t.Fatal(err)
	}
	return user{User: u, secret: secret}
}

// client is go-webdav's CalDAV client signed in as u.
func (s *server) client(t *testing.T, u user) *caldav.Client {
	t.Helper()
	c, err := caldav.NewClient(webdav.HTTPClientWithBasicAuth(http.DefaultClient, u.Username, u.secret), s.URL+"/dav/")
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// do sends a raw request signed in as u and returns the status, headers and body.
func (s *server) do(t *testing.T, u user, method, path, body string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "" {
		req.SetBasicAuth(u.Username, u.secret)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	_, _ = io.Copy(&b, res.Body)
	return res.StatusCode, res.Header, b.String()
}

// firstCalendar is the path of u's Personal calendar as the client finds it.
func firstCalendar(t *testing.T, c *caldav.Client, u user) string {
	t.Helper()
	cals, err := c.FindCalendars(context.Background(), "/dav/calendars/"+u.Username+"/")
	if err != nil {
		t.Fatal(err)
	}
	if len(cals) == 0 {
		t.Fatal("no calendars")
	}
	return cals[0].Path
}

const vevent = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\nUID:%s\r\nDTSTAMP:20261201T100000Z\r\n" +
	"DTSTART:%s\r\nDTEND:%s\r\nSUMMARY:%s\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
