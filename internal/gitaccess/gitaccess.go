// Package gitaccess answers /internal/allowed: it finds the actor and the repository with the
// facts the access decision reads (in one round trip for the common requests: the project and
// the actor's standing on it come from one query that resolves the actor itself), opens the
// repository on disk when its storage's path is known, lets internal/access decide, and
// carries out what the decision asks for (create-on-push, the "moved" notice for
// post-receive).
package gitaccess

import (
	"context"
	"errors"
	"time"

	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/twofactor"
)

// DefaultTimeout bounds one decision, as GitLab bounds its change checks ("Calls are limited
// to 50 seconds each").
const DefaultTimeout = 50 * time.Second

// Store is what the git access check needs from the database.
type Store interface {
	actor.Lookup
	project.Store
	twofactor.SessionLookup
	ProjectAccessByID(ctx context.Context, projectID int64, who store.Accessor) (store.ProjectAccess, error)
	ProjectAccessByPath(ctx context.Context, path string, who store.Accessor) (store.ProjectAccess, error)
	ProtectedRefs(ctx context.Context, projectID int64) (branches, tags []store.ProtectedRefRule, err error)
	NamespaceForNewProject(ctx context.Context, fullPath string, userID int64) (store.NewProjectNamespace, error)
	CreatePrivateProject(ctx context.Context, namespaceID int64, path, fullPath string, creatorID int64) (int64, error)
	AddPushNotice(ctx context.Context, userID int64, glRepository, text string) error
	TouchKey(ctx context.Context, id int64) error
}

// Config is the instance's git-access configuration.
type Config struct {
	Settings access.Settings
	// RepositoryPaths maps a storage to its directory on this machine (optional per storage).
	RepositoryPaths map[string]string
	// ExternalURL is where users reach GitLab (clone URLs in notices).
	ExternalURL string
	// Timeout bounds one decision; zero means DefaultTimeout. A decision that outlasts it is
	// answered 503.
	Timeout time.Duration
	Now     func() time.Time
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// Request is a /internal/allowed request in either caller's shape.
type Request struct {
	Action, Protocol, Changes string
	// Project is the path as typed (GitLab Shell); GLRepository wins when set (Gitaly).
	Project, GLRepository string
	KeyID, UserID         *int64
	Username, Identifier  *string
	// Env is Gitaly's JSON string with the quarantine directories; RelativePath the repository's
	// path in its storage as Gitaly sees it (may be a snapshot's).
	Env, RelativePath string
}

// Result is the decision and, when it allows, what the answer tells the caller.
type Result struct {
	Decision access.Decision
	Project  project.Project
	// RootNamespaceID is the id of the project's top-level namespace.
	RootNamespaceID int64
	User            *store.User
	Key             *store.Key
}

// Errors the handler turns into 400s.
var (
	ErrInvalidGLRepository = project.ErrInvalidGLRepository
	ErrInvalidEnv          = errors.New("invalid env")
)
