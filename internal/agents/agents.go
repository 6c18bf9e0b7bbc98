// Package agents answers kas about Kubernetes agents: the agent behind a token and its
// configuration project, the projects an agent may read, and the configuration kas read for
// it (whose ci_access and user_access sections authorise projects and groups).
package agents

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/store"
)

var (
	// ErrAgentNotFound means no agent has the id.
	ErrAgentNotFound = errors.New("agent not found")
	// ErrProjectNotFound means the project does not exist or the agent may not read it.
	ErrProjectNotFound = errors.New("project not found")
)

// Store is what the agent endpoints read and write.
type Store interface {
	project.Store
	AgentByID(ctx context.Context, id int64) (store.Agent, error)
	ConfigureAgent(ctx context.Context, agentID int64, c store.AgentConfiguration) error
}

// Agent is an agent with its configuration project.
type Agent struct {
	ID      int64
	Name    string
	Project project.Project
}

// fallbackDefaultBranch is what GitLab names when the project's repository has no default
// branch yet; kas refuses an empty one.
const fallbackDefaultBranch = "main"

// DefaultBranch is the branch kas reads the agent's configuration from.
func DefaultBranch(p project.Project) string {
	if p.DefaultBranch == "" {
		return fallbackDefaultBranch
	}
	return p.DefaultBranch
}

// Describe finds the agent and its configuration project.
func Describe(ctx context.Context, st Store, agentID int64) (Agent, error) {
	a, err := st.AgentByID(ctx, agentID)
	if errors.Is(err, store.ErrNotFound) {
		return Agent{}, ErrAgentNotFound
	} else if err != nil {
		return Agent{}, fmt.Errorf("load agent %d: %w", agentID, err)
	}
	p, err := project.ByID(ctx, st, a.ProjectID)
	if errors.Is(err, project.ErrNotFound) {
		return Agent{}, ErrAgentNotFound // the agent went with its project
	} else if err != nil {
		return Agent{}, err
	}
	return Agent{ID: a.ID, Name: a.Name, Project: p}, nil
}

// ReadableProject finds the project kas names by id or full path (redirects followed, as
// GitLab's find_project does) when the agent may read it: its own configuration project, or a
// project whose code anyone may download (GitLab's agent_has_access_to_project?).
func ReadableProject(ctx context.Context, st Store, agentProjectID int64, id string) (project.Project, error) {
	var p project.Project
	var err error
	if n, convErr := strconv.ParseInt(id, 10, 64); convErr == nil {
		p, err = project.ByID(ctx, st, n)
	} else {
		p, err = project.Resolve(ctx, st, project.Ref{Path: id})
	}
	if errors.Is(err, project.ErrNotFound) || (err == nil && p.Kind != project.KindProject) {
		return project.Project{}, ErrProjectNotFound
	} else if err != nil {
		return project.Project{}, err
	}
	if p.ID != agentProjectID && !access.AnonymousCanDownloadCode(p.Visibility, p.RepositoryAccessLevel) {
		return project.Project{}, ErrProjectNotFound
	}
	return p, nil
}
