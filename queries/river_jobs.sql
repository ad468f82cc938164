-- River's jobs (the reminder queue), read by the admin queue page. River
-- owns the table; db/sqlc_river_schema.sql declares it for sqlc.

-- name: AdminQueueCounts :many
-- How many jobs of the kinds there are in each state.
SELECT kind, state::text AS state, count(*) AS jobs
FROM river_job
WHERE kind = ANY(sqlc.arg(kinds)::text[])
GROUP BY kind, state
ORDER BY kind, state;

-- name: AdminQueueNext :many
-- The jobs of the kinds waiting to run, the soonest first.
SELECT id, kind, state::text AS state, scheduled_at, attempt, max_attempts, coalesce(args::text, '')::text AS args
FROM river_job
WHERE kind = ANY(sqlc.arg(kinds)::text[]) AND state IN ('available', 'scheduled', 'retryable')
ORDER BY scheduled_at, id
LIMIT sqlc.arg(max_rows);

-- name: AdminQueueFailed :many
-- The jobs of the kinds that failed (to be retried, or given up), the
-- latest first, with the last error.
SELECT id, kind, state::text AS state, attempt, max_attempts,
       coalesce(finalized_at, attempted_at, created_at)::timestamptz AS failed_at,
       coalesce(args::text, '')::text AS args,
       coalesce(errors[array_upper(errors, 1)] ->> 'error', '')::text AS last_error
FROM river_job
WHERE kind = ANY(sqlc.arg(kinds)::text[]) AND state IN ('retryable', 'discarded')
ORDER BY failed_at DESC, id DESC
LIMIT sqlc.arg(max_rows);
