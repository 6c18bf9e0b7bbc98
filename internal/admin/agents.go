package admin

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/glia-dev/glia/internal/kasmetrics"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// AgentStore is what the administration of Kubernetes agents needs from the database.
type AgentStore interface {
	project.Store
	kasmetrics.Store
	UserByUsername(ctx context.Context, username string) (store.User, error)
	CreateAgent(ctx context.Context, projectID int64, name string, creator *int64) (int64, error)
	AgentByProjectAndName(ctx context.Context, projectPath, name string) (store.AgentDetails, error)
	CreateAgentToken(ctx context.Context, agentID int64, name, digest string) (int64, error)
	RevokeAgentToken(ctx context.Context, id int64) error
}

// CreateAgent registers an agent in a project. creator (a username, or "") is who the
// Starboard module's findings are attributed to and whose rights they need.
func CreateAgent(ctx context.Context, st AgentStore, projectPath, name, creator string) (int64, error) {
	if !world.ValidAgentName(name) {
		return 0, fmt.Errorf("agent name %q may hold only lower-case letters, digits and - (not at either end), at most 63", name)
	}
	p, _, err := st.ProjectByPath(ctx, projectPath)
	if errors.Is(err, store.ErrNotFound) {
		return 0, fmt.Errorf("there is no project %q", projectPath)
	} else if err != nil {
		return 0, err
	}
	var creatorID *int64
	if creator != "" {
		u, err := st.UserByUsername(ctx, creator)
		if errors.Is(err, store.ErrNotFound) {
			return 0, fmt.Errorf("there is no user %q", creator)
		} else if err != nil {
			return 0, err
		}
		creatorID = &u.ID
	}
	id, err := st.CreateAgent(ctx, p.ID, name, creatorID)
	if errors.Is(err, store.ErrConflict) {
		return 0, fmt.Errorf("project %s already has an agent %q", projectPath, name)
	}
	return id, err
}

// IssueAgentToken makes a token for an agent. The token is in the answer and nowhere else:
// only its digest is stored.
func IssueAgentToken(ctx context.Context, st AgentStore, projectPath, agentName, tokenName string) (id int64, token string, err error) {
	agent, err := Agent(ctx, st, projectPath, agentName)
	if err != nil {
		return 0, "", err
	}
	token = secret.NewToken(secret.AgentTokenPrefix)
	id, err = st.CreateAgentToken(ctx, agent.Agent.ID, tokenName, secret.Digest(token))
	return id, token, err
}

// RevokeAgentToken revokes an agent token by id.
func RevokeAgentToken(ctx context.Context, st AgentStore, id int64) error {
	err := st.RevokeAgentToken(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no unrevoked agent token %d", id)
	}
	return err
}

// Agent finds an agent by its project and name, with its tokens and authorisations.
func Agent(ctx context.Context, st AgentStore, projectPath, name string) (store.AgentDetails, error) {
	a, err := st.AgentByProjectAndName(ctx, projectPath, name)
	if errors.Is(err, store.ErrNotFound) {
		return a, fmt.Errorf("project %s has no agent %q", projectPath, name)
	}
	return a, err
}

// UsageCounters lists the counters kas reported over the last days days (today included).
func UsageCounters(ctx context.Context, st AgentStore, days int, now time.Time) ([]kasmetrics.Day, error) {
	if days < 1 {
		return nil, fmt.Errorf("--days %d: want 1 or more", days)
	}
	today := now.UTC().Truncate(24 * time.Hour)
	return kasmetrics.Since(ctx, st, today.AddDate(0, 0, 1-days))
}
