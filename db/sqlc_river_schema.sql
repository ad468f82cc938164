-- River's job table as sqlc reads it, for the queries of
-- queries/river_jobs.sql (the admin queue page). sqlc only: River creates
-- and migrates its own tables (reminders.Migrate, run by `eventcal
-- migrate` beside goose), and goose never sees this file. It declares
-- only the columns queried; keep them as River's migrations have them.
CREATE TYPE river_job_state AS ENUM (
    'available', 'cancelled', 'completed', 'discarded', 'pending', 'retryable', 'running', 'scheduled'
);

CREATE TABLE river_job (
    id           bigserial PRIMARY KEY,
    state        river_job_state NOT NULL DEFAULT 'available',
    attempt      smallint NOT NULL DEFAULT 0,
    max_attempts smallint NOT NULL,
    attempted_at timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finalized_at timestamptz,
    scheduled_at timestamptz NOT NULL DEFAULT now(),
    args         jsonb,
    errors       jsonb[],
    kind         text NOT NULL
);
