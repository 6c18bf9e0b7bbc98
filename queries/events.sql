-- name: GetProjectForHooks :one
-- A project with what webhook payloads say about it beyond its own row.
SELECT sqlc.embed(p), n.name AS namespace_name
FROM projects p JOIN namespaces n ON n.id = p.namespace_id
WHERE p.id = @id;

-- name: ListProjectHooks :many
SELECT * FROM project_hooks WHERE project_id = @project_id ORDER BY id;

-- name: GetProjectHook :one
SELECT * FROM project_hooks WHERE id = @id;

-- name: InsertPushEvent :one
-- Records one change of a push, unless the same job recorded it before; no row back means it
-- did (a job that runs again).
INSERT INTO push_events (project_id, author_id, job_id, change_index, ref, ref_type, action, commit_from, commit_to)
VALUES (@project_id, sqlc.narg(author_id), @job_id, @change_index, @ref, @ref_type, @action, @commit_from, @commit_to)
ON CONFLICT (job_id, change_index) DO NOTHING
RETURNING id;

-- name: SetRepositoryRef :exec
INSERT INTO repository_refs (project_id, ref_digest, ref, sha)
VALUES (@project_id, @ref_digest, @ref, @sha)
ON CONFLICT (project_id, ref_digest) DO UPDATE SET sha = excluded.sha, updated_at = now();

-- name: DeleteRepositoryRef :exec
DELETE FROM repository_refs WHERE project_id = @project_id AND ref_digest = @ref_digest;

-- name: ListRepositoryRefs :many
SELECT ref, sha FROM repository_refs WHERE project_id = @project_id ORDER BY ref;

-- name: ListPushEvents :many
SELECT * FROM push_events WHERE project_id = @project_id ORDER BY id;

-- name: InsertWebhookDelivery :exec
INSERT INTO webhook_deliveries (hook_id, job_id, attempt, event, url, status_code, error, duration_ms)
VALUES (@hook_id, @job_id, @attempt, @event, @url, sqlc.narg(status_code), @error, @duration_ms);

-- name: ListWebhookDeliveries :many
SELECT * FROM webhook_deliveries WHERE hook_id = @hook_id ORDER BY id;

-- name: WorldUpsertProjectHook :exec
-- The fixture loader's write of a project hook, found by (project, URL).
INSERT INTO project_hooks AS h (project_id, url, token, push_events, tag_push_events)
VALUES (@project_id, @url, @token, @push_events, @tag_push_events)
ON CONFLICT (project_id, md5(url)) DO UPDATE SET
    token = excluded.token, push_events = excluded.push_events,
    tag_push_events = excluded.tag_push_events, updated_at = now()
WHERE (h.token, h.push_events, h.tag_push_events)
  IS DISTINCT FROM (excluded.token, excluded.push_events, excluded.tag_push_events);
