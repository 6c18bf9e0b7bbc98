-- name: GetProjectByID :one
-- The project a gl_repository "project-<id>" names.
SELECT * FROM projects WHERE id = $1;

-- name: GetProjectByPath :one
-- The project a path as typed by the user names; it may be an old path a rename left behind.
-- One round trip, every branch an index probe. In order of preference:
--   0. the project whose full path is @path, ignoring case;
--   1. a project that used to live at @path (its own redirect route);
--   2. a project below a namespace that used to live at one of @ancestors (the lower-cased
--      proper prefixes of @path, longest first): GitLab writes a redirect for every descendant
--      when a namespace moves, glia derives them from the namespace's own route, so the deepest
--      moved namespace wins.
-- redirected says the project was found through an old path.
WITH candidates AS (
    SELECT p.id AS project_id, 0 AS preference, 0 AS depth
    FROM projects p
    WHERE lower(p.full_path) = lower(@path::text)
    UNION ALL
    SELECT r.project_id, 1, 0
    FROM redirect_routes r
    WHERE lower(r.path) = lower(@path::text) AND r.project_id IS NOT NULL
    UNION ALL
    SELECT p.id, 2, length(r.path)
    FROM redirect_routes r
    JOIN namespaces n ON n.id = r.namespace_id
    JOIN projects p ON lower(p.full_path) = lower(n.full_path || substr(@path::text, length(r.path) + 1))
    WHERE lower(r.path) = ANY(@ancestors::text[])
)
SELECT sqlc.embed(p), (c.preference > 0)::boolean AS redirected
FROM candidates c JOIN projects p ON p.id = c.project_id
ORDER BY c.preference, c.depth DESC
LIMIT 1;
