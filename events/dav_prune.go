package events

import (
	"context"
	"time"
)

// DavChangesKept is how long CalDAV changes are kept for clients to sync;
// a client that last synced before that syncs afresh.
const DavChangesKept = 30 * 24 * time.Hour

// PruneDavChanges deletes the CalDAV changes made before before (each
// calendar keeps its newest, its current sync token) and those of deleted
// calendars. Tokens older than what was pruned are refused from then on.
func (s *Service) PruneDavChanges(ctx context.Context, before time.Time) (int64, error) {
	return s.store.PruneDavChanges(ctx, before)
}
