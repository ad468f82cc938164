-- +goose Up
-- Search: case-insensitive substring matching (LIKE '%…%') over a user's
-- titles, descriptions and locations. pg_trgm indexes the trigrams of the
-- lower-cased text; btree_gin lets user_id live in the same GIN index, so a
-- search touches only the searching user's entries however many events other
-- users hold. Both extensions are trusted (Postgres 13+): the database owner
-- may create them without superuser rights.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gin;

CREATE INDEX events_search_idx ON events USING gin (
    user_id,
    lower(title) gin_trgm_ops,
    lower(description) gin_trgm_ops,
    lower(location) gin_trgm_ops
);

-- +goose Down
DROP INDEX IF EXISTS events_search_idx;
-- The extensions stay: other objects may depend on them.
