-- CalDAV (events/dav.go): collections, resource names and changes.

-- name: DavCalendars :many
-- The calendars user_id can read, as collections: the user's role, the
-- path segment a client chose (own calendars only; '' for none) and the
-- number of the last change (the sync token; 0 before any).
SELECT c.id, c.owner_id, c.name, c.color,
       (CASE WHEN c.owner_id = sqlc.arg(user_id) THEN 'owner' ELSE s.role END)::text AS role,
       COALESCE(dc.name, '')::text AS segment,
       COALESCE((SELECT max(ch.seq) FROM dav_changes ch WHERE ch.calendar_id = c.id), 0)::bigint AS seq
FROM calendars c
LEFT JOIN calendar_shares s ON s.calendar_id = c.id AND s.user_id = sqlc.arg(user_id)
LEFT JOIN dav_collections dc ON dc.calendar_id = c.id AND dc.owner_id = sqlc.arg(user_id)
WHERE c.owner_id = sqlc.arg(user_id) OR s.user_id IS NOT NULL
ORDER BY c.owner_id <> sqlc.arg(user_id), c.position, c.id;

-- name: DavSetCollectionName :exec
INSERT INTO dav_collections (calendar_id, owner_id, name) VALUES ($1, $2, $3);

-- name: DavCollectionNameTaken :one
SELECT EXISTS (SELECT 1 FROM dav_collections WHERE owner_id = $1 AND name = $2);

-- name: DavNames :many
-- The resources of a calendar: its single events and series, each with
-- its name.
SELECT e.id, COALESCE(o.name, 'event-' || e.id || '.ics')::text AS name
FROM events e
LEFT JOIN dav_objects o ON o.event_id = e.id
WHERE e.calendar_id = $1 AND e.series_id IS NULL
ORDER BY e.id;

-- name: DavFindName :one
-- The resource of a calendar named name, if any.
SELECT e.id
FROM events e
LEFT JOIN dav_objects o ON o.event_id = e.id
WHERE e.calendar_id = sqlc.arg(calendar_id) AND e.series_id IS NULL
  AND (o.name = sqlc.arg(name) OR (o.name IS NULL AND 'event-' || e.id || '.ics' = sqlc.arg(name)))
ORDER BY o.name IS NULL, e.id
LIMIT 1;

-- name: DavResourceRows :many
-- The rows of some resources of a calendar (a NULL ids: all of them),
-- each master then its overrides, with the UID each was stored with (''
-- for none) and the resource's name (on masters and single events).
SELECT sqlc.embed(e), COALESCE(u.uid, '')::text AS uid,
       COALESCE(o.name, 'event-' || e.id || '.ics')::text AS name
FROM events e
LEFT JOIN event_uids u ON u.event_id = e.id
LEFT JOIN dav_objects o ON o.event_id = e.id
WHERE e.calendar_id = sqlc.arg(calendar_id)
  AND (sqlc.narg(ids)::bigint[] IS NULL OR COALESCE(e.series_id, e.id) = ANY(sqlc.narg(ids)::bigint[]))
ORDER BY COALESCE(e.series_id, e.id), e.series_id IS NOT NULL, e.recurrence_id;

-- name: DavRangeIDs :many
-- The resources of a calendar that may have an occurrence in [from, to):
-- single events overlapping it, series begun before its end and not ended
-- before its start, and series with an override inside it.
SELECT DISTINCT COALESCE(e.series_id, e.id)::bigint AS id
FROM events e
WHERE e.calendar_id = sqlc.arg(calendar_id)
  AND e.starts_at < sqlc.arg(range_end)::timestamptz
  AND ((CASE WHEN e.rrule <> '' THEN COALESCE(e.until_at, 'infinity'::timestamptz) ELSE e.ends_at END) > sqlc.arg(range_start)::timestamptz
       OR (e.starts_at = e.ends_at AND e.starts_at >= sqlc.arg(range_start)::timestamptz));

-- name: DavSetName :exec
INSERT INTO dav_objects (event_id, name) VALUES ($1, $2)
ON CONFLICT (event_id) DO UPDATE SET name = EXCLUDED.name;

-- name: DavUIDOwner :one
-- The event an owner's UID belongs to.
SELECT event_id FROM event_uids WHERE user_id = $1 AND uid = $2;

-- name: DavChanges :many
-- What changed in a calendar after a sync token, oldest first.
SELECT seq, event_id, COALESCE(gone_name, '')::text AS gone_name
FROM dav_changes
WHERE calendar_id = sqlc.arg(calendar_id) AND seq > sqlc.arg(since)
ORDER BY seq
LIMIT sqlc.arg(max_rows);

-- name: DavDeleteOverrides :exec
DELETE FROM events WHERE series_id = $1;

-- name: DavDeleteEvent :exec
DELETE FROM events WHERE id = $1;

-- name: DavLockCalendar :one
-- Serialises writes to a calendar's resources (names are unique in it).
SELECT id FROM calendars WHERE id = $1 FOR NO KEY UPDATE;

-- name: PruneDavChanges :execrows
-- Deletes the changes made before sqlc.arg(before), keeping each calendar's
-- newest (its sync token), and every change of a deleted calendar; the
-- newest number pruned per calendar becomes its sync floor.
WITH gone AS (
    DELETE FROM dav_changes ch
    WHERE NOT EXISTS (SELECT 1 FROM calendars c WHERE c.id = ch.calendar_id)
       OR (ch.at < sqlc.arg(before)
           AND ch.seq < (SELECT max(m.seq) FROM dav_changes m WHERE m.calendar_id = ch.calendar_id))
    RETURNING ch.calendar_id, ch.seq
), floors AS (
    INSERT INTO dav_sync_floors (calendar_id, seq)
    SELECT g.calendar_id, max(g.seq) FROM gone g
    WHERE EXISTS (SELECT 1 FROM calendars c WHERE c.id = g.calendar_id)
    GROUP BY g.calendar_id
    ON CONFLICT (calendar_id) DO UPDATE SET seq = GREATEST(dav_sync_floors.seq, EXCLUDED.seq)
)
SELECT 1 FROM gone;

-- name: DavSyncFloor :one
-- The number below which calendar_id's sync tokens are refused (0: none).
SELECT COALESCE((SELECT seq FROM dav_sync_floors WHERE calendar_id = sqlc.arg(calendar_id)), 0)::bigint;
