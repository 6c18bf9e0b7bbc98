-- name: GetUserByID :one
SELECT * FROM users WHERE id = $1;

-- name: GetUserByUsername :one
SELECT * FROM users WHERE lower(username) = lower(@username::text);

-- name: GetUserByKeyID :one
-- The owner of an SSH key (or the creator of a deploy key) that may be used to authenticate;
-- signing-only keys are invisible to the internal API.
SELECT u.* FROM users u JOIN keys k ON k.user_id = u.id
WHERE k.id = $1 AND k.usage_type IN ('auth', 'auth_and_signing');
