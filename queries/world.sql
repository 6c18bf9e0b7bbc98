-- Writes of the fixture loader (store.ApplyWorld). Every write is an upsert, so applying a world
-- twice changes nothing:
--   * Rows with a surrogate id are found by the id the file pins, else by their natural key
--     (username, full path, fingerprint …), else get the next id. The "target" CTEs do that
--     lookup; COALESCE stops at the first non-null, so nextval runs only for new rows.
--   * Tables with updated_at skip the update when nothing changed (the WHERE … IS DISTINCT FROM
--     guard), so updated_at keeps saying when something last really changed.
--   * Timestamps that record an event (confirmed_at, requested_at) keep their first value.

-- name: WorldReserveIDs :exec
-- Moves the sequences of the tables whose ids a file may pin past both the largest id in the
-- table and the largest id the file pins, before anything is written. Rows inserted without an
-- id then can never take an id the file pins for a row written later in the same load. A
-- sequence is never moved backwards.
SELECT setval(r.seq, greatest(r.top, 1), r.top > 0)
FROM (
    SELECT s.seq, greatest(coalesce(t.max_id, 0), t.pinned, coalesce(pg_sequence_last_value(s.seq), 0)) AS top
    FROM (VALUES
        ('users',          @users::bigint,          (SELECT max(id) FROM users)),
        ('namespaces',     @namespaces::bigint,     (SELECT max(id) FROM namespaces)),
        ('keys',           @keys::bigint,           (SELECT max(id) FROM keys)),
        ('projects',       @projects::bigint,       (SELECT max(id) FROM projects)),
        ('cluster_agents', @cluster_agents::bigint, (SELECT max(id) FROM cluster_agents))
    ) AS t (tbl, pinned, max_id)
    CROSS JOIN LATERAL (SELECT pg_get_serial_sequence(t.tbl, 'id')::regclass AS seq) AS s
) AS r;

-- name: WorldUpsertUser :one
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM users WHERE lower(username) = lower(@username::text)),
                    nextval(pg_get_serial_sequence('users', 'id')::regclass))::bigint AS id
), upsert AS (
    INSERT INTO users AS u (id, username, name, email, state, user_type, admin, external,
                            can_create_projects, confirmed_at, terms_accepted, password_expires_at,
                            otp_secret, otp_required, webauthn_registered)
    SELECT target.id, @username::text, @name::text, @email::text, @state::text, @user_type::text,
           @admin::boolean, @external::boolean, @can_create_projects::boolean,
           CASE WHEN @confirmed::boolean THEN now() END, @terms_accepted::boolean,
           sqlc.narg(password_expires_at)::timestamptz, sqlc.narg(otp_secret)::text,
           @otp_required::boolean, @webauthn_registered::boolean
    FROM target
    ON CONFLICT (id) DO UPDATE SET
        username = excluded.username, name = excluded.name, email = excluded.email,
        state = excluded.state, user_type = excluded.user_type, admin = excluded.admin,
        external = excluded.external, can_create_projects = excluded.can_create_projects,
        confirmed_at = CASE WHEN excluded.confirmed_at IS NOT NULL THEN coalesce(u.confirmed_at, excluded.confirmed_at) END,
        terms_accepted = excluded.terms_accepted, password_expires_at = excluded.password_expires_at,
        otp_secret = excluded.otp_secret, otp_required = excluded.otp_required,
        webauthn_registered = excluded.webauthn_registered, updated_at = now()
    WHERE (u.username, u.name, u.email, u.state, u.user_type, u.admin, u.external,
           u.can_create_projects, u.confirmed_at IS NULL, u.terms_accepted, u.password_expires_at,
           u.otp_secret, u.otp_required, u.webauthn_registered)
      IS DISTINCT FROM
          (excluded.username, excluded.name, excluded.email, excluded.state, excluded.user_type,
           excluded.admin, excluded.external, excluded.can_create_projects,
           excluded.confirmed_at IS NULL, excluded.terms_accepted, excluded.password_expires_at,
           excluded.otp_secret, excluded.otp_required, excluded.webauthn_registered)
)
SELECT id FROM target;

