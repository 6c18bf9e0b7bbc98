-- Credentials are looked up by the SHA-256 digest of the presented token; the token itself is
-- never stored.

-- name: GetAgentByTokenDigest :one
SELECT t.id AS token_id, a.id AS agent_id, a.project_id, t.last_used_at
FROM cluster_agent_tokens t JOIN cluster_agents a ON a.id = t.agent_id
WHERE t.token_digest = $1 AND NOT t.revoked;

-- name: GetSCIMTokenGroup :one
-- The group (by id or full path) a SCIM token belongs to, if it belongs to that group.
SELECT n.id AS group_id
FROM scim_tokens s JOIN namespaces n ON n.id = s.group_id
WHERE s.token_digest = @token_digest
  AND (lower(n.full_path) = lower(@group_path::text) OR n.id::text = @group_path::text);
