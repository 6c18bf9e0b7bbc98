-- name: CreatePersonalAccessToken :one
-- Records a new token by its SHA-256 digest: the token itself is shown once, at creation, and
-- never written anywhere.
INSERT INTO personal_access_tokens (user_id, name, token_digest, scopes, expires_at)
VALUES (@user_id::bigint, @name::text, @token_digest::text, @scopes::text[], @expires_at::date)
RETURNING id;

-- name: GetPersonalAccessTokenByDigest :one
-- The token whatever its state, with what deciding on it needs from its owner: revocation and
-- expiry are judged by the caller against its clock, so that it can tell them apart.
SELECT t.id AS token_id, t.scopes, t.expires_at, t.revoked, u.id AS user_id, u.admin, u.state
FROM personal_access_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_digest = $1;

-- name: RevokePersonalAccessToken :one
UPDATE personal_access_tokens SET revoked = true WHERE id = $1 RETURNING user_id;
