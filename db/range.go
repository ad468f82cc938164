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
//
// Rows are decoded from their wire bytes by rangeDecoder (range_decode.go)
// when the columns have the types and formats it knows; a row it does not
// take (a series master with exdates or overrides, a NULL where a value
// is expected, a time outside years 1–9999) is scanned by pgx like any
// other query, so either way the values are the ones ListEventsInRange
// returns. The strings of a decoded row share one allocation made for that
// row alone, as pgx's are each their own: a copy of the row that fn keeps
// (strings, slices and pointers) stays as it was.
func (q *Queries) EachEventInRange(ctx context.Context, arg ListEventsInRangeParams, fn func(*ListEventsInRangeRow)) error {
	_, _, err := q.eachEventInRange(ctx, arg, true, fn)
	return err
}

// eachEventInRange is EachEventInRange, scanning every row with pgx when
// decode is false; it counts the rows decoded and those scanned.
func (q *Queries) eachEventInRange(ctx context.Context, arg ListEventsInRangeParams, decode bool, fn func(*ListEventsInRangeRow)) (decoded, scanned int, err error) {
	rows, err := q.db.Query(ctx, listEventsInRange, arg.UserID, arg.ToTime, arg.FromTime)
	if err != nil {
		return 0, 0, err
	}
	return eachRangeRow(rows, decode, fn)
}

// eachRangeRow hands fn each row of rows (ListEventsInRange's columns, or
// ListUpcomingEvents', which are the same) decoded into one reused row, and
// closes rows; decode and the counts are eachEventInRange's.
func eachRangeRow(rows pgx.Rows, decode bool, fn func(*ListEventsInRangeRow)) (decoded, scanned int, err error) {
	defer rows.Close()
	var i ListEventsInRangeRow
	dest := rangeRowDest(&i)
	var d *rangeDecoder // planned at the first row, from its field descriptions
	for rows.Next() {
		if d == nil {
			d = newRangeDecoder(rows, decode)
		}
		i = ListEventsInRangeRow{}
		if d.decode(rows.RawValues(), &i) {
			decoded++
		} else {
			i = ListEventsInRangeRow{}
			if err := rows.Scan(dest...); err != nil {
				return decoded, scanned, err
			}
			scanned++
		}
		fn(&i)
	}
	return decoded, scanned, rows.Err()
}

// rangeRowDest is what ListEventsInRange scans a row into, in its order.
func rangeRowDest(i *ListEventsInRangeRow) []any {
	return []any{
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
}
