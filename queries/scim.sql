-- Group SCIM: the group a SCIM request names with its SAML provider, the group's SCIM identities
-- (identities of its SAML provider) with their users, and the provisioning writes. The writes run
-- in one transaction under the provider's row lock (LockSAMLProviderForSCIM), so that requests of
-- one group's identity provider apply one after another.

-- name: GetSCIMGroupByID :one
SELECT n.id, n.name, n.full_path, p.id AS saml_provider_id, p.enabled AS saml_enabled,
       p.default_membership_role
FROM namespaces n LEFT JOIN saml_providers p ON p.group_id = n.id
WHERE n.kind = 'group' AND n.id = @id;

-- name: GetSCIMGroupByPath :one
SELECT n.id, n.name, n.full_path, p.id AS saml_provider_id, p.enabled AS saml_enabled,
       p.default_membership_role
FROM namespaces n LEFT JOIN saml_providers p ON p.group_id = n.id
WHERE n.kind = 'group' AND lower(n.full_path) = lower(@full_path::text);

-- name: ListSCIMIdentities :many
-- A page of the provider's identities in creation order; a NULL limit means all of them.
SELECT i.id, i.user_id, i.extern_uid, i.active, u.username, u.name, u.email,
       EXISTS (SELECT 1 FROM members m
               WHERE m.namespace_id = p.group_id AND m.user_id = i.user_id AND m.requested_at IS NULL) AS member
FROM identities i
JOIN users u ON u.id = i.user_id
JOIN saml_providers p ON p.id = i.saml_provider_id
WHERE i.saml_provider_id = @saml_provider_id
ORDER BY i.id
LIMIT sqlc.narg(row_limit)::integer OFFSET @row_offset::integer;

-- name: CountSCIMIdentities :one
SELECT count(*) FROM identities WHERE saml_provider_id = @saml_provider_id;

-- name: GetSCIMIdentity :one
-- The provider's identity with this extern_uid (ignoring case, as GitLab looks it up) or of this
-- user; give one of the two.
SELECT i.id, i.user_id, i.extern_uid, i.active, u.username, u.name, u.email,
       EXISTS (SELECT 1 FROM members m
               WHERE m.namespace_id = p.group_id AND m.user_id = i.user_id AND m.requested_at IS NULL) AS member
FROM identities i
JOIN users u ON u.id = i.user_id
JOIN saml_providers p ON p.id = i.saml_provider_id
WHERE i.saml_provider_id = @saml_provider_id
  AND (lower(i.extern_uid) = lower(sqlc.narg(extern_uid)::text) OR i.user_id = sqlc.narg(user_id)::bigint);

-- name: GetSCIMUserByEmail :one
-- The user owning an email address, ignoring case (glia keeps only primary emails).
SELECT * FROM users WHERE lower(email) = lower(@email::text);

-- name: SCIMUsernameTaken :one
-- Whether a username would collide with a user's username or a top-level namespace's path.
SELECT EXISTS (
    SELECT 1 FROM users WHERE lower(username) = lower(@username::text)
    UNION ALL
    SELECT 1 FROM namespaces WHERE lower(full_path) = lower(@username::text)
);

-- name: LockSAMLProviderForSCIM :one
SELECT id FROM saml_providers WHERE id = @id FOR UPDATE;

-- name: CreateSCIMIdentity :exec
INSERT INTO identities (user_id, extern_uid, saml_provider_id, active)
VALUES (@user_id, @extern_uid, @saml_provider_id, true);

-- name: SetSCIMIdentityActive :exec
UPDATE identities SET active = @active, updated_at = now() WHERE id = @id;

-- name: SetSCIMIdentityExternUID :exec
UPDATE identities SET extern_uid = @extern_uid, updated_at = now() WHERE id = @id;

-- name: AddSCIMGroupMember :exec
-- Makes the user a member of the group; a pending access request becomes the membership.
INSERT INTO members (user_id, namespace_id, access_level)
VALUES (@user_id, @group_id, @access_level)
ON CONFLICT (user_id, namespace_id) WHERE namespace_id IS NOT NULL DO UPDATE
SET access_level = excluded.access_level, requested_at = NULL, updated_at = now()
WHERE members.requested_at IS NOT NULL;

-- name: ListSCIMGroupOwners :many
-- The owners of the group, inherited ones included, as GitLab counts them for "last owner":
-- owners of the group and of its ancestors, bots excluded.
WITH RECURSIVE ancestors AS (
    SELECT n.id, n.parent_id FROM namespaces n WHERE n.id = @group_id
    UNION ALL
    SELECT n.id, n.parent_id FROM namespaces n JOIN ancestors a ON n.id = a.parent_id
)
SELECT DISTINCT m.user_id
FROM members m JOIN users u ON u.id = m.user_id
WHERE m.namespace_id IN (SELECT id FROM ancestors)
  AND m.access_level = 50 AND m.requested_at IS NULL AND u.user_type <> 'bot';

-- name: RemoveSCIMGroupHierarchyMembers :exec
-- Removes the user from the group, its subgroups and every project in them (what GitLab's member
-- removal does with a group membership).
WITH RECURSIVE tree AS (
    SELECT n.id FROM namespaces n WHERE n.id = @group_id
    UNION ALL
    SELECT n.id FROM namespaces n JOIN tree t ON n.parent_id = t.id
)
DELETE FROM members m
WHERE m.user_id = @user_id
  AND (m.namespace_id IN (SELECT id FROM tree)
       OR m.project_id IN (SELECT pr.id FROM projects pr WHERE pr.namespace_id IN (SELECT id FROM tree)));

-- name: EnableSAMLProvider :exec
-- Enables the group's SAML provider, creating it when missing; a NULL SSO URL or role keeps the
-- current one (new providers: no URL, guest).
INSERT INTO saml_providers (group_id, enabled, sso_url, default_membership_role)
VALUES (@group_id, true, COALESCE(sqlc.narg(sso_url)::text, ''), COALESCE(sqlc.narg(default_role)::integer, 10))
ON CONFLICT (group_id) DO UPDATE SET
    enabled = true,
    sso_url = COALESCE(sqlc.narg(sso_url)::text, saml_providers.sso_url),
    default_membership_role = COALESCE(sqlc.narg(default_role)::integer, saml_providers.default_membership_role);

-- name: DisableSAMLProvider :execrows
UPDATE saml_providers SET enabled = false WHERE group_id = @group_id;

-- name: ReplaceSCIMToken :exec
-- A group has one SCIM token: a new one replaces the old, which stops working at once.
INSERT INTO scim_tokens (group_id, token_digest) VALUES (@group_id, @token_digest)
ON CONFLICT (group_id) DO UPDATE SET token_digest = excluded.token_digest, created_at = now();
