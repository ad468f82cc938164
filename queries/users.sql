-- name: CreateUser :one
INSERT INTO users (username, email, password_hash, timezone, is_admin)
VALUES ($1, $2, $3, $4, $5)
RETURNING *;

-- name: GetUser :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByLogin :one
-- The login name may be the username or the email, case-insensitively.
SELECT * FROM users
WHERE lower(username) = lower(sqlc.arg(login))
   OR (email <> '' AND lower(email) = lower(sqlc.arg(login)))
ORDER BY lower(username) = lower(sqlc.arg(login)) DESC
LIMIT 1;

-- name: UsernameTaken :one
SELECT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1));

-- name: EmailTaken :one
SELECT EXISTS (SELECT 1 FROM users WHERE email <> '' AND lower(email) = lower(sqlc.arg(email)) AND id <> sqlc.arg(except_id));

-- name: TouchLastLogin :exec
UPDATE users SET last_login_at = now() WHERE id = $1;

-- name: UpdateUserSettings :one
-- An empty time format keeps the stored one.
UPDATE users SET email = sqlc.arg(email), timezone = sqlc.arg(timezone), week_start = sqlc.arg(week_start),
    time_format = coalesce(nullif(sqlc.arg(time_format)::text, ''), time_format)
WHERE id = sqlc.arg(id)
RETURNING *;

-- name: UpdateUserPassword :exec
UPDATE users SET password_hash = $2, password_changed_at = now() WHERE id = $1;

-- name: SetUserAdmin :exec
UPDATE users SET is_admin = $2 WHERE id = $1;

-- name: SetUserActive :exec
UPDATE users SET is_active = $2 WHERE id = $1;

-- name: CountUsers :one
SELECT count(*) FROM users;

-- name: CountAdmins :one
SELECT count(*) FROM users WHERE is_admin AND is_active;
