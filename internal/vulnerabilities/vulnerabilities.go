// Package vulnerabilities records the container-image vulnerabilities the agent's Starboard
// module reports, idempotently, and resolves the ones a later scan no longer reports
// (docs/gitlab-rules.md §11.2).
package vulnerabilities

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/glia-dev/glia/internal/store"
)

var (
	// ErrAgentProjectNotFound means the agent's project is gone, and with it the agent: deleted
	// after the agent's token was checked.
	ErrAgentProjectNotFound = errors.New("agent project not found")
	// ErrForbidden means the agent's creator may not administer the project's vulnerabilities.
	ErrForbidden = errors.New("agent creator may not administer vulnerabilities")
)

// Store is where vulnerabilities are kept, and what deciding who may report them reads.
type Store interface {
	AgentByID(ctx context.Context, id int64) (store.Agent, error)
	UserByID(ctx context.Context, id int64) (store.User, error)
	ProjectAccessByID(ctx context.Context, projectID int64, who store.Accessor) (store.ProjectAccess, error)
	RecordVulnerability(ctx context.Context, v store.NewVulnerability) error
	ResolveAgentVulnerabilitiesExcept(ctx context.Context, projectID, agentID int64, keep []uuid.UUID) (int64, error)
}

// roleMaintainer is the least role with admin_vulnerability (GitLab 17.0 took it from
// developers).
const roleMaintainer = 40

// reporter is the agent whose module reports, once it may: the project its findings belong
// to and its creator, their author.
type reporter struct {
	agentID, projectID int64
	creatorID          int64
}

// authorise finds the agent and checks its creator may administer vulnerabilities of its
// project: an active user who is a Maintainer or Owner there, or an administrator. A creator
// who is gone may not.
func authorise(ctx context.Context, st Store, agentID int64) (reporter, error) {
	agent, err := st.AgentByID(ctx, agentID)
	if errors.Is(err, store.ErrNotFound) {
		return reporter{}, ErrAgentProjectNotFound
	} else if err != nil {
		return reporter{}, fmt.Errorf("load agent %d: %w", agentID, err)
	}
	if agent.CreatedByUserID == nil {
		return reporter{}, ErrForbidden
	}
	creator, err := st.UserByID(ctx, *agent.CreatedByUserID)
	if errors.Is(err, store.ErrNotFound) {
		return reporter{}, ErrForbidden
	} else if err != nil {
		return reporter{}, fmt.Errorf("load agent creator: %w", err)
	}
	if creator.State != "active" {
		return reporter{}, ErrForbidden
	}
	if !creator.Admin {
		access, err := st.ProjectAccessByID(ctx, agent.ProjectID, store.Accessor{UserID: &creator.ID})
		if errors.Is(err, store.ErrNotFound) {
			return reporter{}, ErrAgentProjectNotFound
		} else if err != nil {
			return reporter{}, fmt.Errorf("load agent creator's access: %w", err)
		}
		if access.AccessLevel < roleMaintainer {
			return reporter{}, ErrForbidden
		}
	}
	return reporter{agentID: agent.ID, projectID: agent.ProjectID, creatorID: creator.ID}, nil
}
