package events_test

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/eventcal/eventcal/cache"
	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
)

// TestUpcomingAndDays: the dashboard's read gives what Upcoming and Days
// give apart (own events, one that already ended, a series with a moved
// occurrence, a shared calendar's event), with the cache off and on; a
// miss of both runs two queries (one batch), a partial miss one, a hit
// none.
func TestUpcomingAndDays(t *testing.T) {
	ctx := context.Background()
	fam := newFamily(t)
	f := fam.viewer
	f.create(t, form("Ended", "2025-06-10T08:00", "2025-06-10T09:00", ""))
	f.create(t, form("Dentist", "2025-06-12T15:00", "2025-06-12T16:00", ""))
	f.create(t, allDayForm("Trip", "2025-06-20", "2025-06-22", ""))
	standup := f.standup(t)
	f.update(t, events.Ref{ID: standup, Occ: standupRIDs[2]}, form("Standup (late)", "2025-06-17T11:00", "2025-06-17T11:30", ""))
	shared := form("Grandma's birthday", "2025-06-14T15:00", "2025-06-14T18:00", "")
	shared.Calendar = itoa(fam.cal.ID)
	fam.owner.create(t, shared)

	off := events.New(events.Deps{Store: env.Store, Cache: cache.New(env.Redis, cache.Config{Prefix: env.Prefix + "off:"}, nil, prometheus.NewRegistry()),
		Zones: &calendar.Zones{}, Now: func() time.Time { return now }})
	wantUp, err := off.Upcoming(ctx, f.user.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantDays, err := off.Days(ctx, f.o, juneGrid)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantUp) != 8 || len(wantDays[date(6, 14)]) != 1 || len(wantDays[date(6, 10)]) != 2 {
		t.Fatalf("fixture: upcoming %v, 10 June %v, 14 June %v", items(wantUp), items(wantDays[date(6, 10)]), items(wantDays[date(6, 14)]))
	}
	read := func(svc *events.Service, what string, dates []calendar.Date, queries int64) {
		t.Helper()
		var n atomic.Int64
		up, days, err := svc.UpcomingAndDays(db.WithQueryCounter(ctx, &n), f.o, dates)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(items(up), items(wantUp)) {
			t.Errorf("%s: upcoming %v, want %v", what, items(up), items(wantUp))
		}
		if len(days) != len(dates) {
			t.Errorf("%s: %d days, want %d", what, len(days), len(dates))
		}
		for _, d := range dates {
			if !reflect.DeepEqual(items(days[d]), items(wantDays[d])) {
				t.Errorf("%s: %s %v, want %v", what, d, items(days[d]), items(wantDays[d]))
			}
		}
		if n.Load() != queries {
			t.Errorf("%s: %d queries, want %d", what, n.Load(), queries)
		}
	}
	read(off, "cache off", juneGrid, 2)
	read(f.svc, "both missed", juneGrid, 2)
	read(f.svc, "both cached", juneGrid, 0)
	read(f.svc, "new dates", span(date(7, 7), 7), 1)
	f.cache.DropUser(ctx, f.user.ID)
	if _, err := f.svc.Days(ctx, f.o, juneGrid); err != nil {
		t.Fatal(err)
	}
	read(f.svc, "upcoming missed", juneGrid, 1)
}
