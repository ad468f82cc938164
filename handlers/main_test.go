package handlers

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/assets"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// testServer is a real eventcal server on a loopback port.
type testServer struct {
	URL     string
	H       *Handler
	Log     *testsupport.LogBuffer // application log
	CacheLg *testsupport.LogBuffer // cache log (LOG_FILE)
}

// startServer runs a server with the package's database and Redis prefix.
// opts may adjust the dependencies (configuration, store, clients).
func startServer(t *testing.T, opts ...func(*Deps)) *testServer {
	t.Helper()
	manifest, err := assets.Load()
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{Log: &testsupport.LogBuffer{}, CacheLg: &testsupport.LogBuffer{}}
	logW, cacheW := ts.Log, ts.CacheLg
	deps := Deps{
		Config:     env.Config,
		Store:      env.Store,
		Redis:      env.Redis,
		SessRedis:  env.SessRedis,
		Log:        slog.New(slog.NewTextHandler(logW, &slog.HandlerOptions{Level: slog.LevelDebug})),
		CacheLog:   slog.New(slog.NewTextHandler(cacheW, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Assets:     manifest,
		BcryptCost: bcrypt.MinCost,
	}
	for _, o := range opts {
		o(&deps)
	}
	app, h := New(deps)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = app.Listener(ln) }()
	t.Cleanup(func() {
		h.StopStreams()
		_ = app.ShutdownWithTimeout(5 * time.Second)
	})
	ts.URL = "http://" + ln.Addr().String()
	ts.H = h
	return ts
}

// client is one browser: a cookie jar, no automatic redirects, and the
// CSRF token of the last page it loaded.
type client struct {
	t    *testing.T
	base string
	http *http.Client
	csrf string
}

func (ts *testServer) client(t *testing.T) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: ts.URL, http: &http.Client{
		Jar:     jar,
		Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}}
}

// response is a read response.
type response struct {
	*http.Response
	Body string
}

var metaCSRF = regexp.MustCompile(`<meta name="csrf-token" content="([^"]*)"`)

func (c *client) do(req *http.Request) *response {
	c.t.Helper()
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	r := &response{Response: res, Body: string(b)}
	if m := metaCSRF.FindStringSubmatch(r.Body); m != nil {
		c.csrf = m[1]
	}
	return r
}

// get loads a page; headers are name, value pairs.
func (c *client) get(path string, headers ...string) *response {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	setHeaders(req, headers)
	return c.do(req)
}

func setHeaders(req *http.Request, headers []string) {
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i] == "Host" {
			req.Host = headers[i+1]
			continue
		}
		req.Header.Set(headers[i], headers[i+1])
	}
}

// htmx loads a fragment the way htmx asks for it.
func (c *client) htmx(path string) *response {
	c.t.Helper()
	return c.get(path, "HX-Request", "true", "HX-Current-URL", c.base+"/")
}

// post submits a form with the current CSRF token (fetching a page first
// when the client has none).
func (c *client) post(path string, form url.Values, headers ...string) *response {
	c.t.Helper()
	if c.csrf == "" {
		c.get("/login")
	}
	if form == nil {
		form = url.Values{}
	}
	if !form.Has("_csrf") {
		form.Set("_csrf", c.csrf)
	}
	return c.send(http.MethodPost, path, form, headers...)
}

// send submits a form as is with any method.
func (c *client) send(method, path string, form url.Values, headers ...string) *response {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	return c.do(req)
}

// cookie returns the value of a cookie the client holds.
func (c *client) cookie(name string) string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// createUser stores a user directly.
func createUser(t *testing.T, username, password, tz string, admin bool) db.User {
	t.Helper()
	hash, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	u, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{
		Username: username, PasswordHash: string(hash), Timezone: tz, IsAdmin: admin,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// login signs the client in through the real form and fails the test otherwise.
func (c *client) login(username, password string) {
	c.t.Helper()
	c.get("/login")
	r := c.post("/login", url.Values{"username": {username}, "password": {password}})
	if r.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login as %s: status %d, body %s", username, r.StatusCode, r.Body)
	}
}

// uniqueName makes a username unique within the package's database.
func uniqueName(t *testing.T) string {
	name := strings.NewReplacer("/", "_", " ", "_").Replace(strings.ToLower(t.Name()))
	if len(name) > 40 {
		name = name[len(name)-40:]
	}
	return name + "_" + time.Now().Format("150405.000000")
}
