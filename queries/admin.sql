-- Everyday administration from the glia command line.

-- name: AdminCreateUser :one
INSERT INTO users (username, name, email, admin)
VALUES (@username, @name, @email, @admin)
RETURNING *;

-- name: AdminCreatePersonalNamespace :exec
-- Every user owns a personal namespace whose path is the username.
INSERT INTO namespaces (kind, name, path, full_path, owner_id)
VALUES ('user', @name, @username, @username, @owner_id);

-- name: AdminSetUserState :one
UPDATE users SET state = @state, updated_at = now()
WHERE lower(username) = lower(@username)
RETURNING *;

-- name: AdminAddUserKey :one
INSERT INTO keys (kind, user_id, title, key, key_type, fingerprint_sha256)
VALUES ('user', @user_id, @title, @key, @key_type, @fingerprint_sha256)
RETURNING *;

-- name: AdminDeleteKey :one
DELETE FROM keys WHERE id = $1 RETURNING id;
