-- +goose Up
-- How many events (rows) each user holds, kept by statement-level
-- triggers, so that the event quota is checked in O(1) on every write
-- (counting a user's rows grew with their events).
ALTER TABLE users ADD COLUMN event_count bigint NOT NULL DEFAULT 0;

UPDATE users u SET event_count = c.n
FROM (SELECT user_id, count(*) AS n FROM events GROUP BY user_id) c
WHERE c.user_id = u.id;

-- +goose StatementBegin
CREATE FUNCTION events_count_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users u SET event_count = u.event_count + c.n
    FROM (SELECT user_id, count(*) AS n FROM inserted GROUP BY user_id) c
    WHERE c.user_id = u.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION events_count_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users u SET event_count = greatest(u.event_count - c.n, 0)
    FROM (SELECT user_id, count(*) AS n FROM deleted GROUP BY user_id) c
    WHERE c.user_id = u.id;
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER events_count_inserted AFTER INSERT ON events
    REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION events_count_inserted();
CREATE TRIGGER events_count_deleted AFTER DELETE ON events
    REFERENCING OLD TABLE AS deleted FOR EACH STATEMENT EXECUTE FUNCTION events_count_deleted();

-- +goose Down
DROP TRIGGER IF EXISTS events_count_deleted ON events;
DROP TRIGGER IF EXISTS events_count_inserted ON events;
DROP FUNCTION IF EXISTS events_count_deleted();
DROP FUNCTION IF EXISTS events_count_inserted();
ALTER TABLE users DROP COLUMN IF EXISTS event_count;
