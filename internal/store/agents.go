package store

import (
	"context"
	"time"

	"github.com/glia-dev/glia/gen/db"
)

// Agent is a Kubernetes agent: its name, the project holding its configuration and who created
// it (nil when unknown or deleted).
type Agent = db.GetAgentRow

// AgentByID finds an agent.
func (s *Store) AgentByID(ctx context.Context, id int64) (Agent, error) {
	a, err := s.q.GetAgent(ctx, id)
	return a, mapError(err)
}

// TouchAgentToken records a token's use (at most every 40 minutes, see queries/agents.sql).
func (s *Store) TouchAgentToken(ctx context.Context, tokenID int64) error {
	return mapError(s.q.TouchAgentToken(ctx, tokenID))
}

// AgentAuthorization is a project or group an agent's configuration authorises, with its
// section of the configuration.
type AgentAuthorization struct {
	Access   string // ci_access or user_access
	FullPath string
	Settings []byte // JSON
}

// AgentConfiguration is what kas sent for an agent: the whole file and the authorisations it
// grants, split into projects and groups.
type AgentConfiguration struct {
	Config   []byte
	Projects []AgentAuthorization
	Groups   []AgentAuthorization
}

// ConfigureAgent stores the agent's configuration and replaces its authorisations, in one
// transaction; ErrNotFound when the agent does not exist.
func (s *Store) ConfigureAgent(ctx context.Context, agentID int64, c AgentConfiguration) error {
	return mapError(s.inTx(ctx, func(q *db.Queries) error {
		n, err := q.SetAgentConfiguration(ctx, db.SetAgentConfigurationParams{ID: agentID, Config: c.Config})
		if err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if err := q.ClearAgentAuthorizations(ctx, agentID); err != nil {
			return err
		}
		for _, access := range []string{"ci_access", "user_access"} {
			paths, settings := authorizationsOf(c.Projects, access)
			if err := q.AddAgentProjectAuthorizations(ctx, db.AddAgentProjectAuthorizationsParams{AgentID: agentID, Access: access, Paths: paths, Settings: settings}); err != nil {
				return err
			}
			paths, settings = authorizationsOf(c.Groups, access)
			if err := q.AddAgentGroupAuthorizations(ctx, db.AddAgentGroupAuthorizationsParams{AgentID: agentID, Access: access, Paths: paths, Settings: settings}); err != nil {
				return err
			}
		}
		return nil
	}))
}

func authorizationsOf(all []AgentAuthorization, access string) (paths []string, settings [][]byte) {
	paths, settings = []string{}, [][]byte{}
	for _, a := range all {
		if a.Access == access {
			paths, settings = append(paths, a.FullPath), append(settings, a.Settings)
		}
	}
	return paths, settings
}

// AgentDetails is an agent as an administrator sees it.
type AgentDetails struct {
	Agent           db.GetAgentByProjectAndNameRow
	Tokens          []db.ListAgentTokensRow
	Authorizations  []db.ListAgentAuthorizationsRow
	ConfigUpdatedAt *time.Time
}

// AgentByProjectAndName finds an agent as GitLab names it (project full path and agent name).
func (s *Store) AgentByProjectAndName(ctx context.Context, projectPath, name string) (AgentDetails, error) {
	a, err := s.q.GetAgentByProjectAndName(ctx, db.GetAgentByProjectAndNameParams{ProjectPath: projectPath, Name: name})
	if err != nil {
		return AgentDetails{}, mapError(err)
	}
	d := AgentDetails{Agent: a, ConfigUpdatedAt: a.ConfigUpdatedAt}
	if d.Tokens, err = s.q.ListAgentTokens(ctx, a.ID); err != nil {
		return AgentDetails{}, mapError(err)
	}
	if d.Authorizations, err = s.q.ListAgentAuthorizations(ctx, a.ID); err != nil {
		return AgentDetails{}, mapError(err)
	}
	return d, nil
}

// CreateAgent registers an agent in a project; creator is a user id or nil.
func (s *Store) CreateAgent(ctx context.Context, projectID int64, name string, creator *int64) (int64, error) {
	id, err := s.q.CreateAgent(ctx, db.CreateAgentParams{ProjectID: projectID, Name: name, CreatedByUserID: creator})
	return id, mapError(err)
}

// CreateAgentToken stores a new token's digest for an agent.
func (s *Store) CreateAgentToken(ctx context.Context, agentID int64, name, digest string) (int64, error) {
	id, err := s.q.CreateAgentToken(ctx, db.CreateAgentTokenParams{AgentID: agentID, Name: name, TokenDigest: digest})
	return id, mapError(err)
}

// RevokeAgentToken revokes a token; ErrNotFound when there is no such unrevoked token.
func (s *Store) RevokeAgentToken(ctx context.Context, id int64) error {
	n, err := s.q.RevokeAgentToken(ctx, id)
	if err != nil {
		return mapError(err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}

// UsageCounter is one day's value of a kas counter; Unique counters count distinct ids.
type UsageCounter = db.ListUsageCountersRow

// AddUsageCounts adds increments to today's counters and ids to today's unique counters, in one
// transaction so a failed report leaves nothing half-counted (kas sends it again).
func (s *Store) AddUsageCounts(ctx context.Context, counts map[string]int64, unique map[string][]int64) error {
	names, increments := make([]string, 0, len(counts)), make([]int64, 0, len(counts))
	for name, n := range counts {
		names, increments = append(names, name), append(increments, n)
	}
	uniqueNames, ids := []string{}, []int64{}
	for name, seen := range unique {
		for _, id := range seen {
			uniqueNames, ids = append(uniqueNames, name), append(ids, id)
		}
	}
	return mapError(s.inTx(ctx, func(q *db.Queries) error {
		if err := q.AddUsageCounts(ctx, db.AddUsageCountsParams{Names: names, Increments: increments}); err != nil {
			return err
		}
		return q.AddUniqueCounterIDs(ctx, db.AddUniqueCounterIDsParams{Names: uniqueNames, Ids: ids})
	}))
}

// UsageCountersSince lists every counter per day from the given day on.
func (s *Store) UsageCountersSince(ctx context.Context, since time.Time) ([]UsageCounter, error) {
	rows, err := s.q.ListUsageCounters(ctx, since)
	return rows, mapError(err)
}
