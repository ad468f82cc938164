-- name: AdminListUsers :many
-- One page of users matching pattern (an ILIKE pattern; empty for all) on
-- username or email, sorted by sort_key (username, email, events, joined,
-- last_login; the handler whitelists it), then by id; total is the number
-- of matching users on every row (no row past the last page). Each row
-- counts the user's own calendars, the calendars shared with them and the
-- shares they gave (indexed subqueries, on the page's rows only).
SELECT u.id, u.username, u.email, u.is_admin, u.is_active, u.created_at, u.last_login_at,
       ec.n AS event_count,
       (SELECT count(*) FROM calendars c WHERE c.owner_id = u.id) AS own_calendars,
       (SELECT count(*) FROM calendar_shares s WHERE s.user_id = u.id) AS shared_calendars,
       (SELECT count(*) FROM calendar_shares s JOIN calendars c ON c.id = s.calendar_id
        WHERE c.owner_id = u.id) AS shares_given,
       count(*) OVER () AS total
FROM users u
CROSS JOIN LATERAL (SELECT count(*) AS n FROM events e WHERE e.user_id = u.id) ec
WHERE sqlc.arg(pattern)::text = ''
   OR u.username ILIKE sqlc.arg(pattern)::text ESCAPE '\'
   OR u.email ILIKE sqlc.arg(pattern)::text ESCAPE '\'
ORDER BY
    CASE WHEN sqlc.arg(sort_key)::text = 'username' AND NOT sqlc.arg(descending)::bool THEN lower(u.username) END ASC,
    CASE WHEN sqlc.arg(sort_key)::text = 'username' AND sqlc.arg(descending)::bool THEN lower(u.username) END DESC,
    CASE WHEN sqlc.arg(sort_key)::text = 'email' AND NOT sqlc.arg(descending)::bool THEN lower(u.email) END ASC,
    CASE WHEN sqlc.arg(sort_key)::text = 'email' AND sqlc.arg(descending)::bool THEN lower(u.email) END DESC,
    CASE WHEN sqlc.arg(sort_key)::text = 'events' AND NOT sqlc.arg(descending)::bool THEN ec.n END ASC,
    CASE WHEN sqlc.arg(sort_key)::text = 'events' AND sqlc.arg(descending)::bool THEN ec.n END DESC,
    CASE WHEN sqlc.arg(sort_key)::text = 'joined' AND NOT sqlc.arg(descending)::bool THEN u.created_at END ASC,
    CASE WHEN sqlc.arg(sort_key)::text = 'joined' AND sqlc.arg(descending)::bool THEN u.created_at END DESC,
    CASE WHEN sqlc.arg(sort_key)::text = 'last_login' AND NOT sqlc.arg(descending)::bool THEN u.last_login_at END ASC NULLS FIRST,
    CASE WHEN sqlc.arg(sort_key)::text = 'last_login' AND sqlc.arg(descending)::bool THEN u.last_login_at END DESC NULLS LAST,
    u.id
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip_rows);

-- name: AdminGetUserRow :one
-- One row of the users list.
SELECT u.id, u.username, u.email, u.is_admin, u.is_active, u.created_at, u.last_login_at,
       (SELECT count(*) FROM events e WHERE e.user_id = u.id) AS event_count,
       (SELECT count(*) FROM calendars c WHERE c.owner_id = u.id) AS own_calendars,
       (SELECT count(*) FROM calendar_shares s WHERE s.user_id = u.id) AS shared_calendars,
       (SELECT count(*) FROM calendar_shares s JOIN calendars c ON c.id = s.calendar_id
        WHERE c.owner_id = u.id) AS shares_given
FROM users u
WHERE u.id = $1;

-- name: AdminLockActiveAdmins :many
-- Locks every active admin (in id order, so concurrent admin changes queue
-- instead of deadlocking) and returns their ids: the last-admin rule reads
-- this under the lock.
SELECT id FROM users WHERE is_admin AND is_active ORDER BY id FOR UPDATE;

-- name: AdminGetUserForUpdate :one
SELECT * FROM users WHERE id = $1 FOR UPDATE;

-- name: AdminUserByUsername :one
SELECT * FROM users WHERE lower(username) = lower($1);

-- name: AdminDeleteUser :exec
-- Deletes a user; their events go with them (ON DELETE CASCADE).
DELETE FROM users WHERE id = $1;

-- name: AdminListEvents :many
-- One page of every user's events, newest first, filtered by owner (exact
-- username; empty for all), by days from_date..to_date (inclusive, in the
-- owner's zone; NULL for open) and by pattern (a lower-case LIKE pattern on
-- title, description or location; empty for all); total counts every
-- match (on each row; no rows past the last page).
SELECT e.id, e.user_id, e.title, e.location, e.starts_at, e.ends_at, e.all_day, e.color,
       u.username AS owner_username, u.timezone AS owner_timezone, c.name AS calendar_name,
       count(*) OVER () AS total
FROM events e
JOIN users u ON u.id = e.user_id
JOIN calendars c ON c.id = e.calendar_id
WHERE (sqlc.arg(owner)::text = '' OR lower(u.username) = lower(sqlc.arg(owner)::text))
  AND (sqlc.narg(from_date)::date IS NULL
       OR e.ends_at > (sqlc.narg(from_date)::date)::timestamp AT TIME ZONE u.timezone
       OR e.starts_at >= (sqlc.narg(from_date)::date)::timestamp AT TIME ZONE u.timezone)
  AND (sqlc.narg(to_date)::date IS NULL
       OR e.starts_at < (sqlc.narg(to_date)::date + 1)::timestamp AT TIME ZONE u.timezone)
  AND (sqlc.arg(pattern)::text = ''
       OR lower(e.title) LIKE sqlc.arg(pattern)::text ESCAPE '\'
       OR lower(e.description) LIKE sqlc.arg(pattern)::text ESCAPE '\'
       OR lower(e.location) LIKE sqlc.arg(pattern)::text ESCAPE '\')
ORDER BY e.starts_at DESC, e.id DESC
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip_rows);

-- name: AdminGetEvent :one
-- Any user's event with its owner's name and zone and its calendar's name.
SELECT sqlc.embed(e), u.username AS owner_username, u.timezone AS owner_timezone, c.name AS calendar_name
FROM events e
JOIN users u ON u.id = e.user_id
JOIN calendars c ON c.id = e.calendar_id
WHERE e.id = $1;

-- name: AdminGetEventForUpdate :one
SELECT sqlc.embed(e), u.username AS owner_username, u.timezone AS owner_timezone
FROM events e
JOIN users u ON u.id = e.user_id
WHERE e.id = $1
FOR UPDATE OF e;

-- name: AdminInsertAudit :exec
INSERT INTO admin_audit (actor_id, actor_username, action, target_type, target_id, detail)
VALUES ($1, $2, $3, $4, $5, $6);

-- name: AdminListAudit :many
SELECT * FROM admin_audit
ORDER BY id DESC
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip_rows);

-- name: AdminCountAudit :one
SELECT count(*) FROM admin_audit;