-- name: WorldUpsertPersonalNamespace :one
-- A user's personal namespace: path and full path are the username, the name is the user's.
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM namespaces WHERE kind = 'user' AND owner_id = @owner_id::bigint),
                    nextval(pg_get_serial_sequence('namespaces', 'id')::regclass))::bigint AS id
), upsert AS (
    INSERT INTO namespaces AS n (id, kind, name, path, full_path, owner_id)
    SELECT target.id, 'user', @name::text, @path::text, @path::text, @owner_id::bigint
    FROM target
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, name = excluded.name, path = excluded.path,
        full_path = excluded.full_path, owner_id = excluded.owner_id, parent_id = NULL,
        updated_at = now()
    WHERE (n.kind, n.name, n.path, n.full_path, n.owner_id, n.parent_id)
      IS DISTINCT FROM (excluded.kind, excluded.name, excluded.path, excluded.full_path, excluded.owner_id, NULL::bigint)
)
SELECT id FROM target;

-- name: WorldUpsertGroup :one
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM namespaces WHERE kind = 'group' AND lower(full_path) = lower(@full_path::text)),
                    nextval(pg_get_serial_sequence('namespaces', 'id')::regclass))::bigint AS id
), upsert AS (
    INSERT INTO namespaces AS n (id, kind, name, path, full_path, parent_id, visibility, git_access_protocol)
    SELECT target.id, 'group', @name::text, @path::text, @full_path::text, sqlc.narg(parent_id)::bigint,
           @visibility::text, @git_access_protocol::text
    FROM target
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, owner_id = NULL, name = excluded.name, path = excluded.path,
        full_path = excluded.full_path, parent_id = excluded.parent_id,
        visibility = excluded.visibility, git_access_protocol = excluded.git_access_protocol,
        updated_at = now()
    WHERE (n.kind, n.owner_id, n.name, n.path, n.full_path, n.parent_id, n.visibility, n.git_access_protocol)
      IS DISTINCT FROM (excluded.kind, NULL::bigint, excluded.name, excluded.path, excluded.full_path,
                        excluded.parent_id, excluded.visibility, excluded.git_access_protocol)
)
SELECT id FROM target;

-- name: WorldUpsertProject :one
-- disk_path is GitLab's hashed storage path of the id: @hashed/ab/cd/abcd… (sha256 of the
-- decimal id), without ".git". It depends only on the id, so an update leaves it alone.
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM projects WHERE lower(full_path) = lower(@full_path::text)),
                    nextval(pg_get_serial_sequence('projects', 'id')::regclass))::bigint AS id
), hashed AS (
    SELECT id, encode(sha256(id::text::bytea), 'hex') AS h FROM target
), upsert AS (
    INSERT INTO projects AS p (id, namespace_id, name, path, full_path, visibility, archived,
                               default_branch, repository_storage, disk_path, repository_exists,
                               repository_read_only, lfs_enabled, repository_access_level,
                               wiki_access_level, merge_requests_access_level,
                               error_tracking_enabled, creator_id)
    SELECT hashed.id, @namespace_id::bigint, @name::text, @path::text, @full_path::text,
           @visibility::text, @archived::boolean, sqlc.narg(default_branch)::text,
           @repository_storage::text,
           '@hashed/' || substr(hashed.h, 1, 2) || '/' || substr(hashed.h, 3, 2) || '/' || hashed.h,
           @repository_exists::boolean, @repository_read_only::boolean, @lfs_enabled::boolean,
           @repository_access_level::integer, @wiki_access_level::integer,
           @merge_requests_access_level::integer, @error_tracking_enabled::boolean,
           sqlc.narg(creator_id)::bigint
    FROM hashed
    ON CONFLICT (id) DO UPDATE SET
        namespace_id = excluded.namespace_id, name = excluded.name, path = excluded.path,
        full_path = excluded.full_path, visibility = excluded.visibility, archived = excluded.archived,
        default_branch = excluded.default_branch, repository_storage = excluded.repository_storage,
        repository_exists = excluded.repository_exists,
        repository_read_only = excluded.repository_read_only, lfs_enabled = excluded.lfs_enabled,
        repository_access_level = excluded.repository_access_level,
        wiki_access_level = excluded.wiki_access_level,
        merge_requests_access_level = excluded.merge_requests_access_level,
        error_tracking_enabled = excluded.error_tracking_enabled, creator_id = excluded.creator_id,
        updated_at = now()
    WHERE (p.namespace_id, p.name, p.path, p.full_path, p.visibility, p.archived, p.default_branch,
           p.repository_storage, p.repository_exists, p.repository_read_only, p.lfs_enabled,
           p.repository_access_level, p.wiki_access_level, p.merge_requests_access_level,
           p.error_tracking_enabled, p.creator_id)
      IS DISTINCT FROM
          (excluded.namespace_id, excluded.name, excluded.path, excluded.full_path,
           excluded.visibility, excluded.archived, excluded.default_branch,
           excluded.repository_storage, excluded.repository_exists, excluded.repository_read_only,
           excluded.lfs_enabled, excluded.repository_access_level, excluded.wiki_access_level,
           excluded.merge_requests_access_level, excluded.error_tracking_enabled, excluded.creator_id)
)
SELECT id FROM target;

