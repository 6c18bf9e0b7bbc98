-- +goose Up

-- The project a path as typed by the user names, for every query that starts from one (the
-- plain lookup and /internal/allowed's single round trip); it may be an old path a rename left
-- behind. Every branch is an index probe. In order of preference:
--   0. the project whose full path is wanted, ignoring case;
--   1. a project that used to live at wanted (its own redirect route);
--   2. a project below a namespace that used to live at one of prefixes (the lower-cased
--      proper prefixes of wanted, longest first): GitLab writes a redirect for every descendant
--      when a namespace moves, glia derives them from the namespace's own route, so the deepest
--      moved namespace wins.
-- redirected says the project was found through an old path. The function is STABLE, not
-- STRICT and a single SELECT, so PostgreSQL inlines it into the calling query and plans it as
-- if it were written there.
-- +goose StatementBegin
CREATE FUNCTION project_at_path(wanted text, prefixes text[])
RETURNS TABLE (project_id bigint, redirected boolean) LANGUAGE sql STABLE AS $$
    SELECT c.id, c.preference > 0
    FROM (
        SELECT p.id, 0 AS preference, 0 AS depth
        FROM projects p
        WHERE lower(p.full_path) = lower(wanted)
        UNION ALL
        SELECT r.project_id, 1, 0
        FROM redirect_routes r
        WHERE lower(r.path) = lower(wanted) AND r.project_id IS NOT NULL
        UNION ALL
        SELECT p.id, 2, length(r.path)
        FROM redirect_routes r
        JOIN namespaces n ON n.id = r.namespace_id
        JOIN projects p ON lower(p.full_path) = lower(n.full_path || substr(wanted, length(r.path) + 1))
        WHERE lower(r.path) = ANY(prefixes)
    ) c
    ORDER BY c.preference, c.depth DESC
    LIMIT 1
$$;
-- +goose StatementEnd

-- +goose Down
DROP FUNCTION project_at_path(text, text[]);
