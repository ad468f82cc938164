package db_test

import (
	"context"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventcal/eventcal/db"
)

// roundTrips counts what a pool sends: single queries and batches.
type roundTrips struct{ queries, batches, batched atomic.Int64 }

func (r *roundTrips) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	r.queries.Add(1)
	return ctx
}
func (r *roundTrips) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}
func (r *roundTrips) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	r.batches.Add(1)
	return ctx
}
func (r *roundTrips) TraceBatchQuery(context.Context, *pgx.Conn, pgx.TraceBatchQueryData) {
	r.batched.Add(1)
}
func (r *roundTrips) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

// TestUpcomingAndRange: the batch returns the rows the two queries return
// alone, in one batch of two queries; the package's Tracer counts both.
func TestUpcomingAndRange(t *testing.T) {
	ctx := context.Background()
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{Username: "batcher", PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 6, 2, 9, 0, 0, 0, time.UTC)
	until := at.AddDate(0, 0, 20)
	if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Standup", StartsAt: at, EndsAt: at.Add(15 * time.Minute),
		Rrule: "FREQ=DAILY", Tzid: "UTC", UntilAt: &until, Exdates: []time.Time{at.AddDate(0, 0, 1)}}); err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		s := at.AddDate(0, 0, 3*i).Add(2 * time.Hour)
		if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: u.ID, Title: "Single ✓", Location: "Room", StartsAt: s, EndsAt: s.Add(time.Hour), Color: "red"}); err != nil {
			t.Fatal(err)
		}
	}
	up := db.ListUpcomingEventsParams{UserID: u.ID, NowTime: at.AddDate(0, 0, 4), UntilTime: at.AddDate(0, 0, 34), MaxRows: 3}
	rng := db.ListEventsInRangeParams{UserID: u.ID, FromTime: at.AddDate(0, 0, -1), ToTime: at.AddDate(0, 0, 7)}
	wantUp, err := env.Store.ListUpcomingEvents(ctx, up)
	if err != nil {
		t.Fatal(err)
	}
	wantRange, err := env.Store.ListEventsInRange(ctx, rng)
	if err != nil {
		t.Fatal(err)
	}
	if len(wantUp) != 4 || len(wantRange) != 4 { // in each, three singles and the series
		t.Fatalf("fixture: %d upcoming rows, %d range rows", len(wantUp), len(wantRange))
	}

	cfg, err := pgxpool.ParseConfig(env.DatabaseURL)
	if err != nil {
		t.Fatal(err)
	}
	var trips roundTrips
	cfg.ConnConfig.Tracer = &trips
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	var gotRange []db.ListEventsInRangeRow
	gotUp, err := db.New(pool).UpcomingAndRange(ctx, up, rng, func(r *db.ListEventsInRangeRow) { gotRange = append(gotRange, *r) })
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotUp, wantUp) || !reflect.DeepEqual(gotRange, wantRange) {
		t.Errorf("batch:\n%+v\n%+v\nalone:\n%+v\n%+v", gotUp, gotRange, wantUp, wantRange)
	}
	if q, b, n := trips.queries.Load(), trips.batches.Load(), trips.batched.Load(); q != 0 || b != 1 || n != 2 {
		t.Errorf("%d queries and %d batches of %d queries, want one batch of 2", q, b, n)
	}

	var counted atomic.Int64
	if _, err := env.Store.UpcomingAndRange(db.WithQueryCounter(ctx, &counted), up, rng, func(*db.ListEventsInRangeRow) {}); err != nil {
		t.Fatal(err)
	}
	if counted.Load() != 2 {
		t.Errorf("Tracer counted %d queries in the batch, want 2", counted.Load())
	}
}
