-- Reminders (events/reminders.go, package reminders).

-- name: ListReminders :many
-- The reminders of some events, in minutes before their start.
SELECT event_id, minutes FROM event_reminders
WHERE event_id = ANY(sqlc.arg(ids)::bigint[])
ORDER BY event_id, minutes;

-- name: DeleteReminders :exec
DELETE FROM event_reminders WHERE event_id = $1;

-- name: AddReminders :exec
INSERT INTO event_reminders (event_id, minutes)
SELECT sqlc.arg(event_id), m FROM unnest(sqlc.arg(minutes)::int[]) AS m
ON CONFLICT DO NOTHING;

-- name: ReminderRows :many
-- A series' master and its overrides (or a single event), for the
-- scheduler.
SELECT * FROM events WHERE id = $1 OR series_id = $1
ORDER BY series_id IS NOT NULL, recurrence_id;

-- name: ClaimReminder :one
-- Records a reminder as sent; no row when it already was.
INSERT INTO reminder_deliveries (user_id, event_id, occurrence, minutes, title, location, starts_at, all_day, due_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
ON CONFLICT (event_id, occurrence, minutes) DO NOTHING
RETURNING id;

-- name: MarkReminderEmailed :one
-- Claims a delivery's email; no row when it was already sent.
UPDATE reminder_deliveries SET emailed_at = now()
WHERE id = $1 AND emailed_at IS NULL
RETURNING id;

-- name: UnmarkReminderEmailed :exec
-- Gives a claimed email back after a failed attempt (it is tried again).
UPDATE reminder_deliveries SET emailed_at = NULL WHERE id = $1;

-- name: GetDelivery :one
SELECT d.*, u.email, u.username, u.timezone, u.time_format
FROM reminder_deliveries d JOIN users u ON u.id = d.user_id
WHERE d.id = $1;

-- name: RecentDeliveries :many
-- A user's latest reminders, newest first, each with whether its event is
-- still there and is a series (whose occurrence the reminder was of).
SELECT sqlc.embed(d), (e.id IS NOT NULL)::bool AS present, coalesce(e.rrule <> '', false)::bool AS series
FROM reminder_deliveries d
LEFT JOIN events e ON e.id = d.event_id
WHERE d.user_id = $1
ORDER BY d.sent_at DESC, d.id DESC
LIMIT $2;

-- name: GetDefaultReminder :one
SELECT default_reminder FROM users WHERE id = $1;

-- name: SetDefaultReminder :exec
UPDATE users SET default_reminder = $2 WHERE id = $1;
