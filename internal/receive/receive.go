// Package receive is the push side of Gitaly's hooks (docs/gitlab-rules.md §8, §9): pre_receive
// counts a push in progress on a repository; post_receive parses what was pushed, uncounts it,
// records it for the post-receive job (internal/jobs) and words the messages Gitaly prints to
// the pusher.
package receive

import (
	"context"
	"errors"
	"net/url"
	"strings"

	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
)

// Store is what pushes read and write.
type Store interface {
	project.Store
	actor.Lookup
	IncreaseReferenceCounter(ctx context.Context, glRepository string) error
	FinishPush(ctx context.Context, glRepository string, job river.JobArgs, noticesFor *int64) ([]string, error)
}

// Config is what post-receive messages need to know about the instance.
type Config struct {
	// ExternalURL is where users reach GitLab (merge request links).
	ExternalURL *url.URL
}

// maxGLRepository bounds a gl_repository. GitLab takes any string as the counter's Redis key;
// glia keys a table with it, and no identifier naming a repository comes near this length.
const maxGLRepository = 255

// resolve finds the repository a gl_repository names. found is false when it names nothing;
// project.ErrInvalidGLRepository reports one that is malformed.
func resolve(ctx context.Context, db project.Store, glRepository string) (p project.Project, found bool, err error) {
	if len(glRepository) > maxGLRepository {
		return project.Project{}, false, project.ErrInvalidGLRepository
	}
	p, err = project.Resolve(ctx, db, project.Ref{GLRepository: glRepository})
	switch {
	case errors.Is(err, project.ErrNotFound):
		return p, false, nil
	case err != nil:
		return p, false, err
	}
	return p, true, nil
}

// ActorParams reads Gitaly's gl_id, which post_receive calls identifier: user-<id>, key-<id> or
// username-<name> (GitLab Shell's keyless SSH certificates).
func ActorParams(identifier string) actor.Params {
	if name, ok := strings.CutPrefix(identifier, "username-"); ok {
		return actor.Params{Username: &name}
	}
	return actor.Params{Identifier: &identifier}
}
