package db

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// EachEventInRange runs ListEventsInRange and hands fn each row as it is
// read, without collecting the rows into a slice first: a month of many
// shared calendars decodes every row once into one reused row. The row is
// only valid during the call: fn copies what it keeps. The columns are
// scanned in the order ListEventsInRange scans them (a test holds the two
// to the same rows).
func (q *Queries) EachEventInRange(ctx context.Context, arg ListEventsInRangeParams, fn func(*ListEventsInRangeRow)) error {
	rows, err := q.db.Query(ctx, listEventsInRange, arg.UserID, arg.ToTime, arg.FromTime)
	if err != nil {
		return err
	}
	return eachRangeRow(rows, fn)
}

// eachRangeRow hands fn each row of rows (ListEventsInRange's columns, or
// ListUpcomingEvents', which are the same) decoded into one reused row, and
// closes rows.
func eachRangeRow(rows pgx.Rows, fn func(*ListEventsInRangeRow)) error {
	defer rows.Close()
	var i ListEventsInRangeRow
	dest := []any{
		&i.Event.ID,
		&i.Event.UserID,
		&i.Event.Title,
		&i.Event.Description,
		&i.Event.Location,
		&i.Event.StartsAt,
		&i.Event.EndsAt,
		&i.Event.AllDay,
		&i.Event.Color,
		&i.Event.CreatedAt,
		&i.Event.UpdatedAt,
		&i.Event.Rrule,
		&i.Event.Tzid,
		&i.Event.UntilAt,
		&i.Event.Exdates,
		&i.Event.SeriesID,
		&i.Event.RecurrenceID,
		&i.Event.CalendarID,
		&i.Overridden,
		&i.CalendarColor,
	}
	for rows.Next() {
		i = ListEventsInRangeRow{}
		if err := rows.Scan(dest...); err != nil {
			return err
		}
		fn(&i)
	}
	return rows.Err()
}
