package handlers

import (
	"context"
	"testing"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/recur"
)

// benchSeries are the series of BenchmarkMonthSeries: three daily and
// three weekly ones, endless, started two months before benchNow.
func benchSeries() []struct{ title, rule, start string } {
	return []struct{ title, rule, start string }{
		{"Stand-up", "FREQ=DAILY", "2025-04-01T09:00"},
		{"Walk the dog", "FREQ=DAILY", "2025-04-01T07:30"},
		{"Evening review", "FREQ=DAILY;INTERVAL=2", "2025-04-02T18:00"},
		{"Team sync", "FREQ=WEEKLY;BYDAY=MO,WE,FR", "2025-04-02T11:00"},
		{"Gym", "FREQ=WEEKLY;BYDAY=TU,TH", "2025-04-01T19:00"},
		{"Piano lesson", "FREQ=WEEKLY", "2025-04-05T10:00"},
	}
}

// BenchmarkMonthSeries compares the month fragment of a user with a few
// daily and weekly series with that of a user holding the same occurrences
// as single events (the same page), uncached (cache off: the range query,
// and for the series their expansion, on every request) and cached (every
// day a hit). The series/singles ratio per pair is the cost of recurrence
// (target ≤ 2×).
func BenchmarkMonthSeries(b *testing.B) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	window := [2]time.Time{benchNow.AddDate(0, -3, 0), benchNow.AddDate(0, 3, 0)}
	seedSeries := func(ctx context.Context, uid int64) {
		for _, s := range benchSeries() {
			start, err := calendar.ParseLocal(s.start, berlin)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := env.Store.CreateEvent(ctx, db.CreateEventParams{UserID: uid, Title: s.title, Color: "green",
				StartsAt: start, EndsAt: start.Add(45 * time.Minute), Rrule: s.rule, Tzid: berlin.String()}); err != nil {
				b.Fatal(err)
			}
		}
	}
	seedSingles := func(ctx context.Context, uid int64) {
		var rows []db.CreateEventsParams
		for _, s := range benchSeries() {
			start, _ := calendar.ParseLocal(s.start, berlin)
			rule, err := recur.Parse(s.rule)
			if err != nil {
				b.Fatal(err)
			}
			series, err := recur.NewSeries(rule, start, start.Add(45*time.Minute), false, berlin, nil)
			if err != nil {
				b.Fatal(err)
			}
			for _, o := range series.Between(window[0], window[1], 0) {
				rows = append(rows, db.CreateEventsParams{UserID: uid, Title: s.title, Color: "green", StartsAt: o.Start, EndsAt: o.End})
			}
		}
		if _, err := env.Store.CreateEvents(ctx, rows); err != nil {
			b.Fatal(err)
		}
	}
	for _, cached := range []bool{false, true} {
		for _, kind := range []string{"singles", "series"} {
			seed := seedSingles
			if kind == "series" {
				seed = seedSeries
			}
			name := kind + "/uncached"
			if cached {
				name = kind + "/cached"
			}
			b.Run(name, func(b *testing.B) {
				app, cookie := benchAppFor(b, cached, seed)
				body := servePage(b, app.Handler(), "/calendar?view=month&date=2025-06-10", "Cookie", cookie, "HX-Request", "true")
				b.ReportMetric(float64(countChips(body)), "chips")
			})
		}
	}
}

// countChips counts the plain event links of a body.
func countChips(body []byte) int {
	n := 0
	for i := 0; i+len(`class="ev `) <= len(body); i++ {
		if string(body[i:i+len(`class="ev `)]) == `class="ev ` {
			n++
		}
	}
	return n
}
