-- name: SearchEvents :many
-- One page of a user's events whose title, description or location contains
-- pattern case-insensitively. pattern is a LIKE pattern ('%' || escaped ||
-- '%', with \ % _ escaped by a backslash). Title matches come first, then
-- upcoming before past, nearest to now_time first. total counts every match
-- (the window runs before LIMIT; the sort reads every match anyway).
-- lower(column) LIKE lower(pattern) is what events_search_idx indexes.
SELECT sqlc.embed(events), count(*) OVER () AS total
FROM events
WHERE user_id = sqlc.arg(user_id)
  AND (lower(title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(description) LIKE lower(sqlc.arg(pattern)) ESCAPE '\'
    OR lower(location) LIKE lower(sqlc.arg(pattern)) ESCAPE '\')
ORDER BY (lower(title) LIKE lower(sqlc.arg(pattern)) ESCAPE '\') DESC,
         (ends_at >= sqlc.arg(now_time)::timestamptz) DESC,
         abs(extract(epoch FROM starts_at - sqlc.arg(now_time)::timestamptz)),
         id
LIMIT sqlc.arg(max_rows) OFFSET sqlc.arg(skip_rows);
