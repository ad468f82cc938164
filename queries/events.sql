-- name: CreateEvent :one
-- A single event, a series' master (rrule, tzid, until_at, exdates) or an
-- override (series_id, recurrence_id). A NULL exdates is none.
-- A NULL calendar_id is the series' calendar, or the owner's first.
INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color,
                    rrule, tzid, until_at, exdates, series_id, recurrence_id, calendar_id)
VALUES (sqlc.arg(user_id), sqlc.arg(title), sqlc.arg(description), sqlc.arg(location),
        sqlc.arg(starts_at), sqlc.arg(ends_at), sqlc.arg(all_day), sqlc.arg(color),
        sqlc.arg(rrule), sqlc.arg(tzid), sqlc.narg(until_at),
        COALESCE(sqlc.narg(exdates)::timestamptz[], '{}'),
        sqlc.narg(series_id), sqlc.narg(recurrence_id), sqlc.narg(calendar_id))
RETURNING *;

-- name: GetEvent :one
SELECT * FROM events WHERE id = $1 AND user_id = $2;

-- name: GetEventWithOverrides :one
-- One event the user may read (theirs, or in a calendar shared with them)
-- and, for a series' master, its override rows: their recurrence ids and
-- ids, in the same order; and its reminders (minutes, ascending).
SELECT sqlc.embed(e),
       ARRAY(SELECT o.recurrence_id FROM events o
             WHERE e.rrule <> '' AND o.series_id = e.id
             ORDER BY o.recurrence_id)::timestamptz[] AS override_rids,
       ARRAY(SELECT o.id FROM events o
             WHERE e.rrule <> '' AND o.series_id = e.id
             ORDER BY o.recurrence_id)::bigint[] AS override_ids,
       ARRAY(SELECT r.minutes FROM event_reminders r
             WHERE r.event_id = e.id
             ORDER BY r.minutes)::int[] AS reminders
FROM events e
WHERE e.id = sqlc.arg(id)
  AND (e.user_id = sqlc.arg(user_id)
       OR EXISTS (SELECT 1 FROM calendar_shares cs WHERE cs.calendar_id = e.calendar_id AND cs.user_id = sqlc.arg(user_id)));

-- name: GetEventByID :one
-- Any user's event: the service decides who may see it (events.authorize).
SELECT * FROM events WHERE id = $1;

-- name: GetEventForUpdate :one
SELECT * FROM events WHERE id = $1 AND user_id = $2 FOR UPDATE;

-- name: ListOverridesForUpdate :many
-- The override rows of a series, locked, by recurrence id.
SELECT * FROM events WHERE series_id = $1 ORDER BY recurrence_id FOR UPDATE;

-- name: UpdateEvent :one
-- Rewrites every column an edit may change (a NULL exdates is none, a
-- NULL calendar_id keeps the calendar).
UPDATE events
SET calendar_id = COALESCE(sqlc.narg(calendar_id), calendar_id), title = sqlc.arg(title), description = sqlc.arg(description), location = sqlc.arg(location),
    starts_at = sqlc.arg(starts_at), ends_at = sqlc.arg(ends_at), all_day = sqlc.arg(all_day),
    color = sqlc.arg(color), rrule = sqlc.arg(rrule), tzid = sqlc.arg(tzid),
    until_at = sqlc.narg(until_at), exdates = COALESCE(sqlc.narg(exdates)::timestamptz[], '{}'),
    updated_at = now()
WHERE id = sqlc.arg(id) AND user_id = sqlc.arg(user_id)
RETURNING *;

-- name: MoveOverride :exec
-- Moves an override row to another series (a split) or another recurrence
-- id (a moved series).
UPDATE events
SET series_id = sqlc.arg(series_id), recurrence_id = sqlc.arg(recurrence_id), updated_at = now()
WHERE id = sqlc.arg(id);

-- name: MoveOverridesToCalendar :exec
-- A series' override rows follow their master into its calendar.
UPDATE events SET calendar_id = sqlc.arg(calendar_id) WHERE series_id = sqlc.arg(series_id);

-- name: DeleteEvent :one
DELETE FROM events WHERE id = $1 AND user_id = $2
RETURNING *;

-- name: ListEventsInRange :many
-- Events of one user's visible calendars overlapping [from, to) (a
-- zero-length event at from counts): single events and overrides by their
-- own times, and the series masters whose [starts_at, until_at or ∞)
-- overlaps the range, each with the recurrence ids of all its overrides
-- (wherever they moved) so that the caller can expand it with recur
-- without another query, and the colour of its calendar (for an event
-- without one of its own); a single event has no recurrence ids (NULL, so
-- nothing is decoded for them). Each part is read twice, from the user's own
-- calendars (by user_id) and from those shared with them (by calendar_id),
-- so that each reads its own index and the user's cost never grows with
-- other users' events.
SELECT sqlc.embed(s), NULL::timestamptz[] AS overridden,
       (SELECT c.color FROM calendars c WHERE c.id = s.calendar_id) AS calendar_color
