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

// UserGLID is GitLab's gl_id of a user ("user-1"), one of the identifier forms Effective reads.
func UserGLID(id int64) string { return "user-" + strconv.FormatInt(id, 10) }

// GLID names the actor as GitLab's Geo requests do (GeoGitAccess#actor_gl_id): by its key
// ("key-11") when a key identified it, by its user otherwise; "" for anonymous.
func (a Actor) GLID() string {
	switch {
	case a.Key != nil:
		return "key-" + strconv.FormatInt(a.Key.ID, 10)
	case a.User != nil:
		return UserGLID(a.User.ID)
	}
	return ""
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
	e := p.Effective()
	switch {
	case e.KeyID != nil:
		return byKey(ctx, db, *e.KeyID)
	case e.UserID != nil:
		return byUser(ctx, db, *e.UserID)
	case e.Username != nil:
		u, err := db.UserByUsername(ctx, *e.Username)
		return userActor(u, err)
	}
	return Actor{}, nil
}

// Effective keeps the one parameter that names the actor, in GitLab's order, with an
// identifier read as the key or user it names: it is what a lookup done in SQL is given. All
// nil when none names anyone (a malformed identifier included).
func (p Params) Effective() Params {
	switch {
	case p.KeyID != nil:
		return Params{KeyID: p.KeyID}
	case p.UserID != nil:
		return Params{UserID: p.UserID}
	case p.Username != nil:
		return Params{Username: p.Username}
	case p.Identifier != nil:
		kind, id, ok := strings.Cut(*p.Identifier, "-")
		n, err := strconv.ParseInt(id, 10, 64)
		if !ok || err != nil {
			return Params{}
		}
		switch kind {
		case "user":
			return Params{UserID: &n}
		case "key":
			return Params{KeyID: &n}
		}
	}
	return Params{}
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
