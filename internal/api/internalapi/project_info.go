package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/agents"
	"github.com/glia-dev/glia/internal/auth"
)

// GetProjectInfo gives kas the Gitaly coordinates of a project the agent may read (GitOps
// manifest projects); 404 when it does not exist or the agent may not read it.
func (s *Server) GetProjectInfo(ctx context.Context, req gen.GetProjectInfoRequestObject) (gen.GetProjectInfoResponseObject, error) {
	p, err := agents.ReadableProject(ctx, s.store, auth.CallerFrom(ctx).AgentProjectID, req.Params.ID)
	if errors.Is(err, agents.ErrProjectNotFound) {
		return gen.GetProjectInfo404JSONResponse{KASProjectNotFoundJSONResponse: projectNotFound}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.GetProjectInfo200JSONResponse{
		ProjectID: p.ID, GitalyInfo: s.gitalyInfo(p.Storage), GitalyRepository: gitalyRepository(p),
		DefaultBranch: agents.DefaultBranch(p),
	}, nil
}

// projectNotFound is GitLab's not_found!('Project') body.
var projectNotFound = gen.KASProjectNotFoundJSONResponse{Message: "404 Project Not Found"}