-- name: WorldUpsertKey :one
-- A user's SSH key or a deploy key (kind 'user' or 'deploy'), found by id or fingerprint.
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM keys WHERE fingerprint_sha256 = @fingerprint_sha256::text),
                    nextval(pg_get_serial_sequence('keys', 'id')::regclass))::bigint AS id
), upsert AS (
    INSERT INTO keys AS k (id, kind, user_id, title, key, key_type, fingerprint_sha256, usage_type, expires_at)
    SELECT target.id, @kind::text, sqlc.narg(user_id)::bigint, @title::text, @key::text,
           @key_type::text, @fingerprint_sha256::text, @usage_type::text,
           sqlc.narg(expires_at)::timestamptz
    FROM target
    ON CONFLICT (id) DO UPDATE SET
        kind = excluded.kind, user_id = excluded.user_id, title = excluded.title, key = excluded.key,
        key_type = excluded.key_type, fingerprint_sha256 = excluded.fingerprint_sha256,
        usage_type = excluded.usage_type, expires_at = excluded.expires_at, updated_at = now()
    WHERE (k.kind, k.user_id, k.title, k.key, k.key_type, k.fingerprint_sha256, k.usage_type, k.expires_at)
      IS DISTINCT FROM (excluded.kind, excluded.user_id, excluded.title, excluded.key,
                        excluded.key_type, excluded.fingerprint_sha256, excluded.usage_type,
                        excluded.expires_at)
)
SELECT id FROM target;

-- name: WorldUpsertDeployKeyProject :exec
INSERT INTO deploy_keys_projects (deploy_key_id, project_id, can_push)
VALUES (@deploy_key_id::bigint, @project_id::bigint, @can_push::boolean)
ON CONFLICT (deploy_key_id, project_id) DO UPDATE SET can_push = excluded.can_push;

-- name: WorldUpsertGroupMember :exec
INSERT INTO members AS m (user_id, namespace_id, access_level, requested_at, expires_at)
VALUES (@user_id::bigint, @namespace_id::bigint, @access_level::integer,
        CASE WHEN @requested::boolean THEN now() END, sqlc.narg(expires_at)::date)
ON CONFLICT (user_id, namespace_id) WHERE namespace_id IS NOT NULL DO UPDATE SET
    access_level = excluded.access_level,
    requested_at = CASE WHEN excluded.requested_at IS NOT NULL THEN coalesce(m.requested_at, excluded.requested_at) END,
    expires_at = excluded.expires_at, updated_at = now()
