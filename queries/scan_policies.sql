-- What the agent's Starboard module reads: the scan execution policies of the agent's project.

-- name: GetAgentPolicyScope :one
-- The agent's name (policy rules name agents), its project and that project's plan ('' for
-- none, the free plan).
SELECT a.name, a.project_id, coalesce(project_plan(a.project_id), '')::text AS plan
FROM cluster_agents a
WHERE a.id = $1;

-- name: ListScanExecutionPolicies :many
SELECT name, description, enabled, rules, actions, updated_at
FROM scan_execution_policies
WHERE project_id = $1
ORDER BY position, id;
