package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/glia-dev/glia/gen/db"
)

// NewVulnerability is a cluster-image-scanning finding to record.
type NewVulnerability = db.UpsertClusterImageVulnerabilityParams

// Vulnerability is a recorded finding as tests and administrators read it.
type Vulnerability = db.ListProjectVulnerabilitiesRow

// RecordVulnerability creates the finding's vulnerability, or detects a resolved one again.
func (s *Store) RecordVulnerability(ctx context.Context, v NewVulnerability) error {
	return mapError(s.q.UpsertClusterImageVulnerability(ctx, v))
}

// ResolveAgentVulnerabilitiesExcept resolves the agent's active findings in the project whose
// UUID is not in keep, and says how many.
func (s *Store) ResolveAgentVulnerabilitiesExcept(ctx context.Context, projectID, agentID int64, keep []uuid.UUID) (int64, error) {
	n, err := s.q.ResolveAgentVulnerabilitiesExcept(ctx, db.ResolveAgentVulnerabilitiesExceptParams{ProjectID: projectID, AgentID: &agentID, Keep: keep})
	return n, mapError(err)
}

// ProjectVulnerabilities lists a project's vulnerabilities, oldest first.
func (s *Store) ProjectVulnerabilities(ctx context.Context, projectID int64) ([]Vulnerability, error) {
	rows, err := s.q.ListProjectVulnerabilities(ctx, projectID)
	return rows, mapError(err)
}
