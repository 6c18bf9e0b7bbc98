package store

import (
	"context"

	"github.com/glia-dev/glia/gen/db"
)

// User is a user row.
type User = db.User

// Key is an SSH key or deploy key row.
type Key = db.Key

// AuthorizedKey is a key that may authenticate, with its owner's display name.
type AuthorizedKey = db.GetAuthKeyByFingerprintRow

// UserByID finds a user.
func (s *Store) UserByID(ctx context.Context, id int64) (User, error) {
	u, err := s.q.GetUserByID(ctx, id)
	return u, mapError(err)
}

// UserByUsername finds a user, ignoring case.
func (s *Store) UserByUsername(ctx context.Context, username string) (User, error) {
	u, err := s.q.GetUserByUsername(ctx, username)
	return u, mapError(err)
}

// AuthKeyByID finds a key that may authenticate (signing-only keys are invisible).
func (s *Store) AuthKeyByID(ctx context.Context, id int64) (Key, error) {
	k, err := s.q.GetAuthKeyByID(ctx, id)
	return k, mapError(err)
}

// AuthKeyByFingerprint finds a key that may authenticate by its SHA256 fingerprint.
func (s *Store) AuthKeyByFingerprint(ctx context.Context, fingerprint string) (AuthorizedKey, error) {
	k, err := s.q.GetAuthKeyByFingerprint(ctx, fingerprint)
	return k, mapError(err)
}
