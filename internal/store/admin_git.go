package store

import (
	"context"
	"fmt"

	"github.com/glia-dev/glia/gen/db"
	"github.com/glia-dev/glia/internal/world"
)

// The writes below are the world loader's, applied to one entity of a project that already
// exists: an administrator's command changes the database exactly as a world file declaring the
// same entity would. Every one of them names what it could not find with ErrNotFound.

// ProtectBranch protects a branch name or pattern of a project; its access lists become b's.
func (s *Store) ProtectBranch(ctx context.Context, projectPath string, b world.ProtectedBranch) error {
	return s.inTx(ctx, func(q *db.Queries) error {
		ww, projectID, err := writerFor(ctx, q, projectPath, b.Push, b.Merge, b.Unprotect)
		if err != nil {
			return err
		}
		return ww.writeProtectedBranch(ctx, projectID, b)
	})
}

// ProtectTag protects a tag name or pattern of a project; who may create it becomes t's list.
func (s *Store) ProtectTag(ctx context.Context, projectPath string, t world.ProtectedTag) error {
	return s.inTx(ctx, func(q *db.Queries) error {
		ww, projectID, err := writerFor(ctx, q, projectPath, t.Create)
		if err != nil {
			return err
		}
		return ww.writeProtectedTag(ctx, projectID, t)
	})
}

// UnprotectBranch removes a branch protection rule with its access lists.
func (s *Store) UnprotectBranch(ctx context.Context, projectPath, name string) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		_, err := q.AdminDeleteProtectedBranch(ctx, db.AdminDeleteProtectedBranchParams{ProjectID: projectID, Name: name})
		return notFound(err, "protected branch %q", name)
	})
}

// UnprotectTag removes a tag protection rule with its access list.
func (s *Store) UnprotectTag(ctx context.Context, projectPath, name string) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		_, err := q.AdminDeleteProtectedTag(ctx, db.AdminDeleteProtectedTagParams{ProjectID: projectID, Name: name})
		return notFound(err, "protected tag %q", name)
	})
}

// AddDeployKey enables a deploy key on a project, creating the key when no key has its
// fingerprint; an existing deploy key is enabled on one more project (GitLab's "enable a
// deploy key from another project"). ErrConflict when the key is a user's SSH key.
func (s *Store) AddDeployKey(ctx context.Context, projectPath string, k world.SSHKey, canPush bool) (int64, error) {
	var keyID int64
	err := s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		existing, err := q.AdminKeyByFingerprint(ctx, k.Fingerprint)
		switch err := mapError(err); {
		case err == nil && existing.Kind != "deploy":
			return fmt.Errorf("%w: the key is a user's SSH key", ErrConflict)
		case err == nil:
			keyID = existing.ID
		case err == ErrNotFound:
			if keyID, err = newWorldWriter(q).writeKey(ctx, "deploy", nil, k); err != nil {
				return err
			}
		default:
			return err
		}
		return mapError(q.WorldUpsertDeployKeyProject(ctx, db.WorldUpsertDeployKeyProjectParams{
			DeployKeyID: keyID, ProjectID: projectID, CanPush: canPush}))
	})
	return keyID, err
}

// RemoveDeployKey disables a deploy key on a project; the key itself stays (it may be enabled
// elsewhere; `glia key remove` deletes it).
func (s *Store) RemoveDeployKey(ctx context.Context, projectPath string, keyID int64) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		_, err := q.AdminUnlinkDeployKey(ctx, db.AdminUnlinkDeployKeyParams{DeployKeyID: keyID, ProjectID: projectID})
		return notFound(err, "deploy key %d on the project", keyID)
	})
}

// AddRedirect makes an old path lead to a project, as renaming it in GitLab leaves behind.
func (s *Store) AddRedirect(ctx context.Context, oldPath, projectPath string) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		if _, err := q.AdminProjectID(ctx, oldPath); mapError(err) != ErrNotFound {
			if err == nil {
				return fmt.Errorf("%w: project %q exists", ErrConflict, oldPath)
			}
			return mapError(err)
		}
		return mapError(q.WorldUpsertRedirectRoute(ctx, db.WorldUpsertRedirectRouteParams{Path: oldPath, ProjectID: &projectID}))
	})
}

// RemoveRedirect forgets an old path.
func (s *Store) RemoveRedirect(ctx context.Context, oldPath string) error {
	_, err := s.q.AdminDeleteRedirectRoute(ctx, oldPath)
	return notFound(err, "redirect route %q", oldPath)
}

// AddHook adds a project webhook or updates the one with the same URL.
func (s *Store) AddHook(ctx context.Context, projectPath string, h world.Hook) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		return mapError(q.WorldUpsertProjectHook(ctx, db.WorldUpsertProjectHookParams{
			ProjectID: projectID, URL: h.URL, Token: h.Token, PushEvents: h.PushEvents, TagPushEvents: h.TagPushEvents}))
	})
}

// RemoveHook deletes a project webhook by URL.
func (s *Store) RemoveHook(ctx context.Context, projectPath, url string) error {
	return s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) error {
		_, err := q.AdminDeleteProjectHook(ctx, db.AdminDeleteProjectHookParams{ProjectID: projectID, URL: url})
		return notFound(err, "hook %q", url)
	})
}

// HooksOf lists a project's webhooks.
func (s *Store) HooksOf(ctx context.Context, projectPath string) ([]ProjectHook, error) {
	var hooks []ProjectHook
	err := s.inProject(ctx, projectPath, func(q *db.Queries, projectID int64) (err error) {
		hooks, err = q.ListProjectHooks(ctx, projectID)
		return mapError(err)
	})
	return hooks, err
}

// inProject runs fn in a transaction with the id of the project at projectPath.
func (s *Store) inProject(ctx context.Context, projectPath string, fn func(q *db.Queries, projectID int64) error) error {
	return s.inTx(ctx, func(q *db.Queries) error {
		projectID, err := q.AdminProjectID(ctx, projectPath)
		if err != nil {
			return notFound(err, "project %q", projectPath)
		}
		return fn(q, projectID)
	})
}

// writerFor is a world writer that knows the project and every user and deploy key the access
// lists name, as if the world file had declared them.
func writerFor(ctx context.Context, q *db.Queries, projectPath string, lists ...[]world.RefAccess) (*worldWriter, int64, error) {
	projectID, err := q.AdminProjectID(ctx, projectPath)
	if err != nil {
		return nil, 0, notFound(err, "project %q", projectPath)
	}
	ww := newWorldWriter(q)
	for _, list := range lists {
		for _, r := range list {
			switch {
			case r.User != "":
				u, err := q.GetUserByUsername(ctx, r.User)
				if err != nil {
					return nil, 0, notFound(err, "user %q", r.User)
				}
				ww.users[r.User] = u.ID
			case r.DeployKey != "":
				ids, err := q.AdminDeployKeyIDsByTitle(ctx, r.DeployKey)
				if err != nil {
					return nil, 0, mapError(err)
				}
				if len(ids) != 1 {
					return nil, 0, fmt.Errorf("%w: %d deploy keys are titled %q (want exactly one)", ErrNotFound, len(ids), r.DeployKey)
				}
				ww.deployKeys[r.DeployKey] = ids[0]
			}
		}
	}
	return ww, projectID, nil
}

// notFound names what is missing when err is ErrNotFound.
func notFound(err error, format string, args ...any) error {
	if err = mapError(err); err == ErrNotFound {
		return fmt.Errorf("%w: %s", ErrNotFound, fmt.Sprintf(format, args...))
	}
	return err
}
