-- Administration of what Git access reads: protected refs, deploy keys, redirect routes and
-- project hooks. The writes themselves are the world loader's queries; these find what a command
-- names and remove what it takes away.

-- name: AdminProjectID :one
-- A project by its current full path (an old path is a redirect, not the project).
SELECT id FROM projects WHERE lower(full_path) = lower(@full_path);

-- name: AdminDeployKeyIDsByTitle :many
SELECT id FROM keys WHERE kind = 'deploy' AND title = @title ORDER BY id;

-- name: AdminKeyByFingerprint :one
SELECT id, kind FROM keys WHERE fingerprint_sha256 = @fingerprint_sha256;

-- name: AdminDeleteProtectedBranch :one
DELETE FROM protected_branches WHERE project_id = @project_id AND name = @name RETURNING id;

-- name: AdminDeleteProtectedTag :one
DELETE FROM protected_tags WHERE project_id = @project_id AND name = @name RETURNING id;

-- name: AdminUnlinkDeployKey :one
DELETE FROM deploy_keys_projects WHERE deploy_key_id = @deploy_key_id AND project_id = @project_id
RETURNING deploy_key_id;

-- name: AdminDeleteRedirectRoute :one
DELETE FROM redirect_routes WHERE lower(path) = lower(@path) RETURNING id;

-- name: AdminDeleteProjectHook :one
DELETE FROM project_hooks WHERE project_id = @project_id AND url = @url::text
RETURNING id;
