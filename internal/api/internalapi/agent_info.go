package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/agents"
	"github.com/glia-dev/glia/internal/auth"
)

// GetAgentInfo describes the agent whose token kas forwarded, with the Gitaly coordinates of
// its configuration project (docs/gitlab-rules.md §11; kas validates the answer with protojson).
func (s *Server) GetAgentInfo(ctx context.Context, _ gen.GetAgentInfoRequestObject) (gen.GetAgentInfoResponseObject, error) {
	a, err := agents.Describe(ctx, s.store, auth.CallerFrom(ctx).AgentID)
	if errors.Is(err, agents.ErrAgentNotFound) {
		// The token's agent was deleted since the token was checked.
		return gen.GetAgentInfo401JSONResponse{KASAgentUnauthorizedJSONResponse: gen.KASAgentUnauthorizedJSONResponse(agentUnauthorized)}, nil
	} else if err != nil {
		return nil, err
	}
	p := a.Project
	return gen.GetAgentInfo200JSONResponse{
		ProjectID: p.ID, AgentID: a.ID, AgentName: a.Name,
		GitalyInfo: s.gitalyInfo(p.Storage), GitalyRepository: gitalyRepository(p),
		DefaultBranch: agents.DefaultBranch(p),
	}, nil
}

// agentUnauthorized is GitLab's answer to an agent token that names no agent.
var agentUnauthorized = gen.Error{Message: "401 Unauthorized"}
