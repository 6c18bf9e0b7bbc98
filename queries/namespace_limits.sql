-- What CustomersDot sets on a namespace beside its subscription (the billing API's namespace
-- update), and the namespace as that API presents it.

-- name: EnsureNamespaceLimits :exec
-- Gives the namespace its (empty) limits row, so that an update has a row to lock even the
-- first time.
INSERT INTO namespace_limits (namespace_id) VALUES ($1) ON CONFLICT (namespace_id) DO NOTHING;

-- name: LockNamespaceLimits :one
-- The limits an update is about to change, held until the transaction ends: concurrent updates
-- of one namespace (and the subscription they may create) apply one after the other.
SELECT * FROM namespace_limits WHERE namespace_id = $1 FOR UPDATE;

-- name: UpdateNamespaceLimits :one
UPDATE namespace_limits SET
    shared_runners_minutes_limit = sqlc.narg(shared_runners_minutes_limit),
    extra_shared_runners_minutes_limit = sqlc.narg(extra_shared_runners_minutes_limit),
    additional_purchased_storage_size = @additional_purchased_storage_size,
    additional_purchased_storage_ends_on = sqlc.narg(additional_purchased_storage_ends_on),
    updated_at = now()
WHERE namespace_id = @namespace_id
RETURNING *;

-- name: GetNamespaceLimits :one
SELECT * FROM namespace_limits WHERE namespace_id = $1;

-- name: GetBillingNamespaceDetails :one
-- A namespace as the billing API's namespace entity shows it: its own compute-minute limits,
-- the purchased storage and the plan of its top-level namespace (GitLab reads both from the
-- root), and, for a group, the members and projects of it and its subgroups. Members counted are
-- accepted, unexpired, above minimal access, of active users (GitLab's users_with_descendants).
WITH RECURSIVE ancestors AS (
    SELECT n.id, n.parent_id FROM namespaces n WHERE n.id = @namespace_id
  UNION ALL
    SELECT n.id, n.parent_id FROM namespaces n JOIN ancestors a ON n.id = a.parent_id
), descendants AS (
    SELECT n.id FROM namespaces n WHERE n.id = @namespace_id
  UNION ALL
    SELECT n.id FROM namespaces n JOIN descendants d ON n.parent_id = d.id
), root AS (
    SELECT a.id FROM ancestors a WHERE a.parent_id IS NULL
)
SELECT n.id, n.kind, n.name, n.path, n.full_path, n.parent_id,
    l.shared_runners_minutes_limit, l.extra_shared_runners_minutes_limit,
    coalesce(rl.additional_purchased_storage_size, 0)::bigint AS additional_purchased_storage_size,
    rl.additional_purchased_storage_ends_on,
    rs.hosted_plan AS root_hosted_plan,
    (SELECT count(DISTINCT m.user_id) FROM members m JOIN users u ON u.id = m.user_id
     WHERE m.namespace_id IN (SELECT id FROM descendants) AND m.requested_at IS NULL
       AND m.access_level > 5 AND (m.expires_at IS NULL OR m.expires_at >= current_date)
       AND u.state = 'active')::bigint AS members_count_with_descendants,
    (SELECT count(*) FROM projects p WHERE p.namespace_id IN (SELECT id FROM descendants))::bigint AS projects_count
FROM namespaces n
CROSS JOIN root
LEFT JOIN namespace_limits l ON l.namespace_id = n.id
LEFT JOIN namespace_limits rl ON rl.namespace_id = root.id
LEFT JOIN gitlab_subscriptions rs ON rs.namespace_id = root.id
WHERE n.id = @namespace_id;
