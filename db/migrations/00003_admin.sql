-- +goose Up
-- Admin: the audit trail of every admin action, and indexes for the admin
-- lists (users searched by name or email, every user's events by time).

-- actor_username and the target's id are kept as they were: the audit row
-- outlives a deleted actor or target.
CREATE TABLE admin_audit (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    actor_id       bigint      REFERENCES users (id) ON DELETE SET NULL,
    actor_username text        NOT NULL,
    action         text        NOT NULL CHECK (char_length(action) BETWEEN 1 AND 40),
    target_type    text        NOT NULL CHECK (char_length(target_type) BETWEEN 1 AND 20),
    target_id      bigint,
    detail         text        NOT NULL DEFAULT '' CHECK (char_length(detail) <= 500),
    created_at     timestamptz NOT NULL DEFAULT now()
);

-- The users list's substring search (ILIKE '%…%') on username and email.
CREATE INDEX users_admin_search_idx ON users USING gin (username gin_trgm_ops, email gin_trgm_ops);

-- The events list across users, newest first.
CREATE INDEX events_starts_idx ON events (starts_at, id);

-- +goose Down
DROP INDEX IF EXISTS events_starts_idx;
DROP INDEX IF EXISTS users_admin_search_idx;
DROP TABLE admin_audit;
