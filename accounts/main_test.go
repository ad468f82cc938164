package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/testsupport"
)

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

const goodPassword = "violet tractor umbrella sings"

// newService is a service on the package's database, with its own Redis
// namespace so that throttles and sessions of one test never meet another's.
func newService(t *testing.T) *Service {
	t.Helper()
	c := cache.New(env.Redis, cache.Config{TTL: time.Minute, Prefix: env.Prefix + rand.Text()[:8] + ":", Enabled: true}, nil, nil)
	return New(Deps{Store: env.Store, Cache: c, Redis: env.Redis, SessRedis: env.SessRedis, BcryptCost: bcrypt.MinCost,
		Limits: Limits{RegisterIPMax: 1 << 20, RegisterGlobalMax: 1 << 20}})
}

// newUser registers a user with goodPassword; name gets a random suffix.
func newUser(t *testing.T, s *Service, name string) db.User {
	t.Helper()
	u, err := s.Register(context.Background(), Registration{
		Username: name + "_" + rand.Text()[:6], Password: goodPassword, Confirm: goodPassword, Timezone: "UTC",
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// trackSessions records n sessions of uid and returns their ids.
func trackSessions(t *testing.T, s *Service, uid int64, n int) []string {
	t.Helper()
	var ids []string
	for range n {
		id := rand.Text()
		if err := env.SessRedis.Set(context.Background(), s.cache.SessionKey(id), "x", time.Minute).Err(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.trackSession(context.Background(), uid, id); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// liveSessions reports which of ids still exist.
func liveSessions(t *testing.T, s *Service, ids []string) []bool {
	t.Helper()
	out := make([]bool, len(ids))
	for i, id := range ids {
		n, err := env.SessRedis.Exists(context.Background(), s.cache.SessionKey(id)).Result()
		if err != nil {
			t.Fatal(err)
		}
		out[i] = n == 1
	}
	return out
}

// cacheDropped fills uid's upcoming list, runs drop, and reports whether
// the next read loads again (the user's cache was dropped).
func cacheDropped(t *testing.T, s *Service, uid int64, drop func()) bool {
	t.Helper()
	ctx := context.Background()
	loads := 0
	load := func(context.Context) ([]db.Event, error) { loads++; return nil, nil }
	for range 2 {
		if _, err := s.cache.Upcoming(ctx, uid, load); err != nil {
			t.Fatal(err)
		}
	}
	if loads > 1 {
		t.Fatalf("upcoming loaded %d times before, want a hit", loads)
	}
	loads = 1
	drop()
	if _, err := s.cache.Upcoming(ctx, uid, load); err != nil {
		t.Fatal(err)
	}
	return loads == 2
}

// fieldErrors returns err's FieldErrors, failing the test without them.
func fieldErrors(t *testing.T, err error) FieldErrors {
	t.Helper()
	var fe FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("got %v, want FieldErrors", err)
	}
	return fe
}
