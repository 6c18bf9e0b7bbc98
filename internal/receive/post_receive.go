package receive

import (
	"context"
	"errors"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/store"
)

// Request is a post_receive call.
type Request struct {
	GLRepository string
	// Identifier is the pusher's gl_id (see ActorParams).
	Identifier string
	// Changes are the pushed ref changes, as ParseChanges reads them.
	Changes string
	// PushOptions are the push options as given (git push -o).
	PushOptions []string
}

// Push is a completed push as post_receive records it. It is also the post-receive job's
// arguments (River job args; Kind names the job), so what the response promised and what the
// job processes are one value.
type Push struct {
	GLRepository string      `json:"gl_repository"`
	Identifier   string      `json:"identifier"`
	Changes      []Change    `json:"changes"`
	PushOptions  PushOptions `json:"push_options"`
}

// Kind names the post-receive job.
func (Push) Kind() string { return "post_receive" }

// PostReceive finishes a push in GitLab's order (PostReceiveService, docs/gitlab-rules.md §9): the
// push options are parsed, the reference counter is decreased and the post-receive job enqueued
// together with taking the user's notices (one transaction), then the messages are put together:
// the push-option warning as an alert, then the merge request links and the notices ("project
// moved", "project created") as basic messages. glia has no broadcast messages, the other source
// of alerts. Reading is done before the transaction and wording after it, so the call fails only
// when nothing was recorded.
//
// Errors: ErrMalformedChanges, project.ErrInvalidGLRepository, or a store failure.
func PostReceive(ctx context.Context, db Store, cfg Config, req Request) ([]Message, error) {
	changes, err := ParseChanges(req.Changes)
	if err != nil {
		return nil, err
	}
	repo, found, err := resolve(ctx, db, req.GLRepository)
	if err != nil {
		return nil, err
	}
	who, err := actor.Resolve(ctx, db, ActorParams(req.Identifier))
	if err != nil {
		return nil, err
	}
	options := ParsePushOptions(req.PushOptions)
	t, err := describeTarget(ctx, db, repo, found, changes, options)
	if err != nil {
		return nil, err
	}

	var noticesFor *int64
	if who.User != nil && found {
		noticesFor = &who.User.ID
	}
	push := Push{GLRepository: req.GLRepository, Identifier: req.Identifier, Changes: changes, PushOptions: options}
	notices, err := db.FinishPush(ctx, req.GLRepository, push, noticesFor)
	if err != nil {
		return nil, err
	}

	var out messages
	out.alert(pushOptionsWarning(req.PushOptions, options, found, t, who.User != nil, changes))
	for _, link := range mergeRequestLinks(cfg.ExternalURL, t, changes) {
		out.basic(link)
	}
	for _, notice := range notices {
		out.basic(notice)
	}
	return out, nil
}

// describeTarget adds whether the project has merge requests enabled, which project.Project
// does not carry. Only a project repository with merge request links or options to word asks.
func describeTarget(ctx context.Context, db project.Store, repo project.Project, found bool, changes []Change, options PushOptions) (target, error) {
	t := target{Project: repo}
	if !found || repo.Kind != project.KindProject ||
		(len(mergeRequestBranches(changes, repo.DefaultBranch)) == 0 && len(options["merge_request"]) == 0) {
		return t, nil
	}
	row, err := db.ProjectByID(ctx, repo.ID)
	if errors.Is(err, store.ErrNotFound) {
		return t, nil // deleted since it was resolved: nothing to link to
	} else if err != nil {
		return t, err
	}
	t.mergeRequestsEnabled = row.MergeRequestsAccessLevel > 0
	return t, nil
}
