package store

import (
	"context"
	"strings"

	"github.com/glia-dev/glia/gen/db"
)

// Project is a project row.
type Project = db.Project

// ProjectByID finds a project by id.
func (s *Store) ProjectByID(ctx context.Context, id int64) (Project, error) {
	p, err := s.q.GetProjectByID(ctx, id)
	return p, mapError(err)
}

// ProjectByPath finds the project at a full path, ignoring case, in one round trip. When no
// project lives there it follows the redirect routes renames leave behind: the project's own old
// paths, then old paths of the namespaces above it. redirected reports that an old path matched.
func (s *Store) ProjectByPath(ctx context.Context, path string) (p Project, redirected bool, err error) {
	row, err := s.q.GetProjectByPath(ctx, db.GetProjectByPathParams{Path: path, Ancestors: ancestors(path)})
	return row.Project, row.Redirected, mapError(err)
}

// maxRoutePath is the longest path GitLab stores in routes and redirect_routes.
const maxRoutePath = 255

// ancestors lists the lower-cased proper prefixes of a path, longest first ("a/b/c" gives
// "a/b", "a"): the places a moved namespace holding it may have lived. A path longer than
// GitLab allows a route to be has none: GitLab could not have written the redirect for it, and
// the list would grow with the square of the path's length.
func ancestors(path string) []string {
	if len(path) > maxRoutePath {
		return nil
	}
	lower := strings.ToLower(path)
	var out []string
	for i := strings.LastIndexByte(lower, '/'); i > 0; i = strings.LastIndexByte(lower[:i], '/') {
		out = append(out, lower[:i])
	}
	return out
}
