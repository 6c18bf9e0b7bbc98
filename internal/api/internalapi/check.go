package internalapi

import (
	"context"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/version"
)

// GetCheck reports the instance's version and the health of its shared-state store. GitLab
// reports Redis there; glia keeps that state in PostgreSQL, so it reports the database. The
// revision goes out under both names: GitLab Shell reads gitlab_rev, Gitaly gitlab_revision.
func (s *Server) GetCheck(ctx context.Context, _ gen.GetCheckRequestObject) (gen.GetCheckResponseObject, error) {
	revision := version.Revision
	return gen.GetCheck200JSONResponse{
		APIVersion:     "v4",
		GitlabVersion:  version.GitLabVersion,
		GitlabRev:      revision,
		GitlabRevision: &revision,
		Redis:          s.store.Ping(ctx) == nil,
	}, nil
}
