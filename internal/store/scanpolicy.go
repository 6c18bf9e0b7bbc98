package store

import (
	"context"

	"github.com/glia-dev/glia/gen/db"
)

// AgentPolicyScope is what decides which policies reach an agent: its name, its project and the
// project's plan ("" when the top-level namespace has no subscription).
type AgentPolicyScope = db.GetAgentPolicyScopeRow

// ScanExecutionPolicy is a project's scan execution policy, rules and actions as JSON arrays.
type ScanExecutionPolicy = db.ListScanExecutionPoliciesRow

// AgentPolicyScopeOf reads an agent's policy scope. ErrNotFound means no such agent.
func (s *Store) AgentPolicyScopeOf(ctx context.Context, agentID int64) (AgentPolicyScope, error) {
	scope, err := s.q.GetAgentPolicyScope(ctx, agentID)
	return scope, mapError(err)
}

// ScanExecutionPolicies lists a project's scan execution policies in declaration order.
func (s *Store) ScanExecutionPolicies(ctx context.Context, projectID int64) ([]ScanExecutionPolicy, error) {
	policies, err := s.q.ListScanExecutionPolicies(ctx, projectID)
	return policies, mapError(err)
}
