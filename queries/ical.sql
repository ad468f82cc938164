-- Calendar interoperability: export, import and the subscription feed
-- (handlers/ical_export.go, ical_import.go, feed.go).

-- name: ListEventsForExport :many
-- Every event of a user's visible calendars, own and shared (single
-- events, series masters and their overrides) with the UID it was imported
-- with ('' for none): masters and single events by start, each series'
-- overrides after them.
SELECT sqlc.embed(e), COALESCE(u.uid, '')::text AS uid
FROM events e
LEFT JOIN event_uids u ON u.event_id = e.id
WHERE e.id IN (
    SELECT i.id FROM events i WHERE i.user_id = sqlc.arg(user_id)
    UNION ALL
    SELECT i.id FROM events i WHERE i.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id))))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = e.calendar_id AND NOT v.visible)
ORDER BY e.series_id IS NOT NULL, e.starts_at, e.id;

-- name: GetEventForExport :many
-- One event of a user with its whole series: the master named by id (or
-- the master of the override named by id) and the master's overrides.
-- Nothing when the event is not the user's.
WITH root AS (
    SELECT COALESCE(r.series_id, r.id) AS id
    FROM events r
    WHERE r.id = sqlc.arg(id) AND r.user_id = sqlc.arg(user_id)
)
SELECT sqlc.embed(e), COALESCE(u.uid, '')::text AS uid
FROM root
JOIN events e ON e.id = root.id OR e.series_id = root.id
LEFT JOIN event_uids u ON u.event_id = e.id
WHERE (e.user_id = sqlc.arg(user_id) OR e.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id))))
ORDER BY e.series_id IS NOT NULL, e.recurrence_id, e.id;

-- name: CountUserEventsUpTo :one
-- How many events (rows: single events, series, overrides) a user has,
-- counting at most max_rows.
SELECT count(*) FROM (
  SELECT 1 FROM events WHERE user_id = sqlc.arg(user_id) LIMIT sqlc.arg(max_rows)
) AS e;

-- name: LockUserForImport :one
-- Serialises a user's imports (not their other writes: inserting events
-- only takes KEY SHARE on the user).
SELECT id FROM users WHERE id = $1 FOR NO KEY UPDATE;

-- name: ImportFindUIDs :many
-- The user's events imported earlier under any of uids.
SELECT uid, event_id FROM event_uids
WHERE user_id = sqlc.arg(user_id) AND uid = ANY(sqlc.arg(uids)::text[]);

-- name: ImportFindOwnEvents :many
-- Which of ids are the user's events (not overrides) that have no imported
-- UID: eventcal's own exports name them event-<id>@eventcal.
SELECT e.id FROM events e
WHERE (e.user_id = sqlc.arg(user_id) OR e.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id))))
  AND e.id = ANY(sqlc.arg(ids)::bigint[])
  AND e.series_id IS NULL
  AND NOT EXISTS (SELECT 1 FROM event_uids u WHERE u.event_id = e.id);

-- name: ImportInsertEvent :batchone
INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color,
                    rrule, tzid, until_at, exdates, series_id, recurrence_id)
VALUES (sqlc.arg(user_id), sqlc.arg(title), sqlc.arg(description), sqlc.arg(location),
        sqlc.arg(starts_at), sqlc.arg(ends_at), sqlc.arg(all_day), sqlc.arg(color),
        sqlc.arg(rrule), sqlc.arg(tzid), sqlc.narg(until_at),
        COALESCE(sqlc.narg(exdates)::timestamptz[], '{}'),
        sqlc.narg(series_id), sqlc.narg(recurrence_id))
RETURNING id;

-- name: ImportUpdateEvent :batchexec
-- Rewrites an event imported again (same UID); its overrides are replaced
-- separately (ImportDeleteOverrides).
UPDATE events
SET title = sqlc.arg(title), description = sqlc.arg(description), location = sqlc.arg(location),
    starts_at = sqlc.arg(starts_at), ends_at = sqlc.arg(ends_at), all_day = sqlc.arg(all_day),
    color = sqlc.arg(color), rrule = sqlc.arg(rrule), tzid = sqlc.arg(tzid),
    until_at = sqlc.narg(until_at), exdates = COALESCE(sqlc.narg(exdates)::timestamptz[], '{}'),
    updated_at = now()
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id) AND series_id IS NULL;

-- name: ImportDeleteOverrides :batchexec
DELETE FROM events WHERE series_id = sqlc.arg(series_id) AND user_id = sqlc.arg(user_id);

-- name: ImportSetUID :batchexec
INSERT INTO event_uids (event_id, user_id, uid)
VALUES (sqlc.arg(event_id), sqlc.arg(user_id), sqlc.arg(uid))
ON CONFLICT (event_id) DO UPDATE SET uid = EXCLUDED.uid;

-- name: GetFeedToken :one
-- When the user's feed URL was made (no row: the feed is off).
SELECT created_at FROM feed_tokens WHERE user_id = $1;

-- name: SetFeedToken :exec
-- Turns the feed on with a new token (hash), replacing the old one.
INSERT INTO feed_tokens (user_id, token_hash) VALUES ($1, $2)
ON CONFLICT (user_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now();

-- name: DeleteFeedToken :exec
DELETE FROM feed_tokens WHERE user_id = $1;

-- name: GetFeedOwner :one
-- The active user whose feed token hashes to token_hash.
SELECT u.id, u.username, u.timezone
FROM feed_tokens f
JOIN users u ON u.id = f.user_id
WHERE f.token_hash = $1 AND u.is_active;

-- name: ListCalendarEventsForExport :many
-- Every event of one calendar, as ListEventsForExport lists a user's.
SELECT sqlc.embed(e), COALESCE(u.uid, '')::text AS uid
FROM events e
LEFT JOIN event_uids u ON u.event_id = e.id
WHERE e.calendar_id = $1
ORDER BY e.series_id IS NOT NULL, e.starts_at, e.id;
