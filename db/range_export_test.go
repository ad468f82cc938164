package db

import "context"

// EachEventInRangeScanned is EachEventInRange with every row scanned by
// pgx, for comparisons.
func (q *Queries) EachEventInRangeScanned(ctx context.Context, arg ListEventsInRangeParams, fn func(*ListEventsInRangeRow)) error {
	_, _, err := q.eachEventInRange(ctx, arg, false, fn)
	return err
}

// EachEventInRangeCounted is EachEventInRange, also reporting how many rows
// were decoded from their bytes and how many scanned by pgx.
func (q *Queries) EachEventInRangeCounted(ctx context.Context, arg ListEventsInRangeParams, fn func(*ListEventsInRangeRow)) (decoded, scanned int, err error) {
	return q.eachEventInRange(ctx, arg, true, fn)
}
