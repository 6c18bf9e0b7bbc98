package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/agents"
)

// PostAgentConfiguration stores the configuration file kas read for an agent (kas sends it
// with protojson, agent_id as a digit string); 404, which kas reads as "agent deleted", for an
// unknown agent.
func (s *Server) PostAgentConfiguration(ctx context.Context, req gen.PostAgentConfigurationRequestObject) (gen.PostAgentConfigurationResponseObject, error) {
	if req.JSONBody == nil { // the validator requires a body; this keeps nil out of reach
		return gen.PostAgentConfiguration400JSONResponse{Error: "agent_id is missing"}, nil
	}
	id := integerOrDigits(&req.JSONBody.AgentID)
	err := agents.Configure(ctx, s.store, *id, req.JSONBody.AgentConfig)
	if errors.Is(err, agents.ErrAgentNotFound) {
		return gen.PostAgentConfiguration404JSONResponse{Message: "404 Not found"}, nil
	} else if err != nil {
		return nil, err
	}
	return gen.PostAgentConfiguration204Response{}, nil
}
