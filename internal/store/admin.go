package store

import (
	"context"

	"github.com/glia-dev/glia/gen/db"
)

// NewUser is a user an administrator creates.
type NewUser struct {
	Username, Name, Email string
	Admin                 bool
}

// CreateUser creates a user and its personal namespace in one transaction; ErrConflict when the
// username, email or namespace path is taken.
func (s *Store) CreateUser(ctx context.Context, u NewUser) (User, error) {
	var created User
	err := s.inTx(ctx, func(q *db.Queries) error {
		var err error
		created, err = q.AdminCreateUser(ctx, db.AdminCreateUserParams{
			Username: u.Username, Name: u.Name, Email: u.Email, Admin: u.Admin})
		if err != nil {
			return err
		}
		return q.AdminCreatePersonalNamespace(ctx, db.AdminCreatePersonalNamespaceParams{
			Name: u.Name, Username: u.Username, OwnerID: &created.ID})
	})
	return created, mapError(err)
}

// SetUserState changes a user's state (active, blocked, …); ErrNotFound for an unknown username.
func (s *Store) SetUserState(ctx context.Context, username, state string) (User, error) {
	u, err := s.q.AdminSetUserState(ctx, db.AdminSetUserStateParams{State: state, Username: username})
	return u, mapError(err)
}

// NewKey is an SSH key added to a user.
type NewKey struct {
	UserID                    int64
	Title, Line, Type, Digest string
}

// AddUserKey stores a user's SSH key; ErrConflict when a key with that fingerprint exists.
func (s *Store) AddUserKey(ctx context.Context, k NewKey) (Key, error) {
	key, err := s.q.AdminAddUserKey(ctx, db.AdminAddUserKeyParams{
		UserID: &k.UserID, Title: k.Title, Key: k.Line, KeyType: k.Type, FingerprintSHA256: k.Digest})
	return key, mapError(err)
}

// DeleteKey removes an SSH or deploy key; ErrNotFound when there is none with that id.
func (s *Store) DeleteKey(ctx context.Context, id int64) error {
	_, err := s.q.AdminDeleteKey(ctx, id)
	return mapError(err)
}
