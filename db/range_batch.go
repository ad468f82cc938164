package db

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// UpcomingAndRange runs ListUpcomingEvents and ListEventsInRange in one
// batch, one round trip for both (the dashboard's miss): the upcoming rows
// are returned, and fn gets each range row as EachEventInRange gives them.
// The two queries return the same columns.
func (q *Queries) UpcomingAndRange(ctx context.Context, up ListUpcomingEventsParams, rng ListEventsInRangeParams, fn func(*ListEventsInRangeRow)) ([]ListUpcomingEventsRow, error) {
	b := &pgx.Batch{}
	b.Queue(listUpcomingEvents, up.UserID, up.NowTime, up.UntilTime, up.MaxRows)
	b.Queue(listEventsInRange, rng.UserID, rng.ToTime, rng.FromTime)
	br := q.db.SendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	ups := make([]ListUpcomingEventsRow, 0, max(up.MaxRows, 0))
	_, _, err = eachRangeRow(rows, true, func(r *ListEventsInRangeRow) { ups = append(ups, ListUpcomingEventsRow(*r)) })
	if err != nil {
		return nil, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, err
	}
	if _, _, err := eachRangeRow(rows, true, fn); err != nil {
		return nil, err
	}
	return ups, br.Close()
}