WHERE (m.access_level, m.requested_at IS NULL, m.expires_at)
  IS DISTINCT FROM (excluded.access_level, excluded.requested_at IS NULL, excluded.expires_at);

-- name: WorldUpsertProjectMember :exec
INSERT INTO members AS m (user_id, project_id, access_level, requested_at, expires_at)
VALUES (@user_id::bigint, @project_id::bigint, @access_level::integer,
        CASE WHEN @requested::boolean THEN now() END, sqlc.narg(expires_at)::date)
ON CONFLICT (user_id, project_id) WHERE project_id IS NOT NULL DO UPDATE SET
    access_level = excluded.access_level,
    requested_at = CASE WHEN excluded.requested_at IS NOT NULL THEN coalesce(m.requested_at, excluded.requested_at) END,
    expires_at = excluded.expires_at, updated_at = now()
WHERE (m.access_level, m.requested_at IS NULL, m.expires_at)
  IS DISTINCT FROM (excluded.access_level, excluded.requested_at IS NULL, excluded.expires_at);

-- name: WorldUpsertRedirectRoute :exec
-- An old path leading to a namespace or (exactly one of the two) a project.
INSERT INTO redirect_routes (path, namespace_id, project_id)
VALUES (@path::text, sqlc.narg(namespace_id)::bigint, sqlc.narg(project_id)::bigint)
ON CONFLICT ((lower(path))) DO UPDATE SET
    path = excluded.path, namespace_id = excluded.namespace_id, project_id = excluded.project_id;

-- name: WorldUpsertProtectedBranch :one
INSERT INTO protected_branches (project_id, name, allow_force_push)
VALUES (@project_id::bigint, @name::text, @allow_force_push::boolean)
ON CONFLICT (project_id, name) DO UPDATE SET allow_force_push = excluded.allow_force_push
RETURNING id;

-- name: WorldEnsureProtectedBranchAccess :one
-- The id of the access-level row granting exactly this (role, user or deploy key) the action,
-- inserted when missing. Reusing rows keeps ids stable from one load to the next.
WITH found AS (
    SELECT id FROM protected_branch_access_levels
    WHERE protected_branch_id = @protected_branch_id::bigint AND action = @action::text
      AND access_level IS NOT DISTINCT FROM sqlc.narg(access_level)::integer
      AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)::bigint
      AND deploy_key_id IS NOT DISTINCT FROM sqlc.narg(deploy_key_id)::bigint
    ORDER BY id LIMIT 1
), inserted AS (
    INSERT INTO protected_branch_access_levels (protected_branch_id, action, access_level, user_id, deploy_key_id)
    SELECT @protected_branch_id::bigint, @action::text, sqlc.narg(access_level)::integer,
           sqlc.narg(user_id)::bigint, sqlc.narg(deploy_key_id)::bigint
    WHERE NOT EXISTS (SELECT 1 FROM found)
    RETURNING id
)
SELECT id FROM found UNION ALL SELECT id FROM inserted;

-- name: WorldDeleteProtectedBranchAccessExcept :exec
-- A protected branch's access lists are the file's: entries it no longer lists go.
DELETE FROM protected_branch_access_levels
WHERE protected_branch_id = @protected_branch_id::bigint AND NOT (id = ANY (@keep_ids::bigint[]));

-- name: WorldUpsertProtectedTag :one
INSERT INTO protected_tags (project_id, name)
VALUES (@project_id::bigint, @name::text)
ON CONFLICT (project_id, name) DO UPDATE SET name = excluded.name
RETURNING id;

