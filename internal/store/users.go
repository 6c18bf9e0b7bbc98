package store

import (
	"context"
	"errors"

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

// AuthKeyWithOwner finds a key that may authenticate (signing-only keys are invisible) and its
// owner, a deploy key's creator. It is one round trip; only a deploy key whose creator is gone
// costs a second one, and comes back with a nil owner.
func (s *Store) AuthKeyWithOwner(ctx context.Context, id int64) (Key, *User, error) {
	row, err := s.q.GetAuthKeyWithOwner(ctx, id)
	if err == nil {
		return row.Key, &row.User, nil
	}
	if err = mapError(err); !errors.Is(err, ErrNotFound) {
		return Key{}, nil, err
	}
	k, err := s.q.GetAuthKeyByID(ctx, id)
	return k, nil, mapError(err)
}

// AuthKeyByFingerprint finds a key that may authenticate by its SHA256 fingerprint.
func (s *Store) AuthKeyByFingerprint(ctx context.Context, fingerprint string) (AuthorizedKey, error) {
	k, err := s.q.GetAuthKeyByFingerprint(ctx, fingerprint)
	return k, mapError(err)
}

// TouchKey records that a key was used, at most once a day; unknown ids are ignored.
func (s *Store) TouchKey(ctx context.Context, id int64) error {
	return mapError(s.q.TouchKeyLastUsed(ctx, id))
}
