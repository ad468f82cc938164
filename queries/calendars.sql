-- Calendars and their shares (events/calendars.go).

-- name: ListCalendars :many
-- The calendars user_id can read, with the user's role, visibility and
-- order: their own first (by position), then those shared with them.
SELECT c.id, c.owner_id, c.name, c.color, c.position, c.created_at,
       u.username AS owner_username,
       (CASE WHEN c.owner_id = sqlc.arg(user_id) THEN 'owner' ELSE s.role END)::text AS role,
       COALESCE(v.visible, true)::boolean AS visible
FROM calendars c
JOIN users u ON u.id = c.owner_id
LEFT JOIN calendar_shares s ON s.calendar_id = c.id AND s.user_id = sqlc.arg(user_id)
LEFT JOIN calendar_views v ON v.calendar_id = c.id AND v.user_id = sqlc.arg(user_id)
WHERE c.owner_id = sqlc.arg(user_id) OR s.user_id IS NOT NULL
ORDER BY c.owner_id <> sqlc.arg(user_id), COALESCE(v.position, c.position), c.id;

-- name: GetCalendarRole :one
-- user_id's role on a calendar: 'owner', 'edit' or 'view'; no row when the
-- user may not read it.
SELECT (CASE WHEN c.owner_id = sqlc.arg(user_id) THEN 'owner' ELSE s.role END)::text AS role,
       c.owner_id
FROM calendars c
LEFT JOIN calendar_shares s ON s.calendar_id = c.id AND s.user_id = sqlc.arg(user_id)
WHERE c.id = sqlc.arg(calendar_id) AND (c.owner_id = sqlc.arg(user_id) OR s.user_id IS NOT NULL);

-- name: FirstOwnCalendar :one
-- Where a user's new events go when they name no calendar.
SELECT id FROM calendars WHERE owner_id = $1 ORDER BY position, id LIMIT 1;

-- name: CreateCalendar :one
INSERT INTO calendars (owner_id, name, color, position)
VALUES (sqlc.arg(owner_id), sqlc.arg(name), sqlc.arg(color),
        COALESCE((SELECT max(position) + 1 FROM calendars WHERE owner_id = sqlc.arg(owner_id)), 0))
RETURNING *;

-- name: UpdateCalendar :one
UPDATE calendars SET name = sqlc.arg(name), color = sqlc.arg(color)
WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id)
RETURNING *;

-- name: LockOwnCalendars :many
-- A user's calendars, locked (a delete keeps at least one).
SELECT id FROM calendars WHERE owner_id = $1 ORDER BY id FOR UPDATE;

-- name: DeleteCalendar :one
DELETE FROM calendars WHERE id = sqlc.arg(id) AND owner_id = sqlc.arg(owner_id)
RETURNING id;

-- name: SetCalendarVisible :exec
INSERT INTO calendar_views (user_id, calendar_id, visible)
VALUES (sqlc.arg(user_id), sqlc.arg(calendar_id), sqlc.arg(visible))
ON CONFLICT (user_id, calendar_id) DO UPDATE SET visible = EXCLUDED.visible;

-- name: CalendarAudience :many
-- Everyone who can read a calendar: its owner and its sharees.
SELECT owner_id AS user_id FROM calendars WHERE id = $1
UNION
SELECT user_id FROM calendar_shares WHERE calendar_id = $1;

-- name: ListShares :many
-- A calendar's sharees with their roles, by username.
SELECT s.user_id, u.username, u.email, s.role, s.created_at
FROM calendar_shares s
JOIN users u ON u.id = s.user_id
WHERE s.calendar_id = $1
ORDER BY lower(u.username);

-- name: UpsertShare :exec
-- Shares a calendar with a user, or changes their role.
INSERT INTO calendar_shares (calendar_id, user_id, role)
VALUES (sqlc.arg(calendar_id), sqlc.arg(user_id), sqlc.arg(role))
ON CONFLICT (calendar_id, user_id) DO UPDATE SET role = EXCLUDED.role;

-- name: DeleteShare :one
DELETE FROM calendar_shares WHERE calendar_id = sqlc.arg(calendar_id) AND user_id = sqlc.arg(user_id)
RETURNING user_id;

-- name: ForgetCalendarView :exec
-- A former sharee's visibility and order of a calendar they lost.
DELETE FROM calendar_views WHERE calendar_id = sqlc.arg(calendar_id) AND user_id = sqlc.arg(user_id);
