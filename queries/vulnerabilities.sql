-- What the agent's Starboard module reports: vulnerabilities found in the cluster.

-- name: UpsertClusterImageVulnerability :exec
-- Creates the vulnerability of a finding UUID, or, when it exists and was resolved, detects it
-- again (GitLab reverts a resolved one to detected); an active one is left as it is.
INSERT INTO vulnerabilities (
    uuid, project_id, agent_id, author_id, title, severity, confidence, message, description,
    solution, identifiers, links, location, primary_identifier_fingerprint, location_fingerprint,
    project_fingerprint, scanner_external_id, scanner_name, scanner_vendor)
VALUES (
    @uuid, @project_id, @agent_id, sqlc.narg(author_id), @title, @severity, @confidence, @message,
    @description, @solution, @identifiers, @links, @location, @primary_identifier_fingerprint,
    @location_fingerprint, @project_fingerprint, @scanner_external_id, @scanner_name, @scanner_vendor)
ON CONFLICT (uuid) DO UPDATE SET
    state = 'detected', resolved_on_default_branch = false, resolved_at = NULL, updated_at = now()
WHERE vulnerabilities.state = 'resolved';

-- name: ResolveAgentVulnerabilitiesExcept :execrows
-- Resolves the agent's active findings in its project that the latest scan no longer lists.
UPDATE vulnerabilities SET
    state = 'resolved', resolved_on_default_branch = true, resolved_at = now(), updated_at = now()
WHERE project_id = @project_id AND agent_id = @agent_id AND state IN ('detected', 'confirmed')
  AND NOT (uuid = ANY (@keep::uuid[]));

-- name: ListProjectVulnerabilities :many
SELECT uuid, agent_id, state, title, severity, resolved_on_default_branch
FROM vulnerabilities WHERE project_id = $1 ORDER BY id;
