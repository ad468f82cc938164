-- +goose Up
-- Old CalDAV changes are pruned (events.Service.PruneDavChanges): each
-- change row records when it was made, and dav_sync_floors keeps, per
-- calendar, the newest number pruned, below which a sync token is refused
-- (the client then syncs afresh instead of missing changes).
ALTER TABLE dav_changes ADD COLUMN at timestamptz NOT NULL DEFAULT now();

CREATE TABLE dav_sync_floors (
    calendar_id bigint PRIMARY KEY,
    seq         bigint NOT NULL
);

-- +goose Down
DROP TABLE dav_sync_floors;
ALTER TABLE dav_changes DROP COLUMN at;
