// Package admin holds the everyday administrative actions behind glia's command line: users, their
// SSH keys, tokens, two-factor secrets and error-tracking keys. Each action validates its input
// and says in one sentence what went wrong.
package admin

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"

	"github.com/glia-dev/glia/internal/sshkey"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

// Store is what the administrative actions need from the database.
type Store interface {
	CreateUser(ctx context.Context, u store.NewUser) (store.User, error)
	SetUserState(ctx context.Context, username, state string) (store.User, error)
	UserByUsername(ctx context.Context, username string) (store.User, error)
	AddUserKey(ctx context.Context, k store.NewKey) (store.Key, error)
	DeleteKey(ctx context.Context, id int64) error
}

// CreateUser creates an active user with a personal namespace.
func CreateUser(ctx context.Context, st Store, u store.NewUser) (store.User, error) {
	if !world.ValidUsername(u.Username) {
		return store.User{}, fmt.Errorf("username %q may hold only letters, digits, _ . - and must not start with . or -", u.Username)
	}
	if addr, err := mail.ParseAddress(u.Email); err != nil || addr.Address != u.Email {
		return store.User{}, fmt.Errorf("email %q is not an email address", u.Email)
	}
	if u.Name == "" {
		u.Name = u.Username
	}
	created, err := st.CreateUser(ctx, u)
	if errors.Is(err, store.ErrConflict) {
		return store.User{}, fmt.Errorf("username %q or email %q is already taken", u.Username, u.Email)
	}
	return created, err
}

// BlockUser blocks a user: GitLab Shell and Gitaly are refused from then on.
func BlockUser(ctx context.Context, st Store, username string) (store.User, error) {
	return setState(ctx, st, username, "blocked")
}

// UnblockUser makes a blocked user active again.
func UnblockUser(ctx context.Context, st Store, username string) (store.User, error) {
	return setState(ctx, st, username, "active")
}

func setState(ctx context.Context, st Store, username, state string) (store.User, error) {
	u, err := st.SetUserState(ctx, username, state)
	if errors.Is(err, store.ErrNotFound) {
		return store.User{}, fmt.Errorf("there is no user %q", username)
	}
	return u, err
}

// AddKey adds an OpenSSH public key line ("ssh-ed25519 AAAA… comment") to a user. The title
// defaults to the key's comment, as GitLab's UI does.
func AddKey(ctx context.Context, st Store, username, line, title string) (store.Key, error) {
	key, err := sshkey.Parse(line)
	if err != nil {
		return store.Key{}, fmt.Errorf("%q is not an OpenSSH public key line (type, base64 key, optional comment)", abbreviate(line))
	}
	u, err := st.UserByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return store.Key{}, fmt.Errorf("there is no user %q", username)
	} else if err != nil {
		return store.Key{}, err
	}
	if title == "" {
		title = key.Comment
	}
	added, err := st.AddUserKey(ctx, store.NewKey{UserID: u.ID, Title: title, Line: strings.TrimSpace(line),
		Type: key.Type, Digest: sshkey.Fingerprint(key.Blob)})
	if errors.Is(err, store.ErrConflict) {
		return store.Key{}, errors.New("this key is already in use (GitLab allows each key once)")
	}
	return added, err
}

// RemoveKey deletes an SSH or deploy key by id.
func RemoveKey(ctx context.Context, st Store, id int64) error {
	err := st.DeleteKey(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("there is no key %d", id)
	}
	return err
}

// abbreviate keeps error lines short when someone pastes a long key.
func abbreviate(s string) string {
	if len(s) > 40 {
		return s[:37] + "..."
	}
	return s
}
