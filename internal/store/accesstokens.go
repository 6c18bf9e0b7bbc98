package store

import (
	"context"
	"time"

	"github.com/glia-dev/glia/gen/db"
)

// NewPersonalAccessToken is a token to record: its digest only, never the token.
type NewPersonalAccessToken struct {
	UserID      int64
	Name        string
	TokenDigest string
	Scopes      []string
	ExpiresAt   time.Time
}

// PersonalAccessToken is a token found by its digest, whatever its state, with its owner.
type PersonalAccessToken struct {
	TokenID   int64
	UserID    int64
	Admin     bool
	UserState string
	Scopes    []string
	ExpiresAt *time.Time
	Revoked   bool
}

// CreatePersonalAccessToken records a new token and returns its id.
func (s *Store) CreatePersonalAccessToken(ctx context.Context, t NewPersonalAccessToken) (int64, error) {
	id, err := s.q.CreatePersonalAccessToken(ctx, db.CreatePersonalAccessTokenParams{
		UserID: t.UserID, Name: t.Name, TokenDigest: t.TokenDigest, Scopes: t.Scopes, ExpiresAt: t.ExpiresAt,
	})
	return id, mapError(err)
}

// PersonalAccessTokenByDigest finds a token, revoked and expired ones included, so that the
// caller can tell why a token is not valid.
func (s *Store) PersonalAccessTokenByDigest(ctx context.Context, digest string) (PersonalAccessToken, error) {
	row, err := s.q.GetPersonalAccessTokenByDigest(ctx, digest)
	if err != nil {
		return PersonalAccessToken{}, mapError(err)
	}
	return PersonalAccessToken{TokenID: row.TokenID, UserID: row.UserID, Admin: row.Admin, UserState: row.State,
		Scopes: row.Scopes, ExpiresAt: row.ExpiresAt, Revoked: row.Revoked}, nil
}

// RevokePersonalAccessToken revokes a token by id; ErrNotFound when there is none.
func (s *Store) RevokePersonalAccessToken(ctx context.Context, id int64) error {
	_, err := s.q.RevokePersonalAccessToken(ctx, id)
	return mapError(err)
}
