package handlers

import (
	"bytes"
	"context"
	"encoding/gob"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/eventcal/eventcal/accounts"
)

// signedInClient starts a client of ts signed in as a new user.
func signedInClient(t *testing.T, ts *testServer) (*client, int64) {
	t.Helper()
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "UTC", false)
	c := ts.client(t)
	c.login(name, goodPassword)
	return c, u.ID
}

// TestEndedSessionSignedOut: a session ended (EndSessions) between two
// requests is signed out on the next one, also when its value is still
// there (as a request in flight could have held it): the epoch read with
// it has moved. That request deletes it and drops its cookie.
func TestEndedSessionSignedOut(t *testing.T) {
	ctx := context.Background()
	ts := startServer(t, ownRedis(t))
	for _, valueBack := range []bool{false, true} {
		c, uid := signedInClient(t, ts)
		if r := c.get("/"); r.StatusCode != 200 {
			t.Fatalf("signed in: %d", r.StatusCode)
		}
		key := ts.H.cache.SessionKey(c.cookie("eventcal_session"))
		raw := env.SessRedis.Get(ctx, key).Val()
		if err := ts.H.accounts.EndSessions(ctx, uid, ""); err != nil {
			t.Fatal(err)
		}
		if valueBack {
			env.SessRedis.Set(ctx, key, raw, time.Hour)
		}
		if r := c.get("/"); r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Fatalf("after EndSessions (value back %v): %d %q", valueBack, r.StatusCode, r.Header.Get("Location"))
		}
		if env.SessRedis.Exists(ctx, key).Val() != 0 || (valueBack && c.cookie("eventcal_session") != "") {
			t.Fatalf("value back %v: the ended session's value or cookie survives", valueBack)
		}
	}
}

// TestMalformedSessionSignedOut: a session value that cannot be read signs
// the browser out (never a panic or a 500) and is deleted.
func TestMalformedSessionSignedOut(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	for _, v := range []string{"1|", "1|12|0|garbage", "", "not gob at all"} {
		c, _ := signedInClient(t, ts)
		id := c.cookie("eventcal_session")
		key := ts.H.cache.SessionKey(id)
		if err := env.SessRedis.Set(context.Background(), key, v, time.Hour).Err(); err != nil {
			t.Fatal(err)
		}
		if r := c.get("/"); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("session %q: %d", v, r.StatusCode)
		}
		if n := env.SessRedis.Exists(context.Background(), key).Val(); n != 0 {
			t.Fatalf("session %q: not deleted", v)
		}
	}
}

// storeOldSession stores data as the previous release did: a gob map.
func storeOldSession(t *testing.T, ts *testServer, id string, data map[string]any) {
	t.Helper()
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&data); err != nil {
		t.Fatal(err)
	}
	if err := env.SessRedis.Set(context.Background(), ts.H.cache.SessionKey(id), buf.Bytes(), time.Hour).Err(); err != nil {
		t.Fatal(err)
	}
}

// TestOldSessionRewritten: a gob session of the previous release loads,
// with its epoch checked, and is rewritten in the flat format on that
// request; ended, it is signed out like any other.
func TestOldSessionRewritten(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	u := createUser(t, name, goodPassword, "Europe/Berlin", true)
	now := time.Now()
	data := map[string]any{
		sessUserID: u.ID, sessUsername: name, sessAdmin: true, sessTimezone: "Europe/Berlin", sessWeekStart: int64(0),
		sessAuthAt: now.Unix(), sessSeenAt: now.Unix(), sessEpoch: int64(0), sessRemember: true,
		sessCSRF: "old-string-token", sessCSRFExpiry: now.Add(time.Hour).Unix(),
	}
	const id = "6f1d0c1e-2b7a-4c55-9d0e-3a8b2c1d4e5f"
	ctx := context.Background()
	storeOldSession(t, ts, id, data)
	if _, _, err := ts.H.accounts.StartSession(ctx, u, id); err != nil { // as the old sign-in did
		t.Fatal(err)
	}
	c := ts.client(t)
	c.setCookie("eventcal_session", id)
	c.setCookie("eventcal_csrf", "old-string-token")
	if r := c.get("/"); r.StatusCode != 200 || !strings.Contains(r.Body, name) || c.csrf != "old-string-token" {
		t.Fatalf("old session: %d, token %q", r.StatusCode, c.csrf)
	}
	s := sessionData(t, ts, id)
	want := accounts.Session{UserID: u.ID, AuthAt: now.Unix(), SeenAt: now.Unix(), WeekStart: 0, Admin: true,
		Remember: true, Username: name, TZName: "Europe/Berlin", CSRF: "old-string-token"}
	if s == nil || s.CSRFExpiry <= now.Unix() {
		t.Fatalf("not rewritten: %+v", s)
	}
	if s.CSRFExpiry = 0; *s != want {
		t.Fatalf("rewritten as %+v, want %+v", *s, want)
	}
	if ttl := env.SessRedis.PTTL(ctx, ts.H.cache.SessionKey(id)).Val(); ttl < 29*24*time.Hour {
		t.Fatalf("remembered session rewritten with TTL %v", ttl)
	}
	if err := ts.H.accounts.EndSessions(ctx, u.ID, ""); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("ended: %d", r.StatusCode)
	}
}

