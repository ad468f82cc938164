package handlers

import (
	"context"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/eventcal/eventcal/db"
)

// benchCalendarEvents is one calendar's events for BenchmarkMonthCalendars:
// n events of an owner, every 17 hours from three months before benchNow.
func benchCalendarEvents(owner int64, n int) []db.CreateEventsParams {
	rows := make([]db.CreateEventsParams, n)
	start := benchNow.AddDate(0, -3, 0)
	for i := range rows {
		at := start.Add(time.Duration(i*17) * time.Hour)
		rows[i] = db.CreateEventsParams{UserID: owner, Title: "Event " + strconv.Itoa(i), Color: "green", StartsAt: at, EndsAt: at.Add(time.Hour)}
	}
	return rows
}

// BenchmarkMonthCalendars compares the month fragment of a user whose
// events are in one calendar of their own (the same number of events, or
// only 500 as `make bench` measures: "one500") with that of a user who
// reads 20 calendars of 500 events each, shared with them by 20 owners, one
// of the calendars also shared with 49 more users (issue 18: within 2× of
// one calendar of 500, ≤ 2 SQL on a miss). cpu-µs/op is the process's CPU
// time per request (Postgres and Redis not counted).
func BenchmarkMonthCalendars(b *testing.B) {
	const calendars, perCalendar, audience = 20, 500, 50
	seedOne := func(ctx context.Context, uid int64) { // the same events, in one calendar
		for range calendars {
			if _, err := env.Store.CreateEvents(ctx, benchCalendarEvents(uid, perCalendar)); err != nil {
				b.Fatal(err)
			}
		}
	}
	seedOne500 := func(ctx context.Context, uid int64) {
		if _, err := env.Store.CreateEvents(ctx, benchCalendarEvents(uid, perCalendar)); err != nil {
			b.Fatal(err)
		}
	}
	seedShared := func(ctx context.Context, uid int64) {
		var first int64
		for i := range calendars {
			owner := createBenchUser(b, ctx)
			if _, err := env.Store.CreateEvents(ctx, benchCalendarEvents(owner.ID, perCalendar)); err != nil {
				b.Fatal(err)
			}
			cal, err := env.Store.FirstOwnCalendar(ctx, owner.ID)
			if err != nil {
				b.Fatal(err)
			}
			if err := env.Store.UpsertShare(ctx, db.UpsertShareParams{CalendarID: cal, UserID: uid, Role: "view"}); err != nil {
				b.Fatal(err)
			}
			if i == 0 {
				first = cal
			}
		}
		for range audience - 1 {
			other := createBenchUser(b, ctx)
			if err := env.Store.UpsertShare(ctx, db.UpsertShareParams{CalendarID: first, UserID: other.ID, Role: "view"}); err != nil {
				b.Fatal(err)
			}
		}
	}
	for _, cached := range []bool{false, true} {
		for _, kind := range []string{"one500", "one", "shared"} {
			seed := map[string]func(context.Context, int64){"one500": seedOne500, "one": seedOne, "shared": seedShared}[kind]
			name := kind + "/uncached"
			if cached {
				name = kind + "/cached"
			}
			b.Run(name, func(b *testing.B) { benchMonth(b, cached, seed) })
		}
	}
}

// processCPU is the CPU time (user and system) the process has used so far.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// createBenchUser stores a user with a unique name.
func createBenchUser(b *testing.B, ctx context.Context) db.User {
	u, err := env.Store.CreateUser(ctx, db.CreateUserParams{
		Username: "owner" + strconv.FormatInt(time.Now().UnixNano(), 36), PasswordHash: "x", Timezone: "UTC"})
	if err != nil {
		b.Fatal(err)
	}
	return u
}

// benchMonth serves the June month fragment to a user seeded by seed, and
// reports its size and chips.
func benchMonth(b *testing.B, cached bool, seed func(context.Context, int64)) {
	app, cookie := benchAppFor(b, cached, seed)
	body := servePage(b, app.Handler(), "/calendar?view=month&date=2025-06-10", "Cookie", cookie, "HX-Request", "true")
	b.ReportMetric(float64(countChips(body)), "chips")
}
