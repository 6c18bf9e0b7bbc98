package jobs

import (
	"context"
	"errors"
	"log/slog"

	"github.com/riverqueue/river"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/project"
	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/store"
)

// pushEventHooksLimit is GitLab's push_event_hooks_limit default: when one push creates (or
// updates, or removes) more branches than this, or more tags, webhooks are not run for those
// changes; their events are recorded all the same.
const pushEventHooksLimit = 3

// postReceiveWorker processes a push that post_receive recorded (GitLab's PostReceive worker,
// docs/gitlab-rules.md §9.1), as far as glia models it: every branch and tag change gets a push event
// and moves (or removes) the ref's recorded head, and each project hook that wants the change
// gets a delivery job. Other refs (merge request refs, keep-arounds, …) are not acted on.
type postReceiveWorker struct {
	river.WorkerDefaults[receive.Push]
	db  Store
	cfg Config
}

func (w *postReceiveWorker) Work(ctx context.Context, job *river.Job[receive.Push]) error {
	push := job.Args
	repo, err := project.Resolve(ctx, w.db, project.Ref{GLRepository: push.GLRepository})
	if errors.Is(err, project.ErrNotFound) || errors.Is(err, project.ErrInvalidGLRepository) {
		w.skip(ctx, job, "unknown repository")
		return nil
	} else if err != nil {
		return err
	}
	if repo.Kind != project.KindProject {
		w.skip(ctx, job, "not a project repository") // wiki and design pushes have no push events
		return nil
	}
	who, err := actor.Resolve(ctx, w.db, receive.ActorParams(push.Identifier))
	if err != nil {
		return err
	}
	if who.User == nil {
		w.skip(ctx, job, "unknown user") // GitLab too does nothing for a push it cannot attribute
		return nil
	}
	p, err := w.db.ProjectForHooks(ctx, repo.ID)
	if errors.Is(err, store.ErrNotFound) {
		w.skip(ctx, job, "project deleted")
		return nil
	} else if err != nil {
		return err
	}
	hooks, err := w.db.ProjectHooks(ctx, repo.ID)
	if err != nil {
		return err
	}
	changes, err := refChanges(w.cfg, p, *who.User, hooks, push)
	if err != nil {
		return err
	}
	return w.db.RecordPush(ctx, job.ID, repo.ID, who.User.ID, changes)
}

func (w *postReceiveWorker) skip(ctx context.Context, job *river.Job[receive.Push], why string) {
	w.cfg.Logger.InfoContext(ctx, "post-receive job recorded nothing", slog.String("reason", why),
		slog.Int64("job_id", job.ID), slog.String("gl_repository", job.Args.GLRepository),
		slog.String("identifier", job.Args.Identifier))
}

// refChanges turns a push's branch and tag changes into what the store records, in GitLab's
// order (Git::ProcessRefChangesService): branches before tags, each grouped by action in the
// order the actions first occur, with the deliveries for the hooks that want each change.
func refChanges(cfg Config, p store.HookProject, pusher store.User, hooks []store.ProjectHook, push receive.Push) ([]store.RefChange, error) {
	var out []store.RefChange
	for _, group := range groupChanges(push.Changes) {
		runHooks := len(group.changes) <= pushEventHooksLimit
		for _, c := range group.changes {
			rc := store.RefChange{Ref: c.Ref, RefType: group.refType, Action: group.action, Before: c.OldRev, After: c.NewRev}
			if runHooks {
				deliveries, err := deliveriesFor(cfg, p, pusher, hooks, push.PushOptions, group.refType, c)
				if err != nil {
					return nil, err
				}
				rc.Jobs = deliveries
			}
			out = append(out, rc)
		}
	}
	return out, nil
}

// changeGroup is the changes of one ref type with one action.
type changeGroup struct {
	refType, action string
	changes         []receive.Change
}

func groupChanges(changes []receive.Change) []changeGroup {
	var groups []changeGroup
	for _, refType := range []string{refTypeBranch, refTypeTag} {
		index := map[string]int{}
		for _, c := range changes {
			if refTypeOf(c) != refType {
				continue
			}
			action := actionOf(c)
			i, ok := index[action]
			if !ok {
				i = len(groups)
				index[action] = i
				groups = append(groups, changeGroup{refType: refType, action: action})
			}
			groups[i].changes = append(groups[i].changes, c)
		}
	}
	return groups
}

// Ref types and actions of push events (GitLab's PushEventPayload).
const (
	refTypeBranch = "branch"
	refTypeTag    = "tag"

	actionCreated = "created"
	actionPushed  = "pushed"
	actionRemoved = "removed"
)

func refTypeOf(c receive.Change) string {
	if _, ok := c.Branch(); ok {
		return refTypeBranch
	}
	if c.IsTag() {
		return refTypeTag
	}
	return ""
}

func actionOf(c receive.Change) string {
	switch {
	case c.Created():
		return actionCreated
	case c.Deleted():
		return actionRemoved
	}
	return actionPushed
}
