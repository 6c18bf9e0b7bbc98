-- name: GetProjectByID :one
-- The project a gl_repository "project-<id>" names.
SELECT * FROM projects WHERE id = $1;

-- name: GetProjectByPath :one
-- The project a path as typed by the user names, or an old path of it (see project_at_path).
SELECT sqlc.embed(p), t.redirected::boolean AS redirected
FROM project_at_path(@path::text, @ancestors::text[]) AS t(project_id, redirected) JOIN projects p ON p.id = t.project_id;
