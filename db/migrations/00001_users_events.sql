-- +goose Up
CREATE TABLE users (
    id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username            text        NOT NULL CHECK (char_length(username) BETWEEN 1 AND 150),
    email               text        NOT NULL DEFAULT '' CHECK (char_length(email) <= 254),
    password_hash       text        NOT NULL,
    timezone            text        NOT NULL DEFAULT 'UTC',
    week_start          smallint    NOT NULL DEFAULT 1 CHECK (week_start BETWEEN 0 AND 6),
    is_admin            boolean     NOT NULL DEFAULT false,
    is_active           boolean     NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    last_login_at       timestamptz,
    password_changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email)) WHERE email <> '';

CREATE TABLE events (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    title       text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
    description text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 10000),
    location    text        NOT NULL DEFAULT '' CHECK (char_length(location) <= 200),
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    all_day     boolean     NOT NULL DEFAULT false,
    color       text        NOT NULL DEFAULT 'blue' CHECK (char_length(color) <= 20),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_end_after_start CHECK (ends_at >= starts_at)
);

-- A user's range queries: overlapping [from, to) reads starts_at < to and ends_at > from.
CREATE INDEX events_user_starts_idx ON events (user_id, starts_at);
CREATE INDEX events_user_ends_idx ON events (user_id, ends_at);

-- +goose Down
DROP TABLE events;
DROP TABLE users;
