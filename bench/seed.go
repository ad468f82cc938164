package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/eventcal/eventcal/db"
)

// Seeded accounts.
const (
	benchUser     = "bench"  // the measured user
	writerUser    = "writer" // the write mix's user, with the same events
	benchPassword = "bench-password-8472-quokka"
	benchTZ       = "Europe/Berlin"
)

// seedUser creates a user and their events with the real `eventcal seed`
// (which migrates first), and returns the user's id.
func (b *bench) seedUser(ctx context.Context, name string) (int64, error) {
	cmd := exec.CommandContext(ctx, b.bin, "seed", "--username", name, "--events", strconv.Itoa(b.o.userEvents), "--timezone", benchTZ)
	cmd.Dir = b.work
	cmd.Env = append(cleanEnv(), "DATABASE_URL="+b.dbURL, "REDIS_URL="+b.svc.redisURL, "REDIS_PREFIX="+b.o.prefix,
		"DEBUG=true", "LOG_LEVEL=info", "LOG_FILE="+b.work+"/seed.log", "EVENTCAL_PASSWORD="+benchPassword)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return 0, fmt.Errorf("eventcal seed: %w", err)
	}
	var id int64
	err := b.pool.QueryRow(ctx, "SELECT id FROM users WHERE username = $1", name).Scan(&id)
	return id, err
}

// seedOthers creates n users who cannot sign in ('!' is no password hash).
func (b *bench) seedOthers(ctx context.Context, n int) ([]int64, error) {
	rows, err := b.pool.Query(ctx, `INSERT INTO users (username, password_hash, timezone)
		SELECT 'other' || g, '!', 'UTC' FROM generate_series(1, $1::int) g RETURNING id`, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// otherTitles are what the other users keep: the measured user's kinds of
// events too, so search and range queries meet many look-alike rows.
var otherTitles = [...][2]string{
	{"Lunch with Sam", "Café Aroma"}, {"Team stand-up", "Video call"}, {"Dentist", "Smile Clinic"},
	{"Yoga class", "Studio 2"}, {"Project review", "Room 3.14"}, {"Book club", "Library"},
	{"Football practice", "Riverside pitch"}, {"Business lunch", "Trattoria Roma"}, {"Piano lesson", "Music school"},
	{"Sprint planning", "Room 3.14"}, {"Run 10k", "City park"}, {"Lunch & learn", "Auditorium"},
}

// seedOtherEvents COPYs n events spread round-robin over users and over
// the year around now (sqlc's CreateEvents :copyfrom).
func seedOtherEvents(ctx context.Context, pool *pgxpool.Pool, users []int64, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 7))
	now := time.Now().UTC().Truncate(time.Hour)
	rows := make([]db.CreateEventsParams, n)
	for i := range rows {
		t := otherTitles[r.IntN(len(otherTitles))]
		start := now.Add(time.Duration(r.IntN(365*24*4)-182*24*4) * 15 * time.Minute)
		rows[i] = db.CreateEventsParams{
			UserID: users[i%len(users)], Title: t[0], Location: t[1], Color: "blue",
			Description: "Notes for " + t[0] + ": agenda, people, what to bring.",
			StartsAt:    start, EndsAt: start.Add(time.Duration(15+15*r.IntN(8)) * time.Minute),
		}
	}
	got, err := db.New(pool).CreateEvents(ctx, rows)
	if err != nil {
		return err
	}
	if got != int64(n) {
		return fmt.Errorf("COPY stored %d of %d events", got, n)
	}
	_, err = pool.Exec(ctx, "ANALYZE events")
	return err
}
