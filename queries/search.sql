-- name: SearchEvents :many
-- One page of a user's events (in visible calendars, their own and those
-- shared with them, each found through its own index) whose title, description or location contains
-- pattern case-insensitively. pattern is a LIKE pattern ('%' || escaped ||
-- '%', with \ % _ escaped by a backslash). Title matches come first, then
-- upcoming before past, nearest to now_time first. total counts every match
-- (the window runs before LIMIT; the sort reads every match anyway).
-- lower(column) LIKE lower(pattern) is what events_search_idx indexes.
--
-- A series matches once, as its master row (with the recurrence ids of its
-- overrides, to find the occurrence to show): it is upcoming while it has
-- not ended (until_at), and as near as now while it runs. An override row
-- matches on its own only when its master does not.
SELECT sqlc.embed(e),
       (CASE WHEN e.rrule <> ''
             THEN ARRAY(SELECT o.recurrence_id FROM events o WHERE o.series_id = e.id)
             ELSE '{}' END)::timestamptz[] AS overridden,
       (SELECT c.color FROM calendars c WHERE c.id = e.calendar_id) AS calendar_color,
       count(*) OVER () AS total
FROM events e
WHERE e.id IN (
    SELECT i.id FROM events i WHERE i.user_id = sqlc.arg(user_id) AND (lower(i.title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(i.description) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(i.location) LIKE lower(sqlc.arg(pattern)) ESCAPE '\')
    UNION ALL
    SELECT i.id FROM events i WHERE i.calendar_id = ANY(ARRAY(SELECT cs.calendar_id FROM calendar_shares cs WHERE cs.user_id = sqlc.arg(user_id))) AND (lower(i.title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(i.description) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(i.location) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'))
  AND NOT EXISTS (SELECT 1 FROM calendar_views v WHERE v.user_id = sqlc.arg(user_id) AND v.calendar_id = e.calendar_id AND NOT v.visible)
  AND (e.series_id IS NULL OR NOT COALESCE((
    SELECT lower(m.title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
        OR lower(m.description) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
        OR lower(m.location) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    FROM events m WHERE m.id = e.series_id), false))
ORDER BY (lower(e.title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\') DESC,
         (CASE WHEN e.rrule = '' THEN e.ends_at >= sqlc.arg(now_time)::timestamptz
               ELSE e.until_at IS NULL OR e.until_at >= sqlc.arg(now_time)::timestamptz END) DESC,
         abs(extract(epoch FROM
             (CASE WHEN e.rrule = '' OR e.starts_at > sqlc.arg(now_time)::timestamptz THEN e.starts_at
                   WHEN e.until_at IS NULL OR e.until_at >= sqlc.arg(now_time)::timestamptz THEN sqlc.arg(now_time)::timestamptz
                   ELSE e.until_at END) - sqlc.arg(now_time)::timestamptz)),
         e.id
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip_rows);
