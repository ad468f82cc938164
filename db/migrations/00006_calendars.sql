-- +goose Up
-- Several calendars per user, shared with others (DESIGN.md, "Calendars
-- and sharing"). Every event belongs to one calendar; events.user_id stays
-- the calendar owner's id.
CREATE TABLE calendars (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner_id   bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name       text        NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
    color      text        NOT NULL DEFAULT 'blue' CHECK (char_length(color) <= 20),
    position   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A user's calendars in order; the first one is where new events go.
CREATE INDEX calendars_owner_idx ON calendars (owner_id, position, id);

-- Who else may read (view) or also write (edit) a calendar.
CREATE TABLE calendar_shares (
    calendar_id bigint      NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text        NOT NULL CHECK (role IN ('view', 'edit')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (calendar_id, user_id)
);

CREATE INDEX calendar_shares_user_idx ON calendar_shares (user_id);

-- Each viewer's own visibility and order of the calendars they can read;
-- no row is visible, in the calendars' order.
CREATE TABLE calendar_views (
    user_id     bigint  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    calendar_id bigint  NOT NULL REFERENCES calendars (id) ON DELETE CASCADE,
    visible     boolean NOT NULL DEFAULT true,
    position    integer NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, calendar_id)
);

CREATE INDEX calendar_views_calendar_idx ON calendar_views (calendar_id);

-- Every user has a "Personal" calendar from the start, however the user is
-- made (registration, createsuperuser, seed).
-- +goose StatementBegin
CREATE FUNCTION users_personal_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO calendars (owner_id, name) VALUES (NEW.id, 'Personal');
    RETURN NULL;
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER users_personal_calendar AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION users_personal_calendar();

-- An event written without a calendar goes where its series is, or into
-- its owner's first calendar.
-- +goose StatementBegin
CREATE FUNCTION events_default_calendar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.series_id IS NOT NULL THEN
        SELECT m.calendar_id INTO NEW.calendar_id FROM events m WHERE m.id = NEW.series_id;
    END IF;
    IF NEW.calendar_id IS NULL THEN
        SELECT c.id INTO NEW.calendar_id FROM calendars c
        WHERE c.owner_id = NEW.user_id ORDER BY c.position, c.id LIMIT 1;
    END IF;
    RETURN NEW;
END;
$$;
-- +goose StatementEnd

ALTER TABLE events ADD COLUMN calendar_id bigint REFERENCES calendars (id) ON DELETE CASCADE;

INSERT INTO calendars (owner_id, name) SELECT id, 'Personal' FROM users ORDER BY id;
UPDATE events e SET calendar_id = c.id FROM calendars c WHERE c.owner_id = e.user_id;

ALTER TABLE events ALTER COLUMN calendar_id SET NOT NULL;

CREATE TRIGGER events_default_calendar BEFORE INSERT ON events
    FOR EACH ROW WHEN (NEW.calendar_id IS NULL) EXECUTE FUNCTION events_default_calendar();

-- A calendar's range queries (its series masters apart, as for a user's)
-- and its deletion.
CREATE INDEX events_calendar_starts_idx ON events (calendar_id, starts_at);
CREATE INDEX events_calendar_series_starts_idx ON events (calendar_id, starts_at) WHERE rrule <> '';

-- +goose Down
DROP INDEX IF EXISTS events_calendar_series_starts_idx;
DROP INDEX IF EXISTS events_calendar_starts_idx;
DROP TRIGGER IF EXISTS events_default_calendar ON events;
DROP FUNCTION IF EXISTS events_default_calendar();
ALTER TABLE events DROP COLUMN IF EXISTS calendar_id;
DROP TRIGGER IF EXISTS users_personal_calendar ON users;
DROP FUNCTION IF EXISTS users_personal_calendar();
DROP TABLE calendar_views;
DROP TABLE calendar_shares;
DROP TABLE calendars;
