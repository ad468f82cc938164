-- name: CreateAppPassword :one
-- A new app password of a user, unless they already have max_count.
INSERT INTO app_passwords (user_id, name, secret_hash)
SELECT sqlc.arg(user_id), sqlc.arg(name), sqlc.arg(secret_hash)
WHERE (SELECT count(*) FROM app_passwords WHERE user_id = sqlc.arg(user_id)) < sqlc.arg(max_count)::bigint
RETURNING id, name, created_at, last_used_at;

-- name: ListAppPasswords :many
SELECT id, name, created_at, last_used_at FROM app_passwords
WHERE user_id = $1
ORDER BY id DESC;

-- name: DeleteAppPassword :execrows
DELETE FROM app_passwords WHERE id = $1 AND user_id = $2;

-- name: AppPasswordOf :one
-- The app password of a user with this hash.
SELECT id FROM app_passwords WHERE user_id = $1 AND secret_hash = $2;

-- name: TouchAppPassword :exec
-- Records a use, at most once a minute.
UPDATE app_passwords SET last_used_at = now()
WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute');
