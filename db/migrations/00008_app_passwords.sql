-- +goose Up
-- App passwords: what calendar apps sign in to /dav/ with (HTTP Basic),
-- made and revoked in Settings. Only a SHA-256 of each is stored: they are
-- random strings of 128 bits, so a fast hash is as safe as bcrypt would be,
-- and it costs nothing on each request of a sync.
CREATE TABLE app_passwords (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    secret_hash  bytea NOT NULL UNIQUE CHECK (octet_length(secret_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);

CREATE INDEX app_passwords_user_idx ON app_passwords (user_id, id);

-- +goose Down
DROP TABLE app_passwords;
