package internalapi

import (
	"context"
	"errors"

	gen "github.com/glia-dev/glia/gen/internalapi"
	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/scanpolicy"
)

// GetStarboardPoliciesConfiguration gives the agent's Starboard module its scan schedules
// (docs/gitlab-rules.md §11.2).
func (s *Server) GetStarboardPoliciesConfiguration(ctx context.Context, _ gen.GetStarboardPoliciesConfigurationRequestObject) (gen.GetStarboardPoliciesConfigurationResponseObject, error) {
	configs, err := scanpolicy.Configurations(ctx, s.store, auth.CallerFrom(ctx).AgentID)
	switch {
	case errors.Is(err, scanpolicy.ErrAgentProjectNotFound):
		return gen.GetStarboardPoliciesConfiguration404JSONResponse{AgentProjectNotFoundJSONResponse: agentProjectNotFound}, nil
	case errors.Is(err, scanpolicy.ErrNotLicensed):
		return gen.GetStarboardPoliciesConfiguration402JSONResponse{PaymentRequiredJSONResponse: paymentRequired}, nil
	case err != nil:
		return nil, err
	}
	out := make([]gen.PolicyConfiguration, len(configs))
	for i, c := range configs {
		out[i] = gen.PolicyConfiguration{Cadence: c.Cadence, Namespaces: c.Namespaces, UpdatedAt: c.UpdatedAt}
	}
	return gen.GetStarboardPoliciesConfiguration200JSONResponse{Configurations: out}, nil
}

// GetStarboardScanExecutionPolicies lists the policies older agents asked for.
func (s *Server) GetStarboardScanExecutionPolicies(ctx context.Context, _ gen.GetStarboardScanExecutionPoliciesRequestObject) (gen.GetStarboardScanExecutionPoliciesResponseObject, error) {
	policies, err := scanpolicy.Policies(ctx, s.store, auth.CallerFrom(ctx).AgentID)
	switch {
	case errors.Is(err, scanpolicy.ErrAgentProjectNotFound):
		return gen.GetStarboardScanExecutionPolicies404JSONResponse{AgentProjectNotFoundJSONResponse: agentProjectNotFound}, nil
	case errors.Is(err, scanpolicy.ErrNotLicensed):
		return gen.GetStarboardScanExecutionPolicies402JSONResponse{PaymentRequiredJSONResponse: paymentRequired}, nil
	case err != nil:
		return nil, err
	}
	out := make([]gen.ScanExecutionPolicy, len(policies))
	for i, p := range policies {
		out[i] = gen.ScanExecutionPolicy{Name: p.Name, Description: p.Description, Enabled: p.Enabled, Yaml: p.YAML, UpdatedAt: p.UpdatedAt}
	}
	return gen.GetStarboardScanExecutionPolicies200JSONResponse{Policies: out}, nil
}

// GitLab's bodies for the agent module's refusals.
var (
	agentProjectNotFound = gen.AgentProjectNotFoundJSONResponse{Message: "404 Not Found"}
	paymentRequired      = gen.PaymentRequiredJSONResponse{Message: "Payment Required"}
)
