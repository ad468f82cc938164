-- +goose Up
-- Calendar interoperability (package ical).
--
-- event_uids: the iCalendar UID an event was imported with, so that an
-- export gives it back and importing the same UID again updates the event
-- instead of adding a copy. Events without a row are exported as
-- event-<id>@eventcal. A series' overrides share its UID and have no row.
CREATE TABLE event_uids (
    event_id bigint PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
    user_id  bigint NOT NULL,
    uid      text   NOT NULL CHECK (char_length(uid) BETWEEN 1 AND 1000),
    UNIQUE (user_id, uid)
);

-- feed_tokens: the private subscription feed (/feed/<token>.ics). Only the
-- SHA-256 of the token is kept; a user has at most one, and regenerating
-- replaces it (the old URL stops working at once).
CREATE TABLE feed_tokens (
    user_id    bigint      PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea       NOT NULL UNIQUE CHECK (octet_length(token_hash) = 32),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
DROP TABLE feed_tokens;
DROP TABLE event_uids;
