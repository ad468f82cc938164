package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/db"
)

// seed creates (or reuses) a demo user and gives them events spread over
// the year around today.
func (a *app) seed(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	username := fs.String("username", "demo", "username")
	n := fs.Int("events", 500, "number of events")
	tz := fs.String("timezone", "Europe/Berlin", "IANA time zone of the user")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	password := os.Getenv("EVENTCAL_PASSWORD")
	if password == "" {
		password = "demo-password-123"
	}
	loc, err := time.LoadLocation(*tz)
	if err != nil {
		return usageError("unknown time zone " + *tz)
	}
	if _, err := db.Migrate(ctx, a.pool); err != nil {
		return err
	}
	u, err := a.store.GetUserByLogin(ctx, *username)
	if err = db.NotFound(err); err == db.ErrNotFound {
		hash, herr := accounts.HashPassword(password, accounts.BcryptCost)
		if herr != nil {
			return herr
		}
		u, err = a.store.CreateUser(ctx, db.CreateUserParams{Username: *username, PasswordHash: hash, Timezone: *tz})
	}
	if err != nil {
		return err
	}
	rows := SeedEvents(u.ID, *n, time.Now(), loc, rand.New(rand.NewPCG(uint64(u.ID), 42)))
	count, err := a.store.CreateEvents(ctx, rows)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "user %q (id %d): added %d events; password from EVENTCAL_PASSWORD or the default demo-password-123\n", u.Username, u.ID, count)
	return nil
}

// SeedEvents makes n realistic events for one user over the year centred on now.
func SeedEvents(uid int64, n int, now time.Time, loc *time.Location, r *rand.Rand) []db.CreateEventsParams {
	// seedTitles are the kinds of things people keep in a calendar.
	seedTitles := [...]struct {
		title, location, color string
		minutes                int
	}{
		{"Team stand-up", "Video call", "blue", 15},
		{"Dentist", "Smile Clinic, High Street 4", "red", 45},
		{"Lunch with Sam", "Café Aroma", "green", 60},
		{"Yoga class", "Studio 2", "purple", 75},
		{"Project review", "Room 3.14", "blue", 90},
		{"Call mum", "", "orange", 30},
		{"Book club", "Library", "teal", 120},
		{"Football practice", "Riverside pitch", "green", 90},
		{"Haircut", "Barber on Main", "gray", 30},
		{"1:1 with manager", "Room 2.01", "blue", 30},
		{"Piano lesson", "Music school", "purple", 45},
		{"Grocery run", "Market", "orange", 45},
		{"Date night", "Trattoria Roma", "red", 150},
		{"Sprint planning", "Room 3.14", "blue", 120},
		{"Run 10k", "City park", "green", 60},
	}

	seedAllDay := [...]string{"Conference", "Holiday", "Family visit", "Hackathon", "Trip to the coast", "Public holiday"}

	out := make([]db.CreateEventsParams, 0, n)
	today := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	for i := 0; i < n; i++ {
		day := today.AddDate(0, 0, r.IntN(365)-182)
		if i%12 == 0 {
			t := seedAllDay[r.IntN(len(seedAllDay))]
			days := 1 + r.IntN(4)
			out = append(out, db.CreateEventsParams{
				UserID: uid, Title: t, Description: "All day: " + t, Color: "teal",
				StartsAt: day, EndsAt: day.AddDate(0, 0, days), AllDay: true,
			})
			continue
		}
		s := seedTitles[r.IntN(len(seedTitles))]
		start := day.Add(time.Duration(7*60+15*r.IntN(48)) * time.Minute)
		out = append(out, db.CreateEventsParams{
			UserID: uid, Title: s.title, Location: s.location, Color: s.color,
			Description: "Notes for " + s.title + ".",
			StartsAt:    start, EndsAt: start.Add(time.Duration(s.minutes) * time.Minute),
		})
	}
	return out
}
