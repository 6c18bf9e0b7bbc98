package store

import "context"

// DeployKeyByID finds a deploy key that may authenticate. User keys and signing-only keys are
// not found: an LFS token names a deploy key only when one authenticated over SSH.
func (s *Store) DeployKeyByID(ctx context.Context, id int64) (Key, error) {
	k, err := s.q.GetAuthKeyByID(ctx, id)
	if err != nil {
		return Key{}, mapError(err)
	}
	if k.Kind != "deploy" {
		return Key{}, ErrNotFound
	}
	return k, nil
}
