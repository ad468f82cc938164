-- +goose Up
-- CalDAV (package dav, events/dav.go): what a calendar app syncs.
--
-- dav_objects: the resource name (<name>.ics) a CalDAV client chose for an
-- event or a series; events without a row are event-<id>.ics.
-- The delete trigger below removes a row with its event (after it has
-- logged the name), hence no foreign key.
CREATE TABLE dav_objects (
    event_id bigint PRIMARY KEY,
    name     text   NOT NULL CHECK (char_length(name) BETWEEN 5 AND 255)
);

CREATE INDEX dav_objects_name_idx ON dav_objects (name);

-- dav_collections: the path segment a client chose when it made a
-- calendar (MKCALENDAR); other calendars are named by their id.
CREATE TABLE dav_collections (
    calendar_id bigint PRIMARY KEY REFERENCES calendars (id) ON DELETE CASCADE,
    owner_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name        text   NOT NULL CHECK (char_length(name) BETWEEN 1 AND 255),
    UNIQUE (owner_id, name)
);

-- dav_changes: every change to a calendar's resources, in commit order per
-- calendar (a write locks its calendars' rows before it takes numbers; the
-- triggers run once per statement), so
-- a sync token is the last number a client saw. event_id is the
-- resource's event (a series' master for its overrides); gone_name is the
-- resource's name when it left the calendar (deleted or moved away).
CREATE TABLE dav_changes (
    seq         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    calendar_id bigint NOT NULL,
    event_id    bigint NOT NULL,
    gone_name   text   NULL
);

CREATE INDEX dav_changes_calendar_idx ON dav_changes (calendar_id, seq);

-- +goose StatementBegin
CREATE FUNCTION events_dav_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM calendars WHERE id IN (SELECT calendar_id FROM new_rows) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO dav_changes (calendar_id, event_id)
    SELECT DISTINCT calendar_id, COALESCE(series_id, id) FROM new_rows;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION events_dav_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM calendars
    WHERE id IN (SELECT calendar_id FROM new_rows UNION SELECT calendar_id FROM old_rows)
    ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO dav_changes (calendar_id, event_id, gone_name)
    SELECT DISTINCT n.calendar_id, COALESCE(n.series_id, n.id), NULL::text FROM new_rows n
    UNION
    SELECT o.calendar_id, COALESCE(o.series_id, o.id),
           CASE WHEN o.series_id IS NULL THEN COALESCE(d.name, 'event-' || o.id || '.ics') END
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    LEFT JOIN dav_objects d ON d.event_id = o.id
    WHERE o.calendar_id <> n.calendar_id
    UNION
    SELECT o.calendar_id, o.series_id, NULL
    FROM old_rows o
    JOIN new_rows n ON n.id = o.id
    WHERE o.series_id IS DISTINCT FROM n.series_id AND o.series_id IS NOT NULL;
    RETURN NULL;
END $$;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE FUNCTION events_dav_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM 1 FROM calendars WHERE id IN (SELECT calendar_id FROM old_rows) ORDER BY id FOR NO KEY UPDATE;
    INSERT INTO dav_changes (calendar_id, event_id, gone_name)
    SELECT DISTINCT o.calendar_id, COALESCE(o.series_id, o.id),
           CASE WHEN o.series_id IS NULL THEN COALESCE(d.name, 'event-' || o.id || '.ics') END
    FROM old_rows o
    LEFT JOIN dav_objects d ON d.event_id = o.id;
    DELETE FROM dav_objects WHERE event_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;
-- +goose StatementEnd

CREATE TRIGGER events_dav_insert AFTER INSERT ON events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_dav_insert();
CREATE TRIGGER events_dav_update AFTER UPDATE ON events
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_dav_update();
CREATE TRIGGER events_dav_delete AFTER DELETE ON events
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION events_dav_delete();

-- +goose Down
DROP TRIGGER IF EXISTS events_dav_delete ON events;
DROP TRIGGER IF EXISTS events_dav_update ON events;
DROP TRIGGER IF EXISTS events_dav_insert ON events;
DROP FUNCTION IF EXISTS events_dav_delete();
DROP FUNCTION IF EXISTS events_dav_update();
DROP FUNCTION IF EXISTS events_dav_insert();
DROP TABLE dav_changes;
DROP TABLE dav_collections;
DROP TABLE dav_objects;