-- name: WorldEnsureProtectedTagAccess :one
-- As WorldEnsureProtectedBranchAccess, for who may create matching tags.
WITH found AS (
    SELECT id FROM protected_tag_create_access_levels
    WHERE protected_tag_id = @protected_tag_id::bigint
      AND access_level IS NOT DISTINCT FROM sqlc.narg(access_level)::integer
      AND user_id IS NOT DISTINCT FROM sqlc.narg(user_id)::bigint
      AND deploy_key_id IS NOT DISTINCT FROM sqlc.narg(deploy_key_id)::bigint
    ORDER BY id LIMIT 1
), inserted AS (
    INSERT INTO protected_tag_create_access_levels (protected_tag_id, access_level, user_id, deploy_key_id)
    SELECT @protected_tag_id::bigint, sqlc.narg(access_level)::integer,
           sqlc.narg(user_id)::bigint, sqlc.narg(deploy_key_id)::bigint
    WHERE NOT EXISTS (SELECT 1 FROM found)
    RETURNING id
)
SELECT id FROM found UNION ALL SELECT id FROM inserted;

-- name: WorldDeleteProtectedTagAccessExcept :exec
DELETE FROM protected_tag_create_access_levels
WHERE protected_tag_id = @protected_tag_id::bigint AND NOT (id = ANY (@keep_ids::bigint[]));

-- name: WorldUpsertPersonalAccessToken :exec
-- Tokens are found by digest: the file's plaintext token is the identity of its row.
INSERT INTO personal_access_tokens (user_id, name, token_digest, scopes, expires_at, revoked)
VALUES (@user_id::bigint, @name::text, @token_digest::text, @scopes::text[],
        sqlc.narg(expires_at)::date, @revoked::boolean)
ON CONFLICT (token_digest) DO UPDATE SET
    user_id = excluded.user_id, name = excluded.name, scopes = excluded.scopes,
    expires_at = excluded.expires_at, revoked = excluded.revoked;

-- name: WorldUpsertErrorTrackingClientKey :exec
INSERT INTO error_tracking_client_keys (project_id, public_key, active)
VALUES (@project_id::bigint, @public_key::text, @active::boolean)
ON CONFLICT (project_id, public_key) DO UPDATE SET active = excluded.active;

-- name: WorldUpsertClusterAgent :one
WITH target AS (
    SELECT coalesce(sqlc.narg(id)::bigint,
                    (SELECT id FROM cluster_agents WHERE project_id = @project_id::bigint AND name = @name::text),
                    nextval(pg_get_serial_sequence('cluster_agents', 'id')::regclass))::bigint AS id
), upsert AS (
    INSERT INTO cluster_agents (id, project_id, name, created_by_user_id, config)
    SELECT target.id, @project_id::bigint, @name::text, sqlc.narg(created_by_user_id)::bigint,
           sqlc.narg(config)::jsonb
    FROM target
    ON CONFLICT (id) DO UPDATE SET
        project_id = excluded.project_id, name = excluded.name,
        created_by_user_id = excluded.created_by_user_id, config = excluded.config
)
SELECT id FROM target;

-- name: WorldUpsertClusterAgentToken :exec
INSERT INTO cluster_agent_tokens (agent_id, name, token_digest, revoked)
VALUES (@agent_id::bigint, @name::text, @token_digest::text, @revoked::boolean)
ON CONFLICT (token_digest) DO UPDATE SET
    agent_id = excluded.agent_id, name = excluded.name, revoked = excluded.revoked;

-- name: WorldUpsertSAMLProvider :one
INSERT INTO saml_providers (group_id, enabled, sso_url, default_membership_role)
VALUES (@group_id::bigint, @enabled::boolean, @sso_url::text, @default_membership_role::integer)
ON CONFLICT (group_id) DO UPDATE SET
    enabled = excluded.enabled, sso_url = excluded.sso_url,
    default_membership_role = excluded.default_membership_role
RETURNING id;

-- name: WorldUpsertSCIMToken :exec
-- A group has one SCIM token; a new one in the file replaces the old.
INSERT INTO scim_tokens (group_id, token_digest)
VALUES (@group_id::bigint, @token_digest::text)
ON CONFLICT (group_id) DO UPDATE SET token_digest = excluded.token_digest;

