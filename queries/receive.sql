-- name: IncreaseReferenceCounter :exec
-- Redis INCR followed by EXPIRE 600: an expired counter starts again from 1, and every increase
-- restarts the expiry.
INSERT INTO reference_counters AS c (gl_repository, value, expires_at)
VALUES (@gl_repository, 1, now() + make_interval(secs => @ttl_seconds::integer))
ON CONFLICT (gl_repository) DO UPDATE SET
    value = CASE WHEN c.expires_at > now() THEN c.value + 1 ELSE 1 END,
    expires_at = excluded.expires_at;

-- name: DecreaseReferenceCounter :exec
-- Redis DECR, and DEL when the result is below 0: a live positive counter goes down by one; a
-- missing, expired or zero one would go negative, so its row goes (the DELETE sees the table as
-- it was before the UPDATE, hence the NOT EXISTS).
WITH decreased AS (
    UPDATE reference_counters SET value = value - 1
    WHERE gl_repository = @gl_repository AND expires_at > now() AND value > 0
    RETURNING 1
)
DELETE FROM reference_counters c
WHERE c.gl_repository = @gl_repository AND NOT EXISTS (SELECT FROM decreased);

-- name: GetReferenceCounter :one
-- The counter's value; an expired counter is 0, as an expired Redis key reads as nothing.
SELECT coalesce((SELECT value FROM reference_counters
                 WHERE gl_repository = @gl_repository AND expires_at > now()), 0)::bigint;

-- name: AddPushNotice :exec
INSERT INTO push_notices AS n (user_id, gl_repository, text, expires_at)
VALUES (@user_id, @gl_repository, @text, now() + make_interval(secs => @ttl_seconds::integer))
ON CONFLICT (user_id, gl_repository, md5(text)) DO UPDATE SET expires_at = excluded.expires_at;

-- name: TakePushNotices :many
-- Reads and deletes the user's notices for the repository, expired ones included (they are
-- deleted, not returned), oldest first.
WITH taken AS (
    DELETE FROM push_notices
    WHERE user_id = @user_id AND gl_repository = @gl_repository
    RETURNING id, text, expires_at
)
SELECT text FROM taken WHERE expires_at > now() ORDER BY id;
