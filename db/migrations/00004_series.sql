-- +goose Up
-- Recurring events (package recur). A series is one master row: an ordinary
-- event whose starts_at/ends_at are its first occurrence, plus its canonical
-- RRULE (rrule), the zone it recurs in (tzid), the end of its last
-- occurrence for range queries (until_at, NULL when endless) and its
-- cancelled occurrences (exdates, recurrence ids: the original starts in
-- UTC). A moved or edited occurrence is an override row: an ordinary event
-- with the master's id (series_id) and the recurrence id it replaces; it
-- goes when its master goes. Single events keep the defaults.
ALTER TABLE events
    ADD COLUMN rrule         text        NOT NULL DEFAULT '' CHECK (char_length(rrule) <= 512),
    ADD COLUMN tzid          text        NOT NULL DEFAULT '',
    ADD COLUMN until_at      timestamptz NULL,
    ADD COLUMN exdates       timestamptz[] NOT NULL DEFAULT '{}',
    ADD COLUMN series_id     bigint      NULL REFERENCES events (id) ON DELETE CASCADE,
    ADD COLUMN recurrence_id timestamptz NULL,
    -- An override names both its series and the occurrence it replaces.
    ADD CONSTRAINT events_override_complete CHECK ((series_id IS NULL) = (recurrence_id IS NULL)),
    -- An override is not a series of its own.
    ADD CONSTRAINT events_override_not_series CHECK (series_id IS NULL OR rrule = '');

-- One override per occurrence; also the lookup of a series' overrides (and
-- the ON DELETE CASCADE from its master).
CREATE UNIQUE INDEX events_series_recurrence_key ON events (series_id, recurrence_id);

-- The range query's masters: a user's series that started before the range.
CREATE INDEX events_user_series_starts_idx ON events (user_id, starts_at) WHERE rrule <> '';

-- +goose Down
-- Masters become single events (their first occurrence); overrides go.
DELETE FROM events WHERE series_id IS NOT NULL;
DROP INDEX IF EXISTS events_user_series_starts_idx;
DROP INDEX IF EXISTS events_series_recurrence_key;
ALTER TABLE events
    DROP CONSTRAINT IF EXISTS events_override_not_series,
    DROP CONSTRAINT IF EXISTS events_override_complete,
    DROP COLUMN IF EXISTS recurrence_id,
    DROP COLUMN IF EXISTS series_id,
    DROP COLUMN IF EXISTS exdates,
    DROP COLUMN IF EXISTS until_at,
    DROP COLUMN IF EXISTS tzid,
    DROP COLUMN IF EXISTS rrule;