-- name: WorldUpsertIdentity :exec
-- A user's identity at a group's SAML provider (one per user and provider).
INSERT INTO identities AS i (user_id, extern_uid, saml_provider_id, active)
VALUES (@user_id::bigint, @extern_uid::text, @saml_provider_id::bigint, @active::boolean)
ON CONFLICT (saml_provider_id, user_id) DO UPDATE SET
    extern_uid = excluded.extern_uid, active = excluded.active, updated_at = now()
WHERE (i.extern_uid, i.active) IS DISTINCT FROM (excluded.extern_uid, excluded.active);

-- name: WorldUpsertUpcomingReconciliation :exec
INSERT INTO upcoming_reconciliations AS r (namespace_id, next_reconciliation_date, display_alert_from)
VALUES (@namespace_id::bigint, @next_reconciliation_date::date, @display_alert_from::date)
ON CONFLICT (namespace_id) DO UPDATE SET
    next_reconciliation_date = excluded.next_reconciliation_date,
    display_alert_from = excluded.display_alert_from, updated_at = now()
WHERE (r.next_reconciliation_date, r.display_alert_from)
  IS DISTINCT FROM (excluded.next_reconciliation_date, excluded.display_alert_from);

-- name: WorldLock :exec
-- Serialises world loads (replicas starting with --demo at once, parallel `glia load`s). Today's
-- upserts already survive running side by side; the lock keeps that true without every future
-- upsert having to pick the right conflict target. Held until the transaction ends.
SELECT pg_advisory_xact_lock(hashtext('glia.world'));

-- name: WorldUpsertSubscription :exec
INSERT INTO gitlab_subscriptions AS s (namespace_id, hosted_plan, seats, max_seats_used, start_date,
    end_date, trial, trial_starts_on, trial_ends_on, auto_renew)
VALUES (@namespace_id::bigint, @hosted_plan::text, @seats::integer, @max_seats_used::integer,
    @start_date::date, sqlc.narg(end_date)::date, @trial::boolean, sqlc.narg(trial_starts_on)::date,
    sqlc.narg(trial_ends_on)::date, sqlc.narg(auto_renew)::boolean)
ON CONFLICT (namespace_id) DO UPDATE SET
    hosted_plan = excluded.hosted_plan, seats = excluded.seats,
    max_seats_used = excluded.max_seats_used, start_date = excluded.start_date,
    end_date = excluded.end_date, trial = excluded.trial, trial_starts_on = excluded.trial_starts_on,
    trial_ends_on = excluded.trial_ends_on, auto_renew = excluded.auto_renew, updated_at = now()
WHERE (s.hosted_plan, s.seats, s.max_seats_used, s.start_date, s.end_date, s.trial,
       s.trial_starts_on, s.trial_ends_on, s.auto_renew)
      IS DISTINCT FROM
      (excluded.hosted_plan, excluded.seats, excluded.max_seats_used, excluded.start_date,
       excluded.end_date, excluded.trial, excluded.trial_starts_on, excluded.trial_ends_on,
       excluded.auto_renew);

-- name: WorldUpsertScanExecutionPolicy :exec
-- updated_at follows the file when it names one; otherwise it moves only when the policy changes,
-- so loading the same file twice changes nothing.
INSERT INTO scan_execution_policies AS p (project_id, position, name, description, enabled, rules,
    actions, updated_at)
VALUES (@project_id::bigint, @position::integer, @name::text, @description::text, @enabled::boolean,
    @rules::jsonb, @actions::jsonb, coalesce(sqlc.narg(updated_at)::timestamptz, now()))
ON CONFLICT (project_id, name) DO UPDATE SET
    position = excluded.position, description = excluded.description, enabled = excluded.enabled,
    rules = excluded.rules, actions = excluded.actions,
    updated_at = excluded.updated_at
WHERE (p.position, p.description, p.enabled, p.rules, p.actions, p.updated_at)
      IS DISTINCT FROM
      (excluded.position, excluded.description, excluded.enabled, excluded.rules, excluded.actions,
       coalesce(sqlc.narg(updated_at)::timestamptz, p.updated_at));
