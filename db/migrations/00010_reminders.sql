-- +goose Up
-- Reminders (events/reminders.go, package reminders). An event or series
-- has up to five, in minutes before its start (an occurrence's, for a
-- series; an all-day event's start is 00:00 of its first day). Sending is
-- scheduled as River jobs (River keeps its own tables).
CREATE TABLE event_reminders (
    event_id bigint  NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    minutes  integer NOT NULL CHECK (minutes BETWEEN 0 AND 40320),
    PRIMARY KEY (event_id, minutes)
);

-- What new events start with (NULL: no reminder).
ALTER TABLE users ADD COLUMN default_reminder integer NULL CHECK (default_reminder BETWEEN 0 AND 40320);

-- Each reminder of each occurrence, once: the key makes a second delivery
-- impossible, whichever instance tries. It is also the list on
-- /notifications.
CREATE TABLE reminder_deliveries (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    event_id    bigint      NOT NULL,
    occurrence  timestamptz NOT NULL, -- the occurrence's recurrence id (a single event's start)
    minutes     integer     NOT NULL,
    title       text        NOT NULL,
    location    text        NOT NULL DEFAULT '',
    starts_at   timestamptz NOT NULL,
    all_day     boolean     NOT NULL DEFAULT false,
    due_at      timestamptz NOT NULL,
    sent_at     timestamptz NOT NULL DEFAULT now(),
    emailed_at  timestamptz NULL,
    UNIQUE (event_id, occurrence, minutes)
);

CREATE INDEX reminder_deliveries_user_idx ON reminder_deliveries (user_id, sent_at DESC);

-- +goose Down
DROP TABLE reminder_deliveries;
ALTER TABLE users DROP COLUMN default_reminder;
DROP TABLE event_reminders;
