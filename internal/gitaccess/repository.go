package gitaccess

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strings"

	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/gitrepo"
	"github.com/glia-dev/glia/internal/project"
)

// openObjects opens the repository for the checks that need objects, when its storage has a
// path here. Without one it returns nil and access.Check applies its documented fallback. The
// quarantine directories come from Gitaly's env; the repository path is the one Gitaly sent
// (newer Gitaly sends a snapshot's) or the project's own.
func openObjects(ctx context.Context, cfg Config, proj project.Project, found bool, req Request) (access.Objects, error) {
	// GitLab reads invalid env JSON as {}; glia refuses it (400), since a Gitaly that sends it
	// has lost its quarantine information and the object checks would read the wrong objects.
	if req.Env != "" && !json.Valid([]byte(req.Env)) {
		return nil, fmt.Errorf("%w: not JSON", ErrInvalidEnv)
	}
	q := gitrepo.ParseEnv(req.Env)
	if err := q.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidEnv, err)
	}
	root, ok := cfg.RepositoryPaths[proj.Storage]
	if !found || !ok || req.Action != access.ActionReceivePack {
		return nil, nil
	}
	relative := req.RelativePath
	if relative == "" {
		relative = proj.RelativePath()
	}
	repo, err := gitrepo.Open(ctx, root, relative, q)
	switch {
	case errors.Is(err, gitrepo.ErrNotRepository):
		return nil, nil // the repository is not on this machine (yet): the fallback applies
	case errors.Is(err, gitrepo.ErrInvalidPath):
		return nil, fmt.Errorf("%w: %v", ErrInvalidEnv, err)
	case err != nil:
		return nil, fmt.Errorf("open repository %s: %w", relative, err)
	}
	return gitlabObjects{repo}, nil
}

// gitlabObjects answers as Gitaly's CommitIsAncestor does: a commit whose objects are missing
// is not an ancestor, so a push that lacks them counts as a force push rather than failing.
type gitlabObjects struct{ *gitrepo.Repo }

func (o gitlabObjects) IsAncestor(ctx context.Context, ancestor, descendant string) (bool, error) {
	ok, err := o.Repo.IsAncestor(ctx, ancestor, descendant)
	if errors.Is(err, gitrepo.ErrMissingObject) {
		return false, nil
	}
	return ok, err
}

// splitPath splits "group/sub/project" into "group/sub" and "project".
func splitPath(full string) (parent, name string) {
	parent, name = path.Split(full)
	return strings.TrimSuffix(parent, "/"), name
}
