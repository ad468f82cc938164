-- +goose Up
-- How times read for the user: "24h" (13:00) or "12h" (1:00 PM). The week
-- start (users.week_start) may now also be Saturday.
ALTER TABLE users ADD COLUMN time_format text NOT NULL DEFAULT '24h' CHECK (time_format IN ('24h', '12h'));

-- +goose Down
ALTER TABLE users DROP COLUMN time_format;
