-- Kubernetes agents as kas sees them: the agent behind a token, its configuration, and the
-- administration of agents and their tokens.

-- name: GetAgent :one
SELECT id, project_id, name, created_by_user_id FROM cluster_agents WHERE id = $1;

-- name: TouchAgentToken :exec
-- Records that kas used a token. GitLab writes the column at most every 40 to 55 minutes (it
-- keeps the exact time in its cache); glia writes it at most every 40.
UPDATE cluster_agent_tokens SET last_used_at = now()
WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '40 minutes');

-- name: SetAgentConfiguration :execrows
UPDATE cluster_agents SET config = @config::jsonb, config_updated_at = now() WHERE id = @id;

-- name: ClearAgentAuthorizations :exec
DELETE FROM cluster_agent_authorizations WHERE agent_id = $1;

-- name: AddAgentProjectAuthorizations :exec
-- Authorises the projects named by full path (ignoring case); paths naming no project are
-- skipped, as GitLab's refresh services skip them.
INSERT INTO cluster_agent_authorizations (agent_id, access, project_id, settings)
SELECT @agent_id::bigint, @access::text, p.id, e.settings
FROM (SELECT unnest(@paths::text[]) AS path, unnest(@settings::jsonb[]) AS settings) e
JOIN projects p ON lower(p.full_path) = lower(e.path)
ON CONFLICT DO NOTHING;

-- name: AddAgentGroupAuthorizations :exec
INSERT INTO cluster_agent_authorizations (agent_id, access, namespace_id, settings)
SELECT @agent_id::bigint, @access::text, n.id, e.settings
FROM (SELECT unnest(@paths::text[]) AS path, unnest(@settings::jsonb[]) AS settings) e
JOIN namespaces n ON n.kind = 'group' AND lower(n.full_path) = lower(e.path)
ON CONFLICT DO NOTHING;

-- name: ListAgentAuthorizations :many
SELECT z.access, coalesce(p.full_path, n.full_path)::text AS full_path, (z.project_id IS NOT NULL)::bool AS is_project
FROM cluster_agent_authorizations z
LEFT JOIN projects p ON p.id = z.project_id
LEFT JOIN namespaces n ON n.id = z.namespace_id
WHERE z.agent_id = $1
ORDER BY z.access, 2;

-- name: CreateAgent :one
INSERT INTO cluster_agents (project_id, name, created_by_user_id)
VALUES (@project_id, @name, sqlc.narg(created_by_user_id))
RETURNING id;

-- name: GetAgentByProjectAndName :one
SELECT a.id, a.project_id, a.name, a.created_by_user_id, a.config_updated_at, u.username AS created_by
FROM cluster_agents a
JOIN projects p ON p.id = a.project_id
LEFT JOIN users u ON u.id = a.created_by_user_id
WHERE lower(p.full_path) = lower(@project_path::text) AND a.name = @name::text;

-- name: CreateAgentToken :one
INSERT INTO cluster_agent_tokens (agent_id, name, token_digest)
VALUES (@agent_id, @name, @token_digest)
RETURNING id;

-- name: RevokeAgentToken :execrows
UPDATE cluster_agent_tokens SET revoked = true WHERE id = $1 AND NOT revoked;

-- name: ListAgentTokens :many
SELECT id, name, revoked, last_used_at, created_at FROM cluster_agent_tokens
WHERE agent_id = $1 ORDER BY id;

-- name: AddUsageCounts :exec
-- Adds each counter's increment to today's (UTC) total, saturating at the bigint maximum.
INSERT INTO kas_usage_counters (day, name, value)
SELECT (now() AT TIME ZONE 'UTC')::date, c.name, c.value
FROM (SELECT unnest(@names::text[]) AS name, unnest(@increments::bigint[]) AS value) c
ON CONFLICT (day, name) DO UPDATE SET
    value = least(kas_usage_counters.value::numeric + excluded.value, 9223372036854775807)::bigint;

-- name: AddUniqueCounterIDs :exec
INSERT INTO kas_unique_counter_ids (day, name, id)
SELECT DISTINCT (now() AT TIME ZONE 'UTC')::date, c.name, c.id
FROM (SELECT unnest(@names::text[]) AS name, unnest(@ids::bigint[]) AS id) c
ON CONFLICT DO NOTHING;

-- name: ListUsageCounters :many
-- Every counter per day since @since: plain counters with their totals, unique counters with
-- the number of distinct ids.
SELECT day, name, value, false::bool AS is_unique FROM kas_usage_counters WHERE day >= @since::date
UNION ALL
SELECT day, name, count(*)::bigint, true::bool FROM kas_unique_counter_ids WHERE day >= @since::date GROUP BY day, name
ORDER BY day, name;