// roundTrips counts the commands (a pipeline is one) a go-redis client
// sends, by name.
type roundTrips struct {
	mu   sync.Mutex
	cmds []string
}

func (r *roundTrips) DialHook(next redis.DialHook) redis.DialHook { return next }
func (r *roundTrips) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		r.add(cmd.Name())
		return next(ctx, cmd)
	}
}
func (r *roundTrips) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []redis.Cmder) error {
		r.add("pipeline")
		return next(ctx, cmds)
	}
}
func (r *roundTrips) add(name string) { r.mu.Lock(); r.cmds = append(r.cmds, name); r.mu.Unlock() }

// take returns the commands counted so far and starts again.
func (r *roundTrips) take() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.cmds
	r.cmds = nil
	return out
}

// countedClient is a new client of c's database (at addr, when not empty)
// that counts its round trips.
func countedClient(t *testing.T, c *redis.Client, addr string) (*redis.Client, *roundTrips) {
	o := c.Options()
	if addr == "" {
		addr = o.Addr
	}
	rc := redis.NewClient(&redis.Options{Addr: addr, DB: o.DB, Username: o.Username, Password: o.Password, Protocol: o.Protocol})
	t.Cleanup(func() { _ = rc.Close() })
	rt := &roundTrips{}
	rc.AddHook(rt)
	return rc, rt
}

// TestSignedInPageRoundTrips: a signed-in GET of a cached page reads its
// session, the session's epoch and the rendered page in one command
// (EVALSHA of the read script) when the sessions live on the cache's
// server; when they live elsewhere, the page takes one more round trip.
func TestSignedInPageRoundTrips(t *testing.T) {
	host, port, _ := net.SplitHostPort(env.Redis.Options().Addr)
	other := "localhost:" + port // the same server by another name: taken as another server
	if host != "127.0.0.1" {
		other = "127.0.0.1:" + port
	}
	for _, tc := range []struct {
		name, sessAddr string
		cacheTrips     []string
	}{{"sessions beside the cache", "", nil}, {"sessions on another server", other, []string{"mget"}}} {
		t.Run(tc.name, func(t *testing.T) {
			cacheRC, cacheRT := countedClient(t, env.Redis, "")
			sessRC, sessRT := countedClient(t, env.SessRedis, tc.sessAddr)
			ts := startServer(t, ownRedis(t), func(d *Deps) { d.Redis, d.SessRedis = cacheRC, sessRC })
			c, _ := signedInClient(t, ts)
			const page = "/calendar?view=month&date=2025-06-10"
			for range 2 { // the first fills the cache (and loads the script)
				if r := c.get(page, "HX-Request", "true"); r.StatusCode != 200 {
					t.Fatalf("%s: %d", page, r.StatusCode)
				}
			}
			cacheRT.take()
			sessRT.take()
			for range 3 {
				r := c.get(page, "HX-Request", "true")
				if r.StatusCode != 200 || !strings.Contains(r.Body, "June 2025") {
					t.Fatalf("%s: %d %.200s", page, r.StatusCode, r.Body)
				}
				sess, cached := sessRT.take(), cacheRT.take()
				if !slices.Equal(sess, []string{"evalsha"}) || !slices.Equal(cached, tc.cacheTrips) {
					t.Fatalf("round trips: sessions %v, cache %v; want [evalsha], %v", sess, cached, tc.cacheTrips)
				}
			}
		})
	}
	sessRC, sessRT := countedClient(t, env.SessRedis, "")
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.SessRedis = sessRC })
	// A visitor without a session costs the sessions' database nothing.
	anon := ts.client(t)
	anon.get("/login")
	if got := sessRT.take(); len(got) != 0 {
		t.Fatalf("a stranger's page: %v", got)
	}
}
