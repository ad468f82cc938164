-- name: CreateEvent :one
INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
RETURNING *;

-- name: GetEvent :one
SELECT * FROM events WHERE id = $1 AND user_id = $2;

-- name: GetEventForUpdate :one
SELECT * FROM events WHERE id = $1 AND user_id = $2 FOR UPDATE;

-- name: UpdateEvent :one
UPDATE events
SET title = $3, description = $4, location = $5, starts_at = $6, ends_at = $7,
    all_day = $8, color = $9, updated_at = now()
WHERE id = $1 AND user_id = $2
RETURNING *;

-- name: DeleteEvent :one
DELETE FROM events WHERE id = $1 AND user_id = $2
RETURNING *;

-- name: ListEventsInRange :many
-- Events of one user overlapping [from, to); a zero-length event at from counts.
SELECT * FROM events
WHERE user_id = sqlc.arg(user_id)
  AND starts_at < sqlc.arg(to_time)
  AND (ends_at > sqlc.arg(from_time) OR starts_at >= sqlc.arg(from_time))
ORDER BY all_day DESC, starts_at, id;

-- name: ListUpcomingEvents :many
SELECT * FROM events
WHERE user_id = sqlc.arg(user_id)
  AND ends_at >= sqlc.arg(now_time)
  AND starts_at < sqlc.arg(until_time)
ORDER BY starts_at, id
LIMIT sqlc.arg(max_rows);

-- name: CountUserEvents :one
SELECT count(*) FROM events WHERE user_id = $1;

-- name: CreateEvents :copyfrom
INSERT INTO events (user_id, title, description, location, starts_at, ends_at, all_day, color)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8);
