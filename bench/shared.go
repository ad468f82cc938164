package main

import (
	"context"
	"fmt"
)

// The shared-calendars load (issue 18): a user who reads 20 calendars of
// 500 events each, all shared with them (one also with 49 other users),
// against the measured user's month of one calendar of 500 and against a
// user whose one own calendar holds the same 10 000 events: the first
// comparison is what the events cost, the second what calendars and
// sharing cost.
const (
	shareeUser        = "sharee"
	oneCalendarUser   = "onecal"
	sharedCalendars   = 20
	sharedPerCalendar = 500
	sharedAudience    = 50
)

// seedShared makes the sharee (without events of their own), 20 owners
// with 500 events each over the year around now, and shares each owner's
// calendar with the sharee, the first also with 49 of the other users.
func (b *bench) seedShared(ctx context.Context) error {
	sharee, err := b.seedUser(ctx, shareeUser)
	if err != nil {
		return err
	}
	if _, err := b.pool.Exec(ctx, `DELETE FROM events WHERE user_id = $1`, sharee); err != nil {
		return err
	}
	var owners []int64
	rows, err := b.pool.Query(ctx, `INSERT INTO users (username, password_hash, timezone)
		SELECT 'owner' || g, '!', 'UTC' FROM generate_series(1, $1::int) g RETURNING id`, sharedCalendars)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		owners = append(owners, id)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if err := seedOtherEvents(ctx, b.pool, owners, sharedCalendars*sharedPerCalendar, 3); err != nil {
		return err
	}
	// The same events (the same seed draws the same times and titles), in
	// one calendar of one user.
	one, err := b.seedUser(ctx, oneCalendarUser)
	if err != nil {
		return err
	}
	if _, err := b.pool.Exec(ctx, `DELETE FROM events WHERE user_id = $1`, one); err != nil {
		return err
	}
	if err := seedOtherEvents(ctx, b.pool, []int64{one}, sharedCalendars*sharedPerCalendar, 3); err != nil {
		return err
	}
	_, err = b.pool.Exec(ctx, `INSERT INTO calendar_shares (calendar_id, user_id, role)
		SELECT c.id, $1, 'view' FROM calendars c WHERE c.owner_id = ANY($2::bigint[])`, sharee, owners)
	if err != nil {
		return fmt.Errorf("share the calendars: %w", err)
	}
	if len(b.others) >= sharedAudience-1 {
		_, err = b.pool.Exec(ctx, `INSERT INTO calendar_shares (calendar_id, user_id, role)
			SELECT c.id, u, 'view' FROM calendars c, unnest($2::bigint[]) u WHERE c.owner_id = $1`,
			owners[0], b.others[:sharedAudience-1])
	}
	return err
}

// sharedLoads are the sharee's and the one-calendar user's month
// fragments with the cache on and off.
func (b *bench) sharedLoads(cached, nocache eventcalRun, month pageSpec) ([]namedLoad, error) {
	var loads []namedLoad
	for _, run := range []struct {
		mode string
		r    eventcalRun
	}{{"cache on", cached}, {"cache off", nocache}} {
		for _, u := range []struct{ name, page string }{{shareeUser, sharedPage}, {oneCalendarUser, oneCalendarPage}} {
			br, err := login(run.r.srv.url, u.name)
			if err != nil {
				return nil, err
			}
			loads = append(loads, namedLoad{name: run.mode + ": " + u.page, l: b.pageLoad(run.r.srv, br, month)})
		}
	}
	return loads, nil
}

// sharedPage and oneCalendarPage name the sharee's and the one-calendar
// user's months in the results.
var (
	sharedPage      = fmt.Sprintf("month fragment, %d shared calendars of %d", sharedCalendars, sharedPerCalendar)
	oneCalendarPage = fmt.Sprintf("month fragment, one calendar of %d", sharedCalendars*sharedPerCalendar)
)
