package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/agents"
	"github.com/glia-dev/glia/internal/auth"
)

// GetVerifyProjectAccess tells the agent's Flux module whether it may read a project: the rule
// of project_info, answered 204 or 404.
func (s *Server) GetVerifyProjectAccess(ctx context.Context, req gen.GetVerifyProjectAccessRequestObject) (gen.GetVerifyProjectAccessResponseObject, error) {
	_, err := agents.ReadableProject(ctx, s.store, auth.CallerFrom(ctx).AgentProjectID, req.Params.ID)
	if errors.Is(err, agents.ErrProjectNotFound) {
		return gen.GetVerifyProjectAccess404JSONResponse{KASProjectNotFoundJSONResponse: projectNotFound}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.GetVerifyProjectAccess204Response{}, nil
}
