// Package lfs issues and verifies the short-lived tokens GitLab Shell hands to Git LFS clients
// (git-lfs-authenticate over SSH). A client presents one to the LFS HTTP API as the Basic-auth
// password, with the actor's name as the user.
package lfs

import (
	"context"
	"strconv"
	"time"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// Lifetime is how long a token is valid: GitLab's LfsToken::DEFAULT_EXPIRE_TIME (7200 s; older
// versions, and the seed's example, used 1800).
const Lifetime = 2 * time.Hour

// deployKeyPrefix starts the name a deploy key acts under ("lfs+deploy-key-21"). GitLab
// usernames cannot contain "+", so the name never collides with a user's.
const deployKeyPrefix = "lfs+deploy-key-"

// Store is what LFS authentication needs from the database.
type Store interface {
	UserByUsername(ctx context.Context, username string) (store.User, error)
	DeployKeyByID(ctx context.Context, id int64) (store.Key, error)
}

// Actor is who a token speaks for: a user, or a deploy key, which acts as itself rather than
// as its creator. Exactly one field is set.
type Actor struct {
	User      *store.User
	DeployKey *store.Key
}

// ActorFor picks who a token is issued to from the actor of a shell request, as GitLab's
// LfsToken does: a deploy key stands for itself, a user's SSH key for its owner. ok is false
// when the request names nobody.
func ActorFor(who actor.Actor) (a Actor, ok bool) {
	switch {
	case who.Key != nil && who.Key.Kind == "deploy":
		return Actor{DeployKey: who.Key}, true
	case who.User != nil:
		return Actor{User: who.User}, true
	}
	return Actor{}, false
}

// Name is the Basic-auth user name of the actor: the username, or "lfs+deploy-key-<id>".
func (a Actor) Name() string {
	if a.DeployKey != nil {
		return deployKeyPrefix + strconv.FormatInt(a.DeployKey.ID, 10)
	}
	return a.User.Username
}

// ProjectGID is the global id a token binding to a project carries ("gid://gitlab/Project/3").
func ProjectGID(projectID int64) string {
	return "gid://gitlab/Project/" + strconv.FormatInt(projectID, 10)
}
