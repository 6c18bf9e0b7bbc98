package store

import (
	"context"
	"time"

	"github.com/glia-dev/glia/gen/db"
)

// AgentCredential is the agent an agent token belongs to.
type AgentCredential struct {
	TokenID    int64
	AgentID    int64
	ProjectID  int64
	LastUsedAt *time.Time
}

// AgentByTokenDigest finds the agent of an unrevoked token.
func (s *Store) AgentByTokenDigest(ctx context.Context, digest string) (AgentCredential, error) {
	row, err := s.q.GetAgentByTokenDigest(ctx, digest)
	if err != nil {
		return AgentCredential{}, mapError(err)
	}
	return AgentCredential(row), nil
}

// SCIMTokenGroup returns the id of the group (given by id or full path) whose SCIM token has this
// digest; ErrNotFound when the token belongs to no group or to another one.
func (s *Store) SCIMTokenGroup(ctx context.Context, digest, groupPath string) (int64, error) {
	id, err := s.q.GetSCIMTokenGroup(ctx, db.GetSCIMTokenGroupParams{TokenDigest: digest, GroupPath: groupPath})
	return id, mapError(err)
}
