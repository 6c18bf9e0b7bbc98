-- name: GetAuthKeyByFingerprint :one
-- The hot lookup behind /internal/authorized_keys: one indexed probe on the SHA256 fingerprint,
-- joined with the owner for the comment GitLab writes into the key line.
SELECT k.id, k.kind, k.title, k.key, k.usage_type, k.expires_at, k.created_at,
       coalesce(u.name, '')::text AS owner_name
FROM keys k LEFT JOIN users u ON u.id = k.user_id
WHERE k.fingerprint_sha256 = $1 AND k.usage_type IN ('auth', 'auth_and_signing');

-- name: GetAuthKeyByID :one
-- A key that may authenticate (user or deploy key); signing-only keys are invisible.
SELECT * FROM keys WHERE id = $1 AND usage_type IN ('auth', 'auth_and_signing');

-- name: GetAuthKeyWithOwner :one
-- The hot path of discover and allowed: a key that may authenticate and its owner (a deploy
-- key's creator) in one indexed round trip.
SELECT sqlc.embed(k), sqlc.embed(u)
FROM keys k JOIN users u ON u.id = k.user_id
WHERE k.id = $1 AND k.usage_type IN ('auth', 'auth_and_signing');

-- name: TouchKeyLastUsed :exec
-- Records that a key authenticated something, at most once a day (as GitLab does, to spare the
-- row a write per git command). Signing-only keys are not the internal API's to touch.
UPDATE keys SET last_used_at = now()
WHERE id = $1 AND usage_type IN ('auth', 'auth_and_signing')
  AND (last_used_at IS NULL OR last_used_at < now() - interval '1 day');
