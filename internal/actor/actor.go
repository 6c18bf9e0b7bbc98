// Package actor works out who a GitLab Shell or Gitaly request acts for, from the parameters
// those callers send, in GitLab's order (GitAccessActor.from_params): key_id, then user_id, then
// username, then identifier (user-<id> or key-<id>).
package actor

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/glia-dev/glia/internal/store"
)

// Params are the identifying parameters of a request; nil means not sent.
type Params struct {
	KeyID      *int64
	UserID     *int64
	Username   *string
	Identifier *string
}

// Actor is who the request acts for. Key is set when a key identified it; User is the key's
// owner (a deploy key's creator) or the user named directly. Both nil: anonymous.
type Actor struct {
	Key  *store.Key
	User *store.User
}

// Lookup is what resolving an actor needs from the database.
type Lookup interface {
	AuthKeyWithOwner(ctx context.Context, id int64) (store.Key, *store.User, error)
	UserByID(ctx context.Context, id int64) (store.User, error)
	UserByUsername(ctx context.Context, username string) (store.User, error)
}

// Resolve finds the actor. Unknown keys and users give an empty actor, not an error: what that
// means is each endpoint's business (discover answers null, allowed treats it as anonymous).
func Resolve(ctx context.Context, db Lookup, p Params) (Actor, error) {
	switch {
	case p.KeyID != nil:
		return byKey(ctx, db, *p.KeyID)
	case p.UserID != nil:
		return byUser(ctx, db, *p.UserID)
	case p.Username != nil:
		u, err := db.UserByUsername(ctx, *p.Username)
		return userActor(u, err)
	case p.Identifier != nil:
		kind, id, ok := strings.Cut(*p.Identifier, "-")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil {
			return Actor{}, nil
		}
		switch kind {
		case "user":
			return byUser(ctx, db, n)
		case "key":
			return byKey(ctx, db, n)
		}
	}
	return Actor{}, nil
}

func byKey(ctx context.Context, db Lookup, id int64) (Actor, error) {
	key, owner, err := db.AuthKeyWithOwner(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return Actor{}, nil
	} else if err != nil {
		return Actor{}, err
	}
	return Actor{Key: &key, User: owner}, nil
}

func byUser(ctx context.Context, db Lookup, id int64) (Actor, error) {
	u, err := db.UserByID(ctx, id)
	return userActor(u, err)
}

func userActor(u store.User, err error) (Actor, error) {
	if errors.Is(err, store.ErrNotFound) {
		return Actor{}, nil
	} else if err != nil {
		return Actor{}, err
	}
	return Actor{User: &u}, nil
}
