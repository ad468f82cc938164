package events_test

import (
	"context"
	"crypto/rand"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the test zones, whatever the machine has

	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/testsupport"
)

// The service against real Postgres and Redis, without HTTP: each test
// package has its own database and Redis key prefix (testsupport).

var env *testsupport.Env

func TestMain(m *testing.M) { os.Exit(testsupport.Main(m, &env)) }

// now is the tests' clock, the calendar tests' one: Tuesday 10 June 2025,
// 12:00 UTC (14:00 in Berlin).
var now = time.Date(2025, time.June, 10, 12, 0, 0, 0, time.UTC)

// fixture is a service with its own cache namespace and a user in
// Europe/Berlin.
type fixture struct {
	svc   *events.Service
	cache *cache.Cache
	user  db.User
	o     events.Owner
}

// newFixture builds a real service over the package's database and an
// enabled cache under a fresh sub-prefix of the package's Redis prefix, and
// stores a user in Europe/Berlin.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	prefix := env.Prefix + strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()) + "_" + rand.Text()[:8] + ":"
	c := cache.New(env.Redis, cache.Config{TTL: time.Minute, Prefix: prefix, Enabled: true, Timeout: 2 * time.Second},
		nil, prometheus.NewRegistry())
	zones := &calendar.Zones{}
	svc := events.New(events.Deps{Store: env.Store, Cache: c, Zones: zones, Now: func() time.Time { return now }})
	u := newUser(t, "Europe/Berlin")
	return &fixture{svc: svc, cache: c, user: u, o: ownerOf(u, zones)}
}

// newUser stores a user in zone tz with a unique name.
func newUser(t *testing.T, tz string) db.User {
	t.Helper()
	name := strings.ToLower(strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	u, err := env.Store.CreateUser(context.Background(), db.CreateUserParams{
		Username: name[max(0, len(name)-40):] + "_" + strings.ToLower(rand.Text()[:10]), PasswordHash: "x", Timezone: tz,
	})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// ownerOf is user u as a write's Owner, in u's zone.
func ownerOf(u db.User, zones *calendar.Zones) events.Owner {
	return events.Owner{ID: u.ID, Loc: zones.Load(u.Timezone), TZName: u.Timezone}
}

// berlin is Europe/Berlin.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// utc is 2025-mm-dd hh:mm UTC.
func utc(m time.Month, d, hh, mm int) time.Time { return time.Date(2025, m, d, hh, mm, 0, 0, time.UTC) }

// rid is the ?occ= of the occurrence whose recurrence id is 2025-mm-dd
// hh:mm UTC.
func rid(m time.Month, d, hh, mm int) string { return events.FormatOcc(utc(m, d, hh, mm)) }

// date is 2025-mm-dd.
func date(m time.Month, d int) calendar.Date { return calendar.MakeDate(2025, m, d) }

// form is a timed event's form in Berlin with a repeat rule ("" for none),
// as a browser posts it (the Repeat control present).
func form(title, start, end, rule string) events.Input {
	return events.Input{Title: title, Start: start, End: end, Color: "blue", Rrule: rule, RruleSet: true}
}

// allDayForm is form for an all-day event.
func allDayForm(title, first, last, rule string) events.Input {
	in := form(title, first, last, rule)
	in.AllDay = true
	return in
}

// values validates in in Berlin and fails the test on any message.
func values(t *testing.T, in events.Input) events.Values {
	t.Helper()
	v, errs := in.Validate(berlin)
	if len(errs) > 0 {
		t.Fatalf("Validate(%+v): %v", in, errs)
	}
	return v
}

// create stores a new event of the fixture's user from in.
func (f *fixture) create(t *testing.T, in events.Input) int64 {
	t.Helper()
	ev, err := f.svc.Create(context.Background(), f.o, values(t, in))
	if err != nil {
		t.Fatal(err)
	}
	return ev.ID
}

// update saves in to what ref names and fails the test on an error.
func (f *fixture) update(t *testing.T, ref events.Ref, in events.Input) events.Saved {
	t.Helper()
	saved, err := f.svc.Update(context.Background(), f.o, ref, values(t, in))
	if err != nil {
		t.Fatalf("Update(%+v): %v", ref, err)
	}
	return saved
}

// remove deletes what ref names and fails the test on an error.
func (f *fixture) remove(t *testing.T, ref events.Ref) {
	t.Helper()
	if err := f.svc.Delete(context.Background(), f.o, ref); err != nil {
		t.Fatalf("Delete(%+v): %v", ref, err)
	}
}

// standup creates "Standup": Tuesdays and Thursdays 09:00–09:30 in Berlin
// (07:00 UTC), six times from Tuesday 10 June 2025: 10, 12, 17, 19, 24 and
// 26 June.
func (f *fixture) standup(t *testing.T) int64 {
	t.Helper()
	return f.create(t, form("Standup", "2025-06-10T09:00", "2025-06-10T09:30", "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"))
}

// standupRIDs are the recurrence ids of the standup's occurrences.
var standupRIDs = []string{rid(6, 10, 7, 0), rid(6, 12, 7, 0), rid(6, 17, 7, 0), rid(6, 19, 7, 0), rid(6, 24, 7, 0), rid(6, 26, 7, 0)}

// stored reads an event row of the fixture's user, failing the test when
// there is none.
func (f *fixture) stored(t *testing.T, id int64) db.Event {
	t.Helper()
	ev, err := env.Store.GetEvent(context.Background(), db.GetEventParams{ID: id, UserID: f.user.ID})
	if err != nil {
		t.Fatalf("event %d: %v", id, err)
	}
	return ev
}

// gone reports whether the fixture's user has no event id.
func (f *fixture) gone(t *testing.T, id int64) bool {
	t.Helper()
	_, err := env.Store.GetEvent(context.Background(), db.GetEventParams{ID: id, UserID: f.user.ID})
	if err = db.NotFound(err); err != nil && !errors.Is(err, db.ErrNotFound) {
		t.Fatal(err)
	}
	return err != nil
}

// rows counts the fixture's user's event rows (masters, overrides, singles).
func (f *fixture) rows(t *testing.T) int64 {
	t.Helper()
	n, err := env.Store.CountUserEvents(context.Background(), f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// overrides lists a series' override rows, by recurrence id.
func overrides(t *testing.T, master int64) []db.Event {
	t.Helper()
	ctx := context.Background()
	var out []db.Event
	err := env.Store.InTx(ctx, func(q *db.Queries) error {
		var err error
		out, err = q.ListOverridesForUpdate(ctx, &master)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// times reports whether got holds exactly the instants want, in order.
func times(got []time.Time, want ...time.Time) bool {
	return slices.EqualFunc(got, want, time.Time.Equal)
}
