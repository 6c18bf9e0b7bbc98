package gitaccess

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/glia-dev/glia/internal/access"
	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
)

// messageCreateFailed prefixes GitLab's 422 answer when create-on-push fails.
const messageCreateFailed = "Could not create project: "

// createOnPush creates the private project a push names (docs/gitlab-rules.md §1.6), leaves the
// "project created" notice for post-receive, and decides again on the new project.
func createOnPush(ctx context.Context, st Store, cfg Config, req Request, who actor.Actor, facts access.Facts) (Result, error) {
	parent, name := splitPath(facts.Request.RequestedPath)
	ns, err := st.NamespaceForNewProject(ctx, parent, who.User.ID)
	if err != nil {
		return Result{}, err
	}
	fullPath := ns.FullPath + "/" + name
	_, err = st.CreatePrivateProject(ctx, ns.ID, name, fullPath, who.User.ID)
	if errors.Is(err, store.ErrConflict) {
		return Result{Decision: access.Decision{Status: http.StatusUnprocessableEntity,
			Message: messageCreateFailed + "Path has already been taken"}}, nil
	} else if err != nil {
		return Result{}, fmt.Errorf("create project %s: %w", fullPath, err)
	}
	req.Project = fullPath
	result, err := Check(ctx, st, cfg, req)
	if err != nil || !result.Decision.Allowed() {
		return result, err
	}
	notice := createdNotice(cfg, req.Protocol, fullPath)
	if err := st.AddPushNotice(ctx, who.User.ID, result.Project.GLRepository(), notice); err != nil {
		return Result{}, err
	}
	return result, nil
}
