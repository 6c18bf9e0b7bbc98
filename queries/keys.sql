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
