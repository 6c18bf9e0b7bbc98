-- What /internal/allowed needs to decide.

-- name: GetProjectAccess :one
-- A project and an actor's standing on it in one round trip, so that /internal/allowed waits for
-- the database once. The project is @project_id, or when that is NULL the one @path (as typed,
-- normalised) names, an old path included (project_at_path). The actor is named as the request
-- names it, by at most one of @key_id (the user is its owner, a deploy key's creator), @user_id
-- and @username (actor.Params.Effective picks it): resolving it here rather than after the
-- actor's own lookup is what saves the second round trip.
-- The row holds the project's access settings, its root namespace (for the enabled-protocol
-- setting and gl_root_namespace_id), the effective membership (the highest over the project
-- and every ancestor group, as GitLab's inherited memberships; the owner of a personal
-- namespace, always a root, owns its projects), a pending request, and the deploy key's link.
-- The memberships are read once for both: project and group memberships are two branches of one
-- UNION ALL, so each uses its (user, project) or (user, namespace) index (one OR across both
-- made PostgreSQL scan every membership). Every subquery is a plan node PostgreSQL initialises
-- on each call, so there are as few as the facts allow.
WITH RECURSIVE target AS (
    SELECT sqlc.narg(project_id)::bigint AS project_id, false AS redirected
    WHERE sqlc.narg(project_id)::bigint IS NOT NULL
  UNION ALL
    SELECT t.project_id, t.redirected::boolean
    FROM project_at_path(@path::text, @ancestors::text[]) AS t(project_id, redirected)
    WHERE sqlc.narg(project_id)::bigint IS NULL
), key AS (
    SELECT k.user_id, CASE WHEN k.kind = 'deploy' THEN k.id END AS deploy_key_id
    FROM keys k WHERE k.id = sqlc.narg(key_id) AND k.usage_type IN ('auth', 'auth_and_signing')
), actor AS MATERIALIZED (
    SELECT coalesce(
               (SELECT key.user_id FROM key),
               (SELECT u.id FROM users u WHERE u.id = sqlc.narg(user_id)),
               (SELECT u.id FROM users u WHERE lower(u.username) = lower(sqlc.narg(username)::text)),
               0) AS user_id,
           coalesce((SELECT key.deploy_key_id FROM key), 0) AS deploy_key_id
), ancestors AS (
    SELECT n.id, n.parent_id, n.kind, n.owner_id, n.git_access_protocol
    FROM namespaces n JOIN projects p ON p.namespace_id = n.id JOIN target t ON t.project_id = p.id
  UNION ALL
    SELECT n.id, n.parent_id, n.kind, n.owner_id, n.git_access_protocol
    FROM namespaces n JOIN ancestors a ON n.id = a.parent_id
)
SELECT sqlc.embed(p), t.redirected::boolean AS redirected,
       root.id AS root_namespace_id, root.git_access_protocol AS root_git_access_protocol,
       greatest(coalesce(membership.access_level, 0),
                CASE WHEN root.kind = 'user' AND root.owner_id = actor.user_id THEN 50 ELSE 0 END)::int AS access_level,
       coalesce(membership.pending, false)::bool AS membership_pending,
       (dk.project_id IS NOT NULL)::bool AS deploy_key_linked,
       coalesce(dk.can_push, false)::bool AS deploy_key_can_push
FROM target t
JOIN projects p ON p.id = t.project_id
CROSS JOIN actor
CROSS JOIN LATERAL (SELECT a.id, a.git_access_protocol, a.kind, a.owner_id FROM ancestors a WHERE a.parent_id IS NULL) root
CROSS JOIN LATERAL (
    SELECT max(m.access_level) FILTER (WHERE m.requested_at IS NULL
                                         AND (m.expires_at IS NULL OR m.expires_at >= current_date)) AS access_level,
           bool_or(m.requested_at IS NOT NULL) AS pending
    FROM (SELECT m.access_level, m.requested_at, m.expires_at FROM members m
          WHERE m.user_id = actor.user_id AND m.project_id = p.id
          UNION ALL
          SELECT m.access_level, m.requested_at, m.expires_at FROM ancestors a JOIN members m ON m.namespace_id = a.id
          WHERE m.user_id = actor.user_id) m
) membership
LEFT JOIN deploy_keys_projects dk ON dk.project_id = p.id AND dk.deploy_key_id = actor.deploy_key_id;

-- name: ListProtectedBranchRules :many
-- Every protected-branch rule of a project with its access levels (one row per level; a rule
-- without levels appears once with NULL action).
SELECT b.id, b.name, b.allow_force_push, l.action, l.access_level, l.user_id, l.deploy_key_id
FROM protected_branches b LEFT JOIN protected_branch_access_levels l ON l.protected_branch_id = b.id
WHERE b.project_id = $1
ORDER BY b.id, l.id;

-- name: ListProtectedTagRules :many
SELECT t.id, t.name, l.access_level, l.user_id, l.deploy_key_id
FROM protected_tags t LEFT JOIN protected_tag_create_access_levels l ON l.protected_tag_id = t.id
WHERE t.project_id = $1
ORDER BY t.id, l.id;

-- name: GetNamespaceForNewProject :one
-- The namespace a pushed-to path would create a project in, and whether the user may: their own
-- personal namespace, or a group where they (or an ancestor group) grant maintainer or more.
WITH RECURSIVE ancestors AS (
    SELECT n.id, n.parent_id FROM namespaces n WHERE lower(n.full_path) = lower(@full_path::text)
  UNION ALL
    SELECT n.id, n.parent_id FROM namespaces n JOIN ancestors a ON n.id = a.parent_id
)
SELECT n.id, n.full_path,
       (CASE WHEN n.kind = 'user' THEN n.owner_id = @user_id
             ELSE coalesce((SELECT max(m.access_level) FROM members m
                            WHERE m.user_id = @user_id AND m.requested_at IS NULL
                              AND m.namespace_id IN (SELECT id FROM ancestors)), 0) >= 40
        END)::bool AS may_create
FROM namespaces n WHERE lower(n.full_path) = lower(@full_path::text);

-- name: CreatePrivateProject :one
-- Create-on-push: a private project at namespace/path, its hashed storage path derived from the
-- id the sequence hands out (as GitLab's hashed storage does). No row when a group or user
-- namespace holds the path: GitLab's routes are one namespace for projects and groups alike.
WITH next AS (SELECT nextval(pg_get_serial_sequence('projects', 'id')) AS id)
INSERT INTO projects (id, namespace_id, name, path, full_path, visibility, repository_exists, disk_path, creator_id)
SELECT next.id, @namespace_id, @path::text, @path::text, @full_path::text, 'private', true,
       '@hashed/' || substr(h.hex, 1, 2) || '/' || substr(h.hex, 3, 2) || '/' || h.hex, @creator_id
FROM next, LATERAL (SELECT encode(sha256(next.id::text::bytea), 'hex') AS hex) h
WHERE NOT EXISTS (SELECT 1 FROM namespaces n WHERE lower(n.full_path) = lower(@full_path::text))
RETURNING id;