FROM events s
WHERE s.user_id = sqlc.arg(user_id)
  AND s.rrule = ''
  AND s.starts_at < sqlc.arg(to_time)
  AND (s.ends_at > sqlc.arg(from_time) OR s.starts_at >= sqlc.arg(from_time))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = s.calendar_id AND NOT v.visible)
UNION ALL
SELECT sqlc.embed(s), NULL::timestamptz[] AS overridden,
       (SELECT c.color FROM calendars c WHERE c.id = s.calendar_id) AS calendar_color
FROM events s
WHERE s.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id)))
  AND s.rrule = ''
  AND s.starts_at < sqlc.arg(to_time)
  AND (s.ends_at > sqlc.arg(from_time) OR s.starts_at >= sqlc.arg(from_time))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = s.calendar_id AND NOT v.visible)
UNION ALL
SELECT sqlc.embed(m),
       ARRAY(SELECT o.recurrence_id FROM events o WHERE o.series_id = m.id)::timestamptz[],
       (SELECT c.color FROM calendars c WHERE c.id = m.calendar_id)
FROM events m
WHERE m.user_id = sqlc.arg(user_id)
  AND m.rrule <> ''
  AND m.starts_at < sqlc.arg(to_time)
  AND (m.until_at IS NULL OR m.until_at >= sqlc.arg(from_time))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = m.calendar_id AND NOT v.visible)
UNION ALL
SELECT sqlc.embed(m),
       ARRAY(SELECT o.recurrence_id FROM events o WHERE o.series_id = m.id)::timestamptz[],
       (SELECT c.color FROM calendars c WHERE c.id = m.calendar_id)
FROM events m
WHERE m.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id)))
  AND m.rrule <> ''
  AND m.starts_at < sqlc.arg(to_time)
  AND (m.until_at IS NULL OR m.until_at >= sqlc.arg(from_time))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = m.calendar_id AND NOT v.visible)
ORDER BY all_day DESC, starts_at, id;

-- name: ListUpcomingEvents :many
-- The first max_rows single events and overrides in progress or starting
-- before until_time (of the own and of the shared calendars each; the
-- caller merges them), and every series master that may have an
-- occurrence then, with its overrides' recurrence ids (see
-- ListEventsInRange). The shared part orders by an expression no index
-- provides: ordered by starts_at, a plan for the LIMIT (a generic one above
-- all, after five runs of the prepared statement) walked every user's
-- events by start instead of the shared calendars' index.
(SELECT sqlc.embed(s), '{}'::timestamptz[] AS overridden,
       (SELECT c.color FROM calendars c WHERE c.id = s.calendar_id) AS calendar_color
 FROM events s
 WHERE s.user_id = sqlc.arg(user_id)
   AND s.rrule = ''
   AND s.ends_at >= sqlc.arg(now_time)
   AND s.starts_at < sqlc.arg(until_time)
   AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = s.calendar_id AND NOT v.visible)
 ORDER BY s.starts_at, s.id
 LIMIT sqlc.arg(max_rows))
UNION ALL
(SELECT sqlc.embed(s), '{}'::timestamptz[] AS overridden,
       (SELECT c.color FROM calendars c WHERE c.id = s.calendar_id) AS calendar_color
 FROM events s
 WHERE s.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id)))
   AND s.rrule = ''
   AND s.ends_at >= sqlc.arg(now_time)
   AND s.starts_at < sqlc.arg(until_time)
   AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = s.calendar_id AND NOT v.visible)
 ORDER BY s.starts_at + interval '0 s', s.id
 LIMIT sqlc.arg(max_rows))
UNION ALL
(SELECT sqlc.embed(m),
        ARRAY(SELECT o.recurrence_id FROM events o WHERE o.series_id = m.id)::timestamptz[],
        (SELECT c.color FROM calendars c WHERE c.id = m.calendar_id)
 FROM events m
 WHERE m.user_id = sqlc.arg(user_id)
   AND m.rrule <> ''
   AND m.starts_at < sqlc.arg(until_time)
   AND (m.until_at IS NULL OR m.until_at >= sqlc.arg(now_time))
   AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = m.calendar_id AND NOT v.visible))
UNION ALL
(SELECT sqlc.embed(m),
        ARRAY(SELECT o.recurrence_id FROM events o WHERE o.series_id = m.id)::timestamptz[],
        (SELECT c.color FROM calendars c WHERE c.id = m.calendar_id)
 FROM events m
 WHERE m.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id)))
   AND m.rrule <> ''
   AND m.starts_at < sqlc.arg(until_time)
   AND (m.until_at IS NULL OR m.until_at >= sqlc.arg(now_time))
   AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = m.calendar_id AND NOT v.visible));

-- name: CountUserEvents :one
SELECT count(*) FROM events WHERE user_id = $1;

-- name: CreateEvents :copyfrom
INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
