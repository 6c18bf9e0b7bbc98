package store

import (
	"context"
	"errors"

	"github.com/jackc/pgx/v5"

	"github.com/glia-dev/glia/gen/db"
)

// ProjectAccess is a project and an actor's standing on it (GetProjectAccess in
// queries/access.sql).
type ProjectAccess = db.GetProjectAccessRow

// Accessor is who asks, named as the request names them: by at most one of the three (none is
// anonymous). An unknown key or user stands as anonymous.
type Accessor struct {
	KeyID, UserID *int64
	Username      *string
}

// ProjectAccessByID loads the project with this id and the accessor's standing on it;
// ErrNotFound when there is no such project.
func (s *Store) ProjectAccessByID(ctx context.Context, projectID int64, who Accessor) (ProjectAccess, error) {
	return s.projectAccess(ctx, db.GetProjectAccessParams{ProjectID: &projectID}, who)
}

// ProjectAccessByPath loads the project at a full path (ignoring case, old paths included, as
// ProjectByPath finds it) and the accessor's standing on it; ErrNotFound when none is there.
func (s *Store) ProjectAccessByPath(ctx context.Context, path string, who Accessor) (ProjectAccess, error) {
	return s.projectAccess(ctx, db.GetProjectAccessParams{Path: path, Ancestors: ancestors(path)}, who)
}

func (s *Store) projectAccess(ctx context.Context, params db.GetProjectAccessParams, who Accessor) (ProjectAccess, error) {
	params.KeyID, params.UserID, params.Username = who.KeyID, who.UserID, who.Username
	row, err := s.q.GetProjectAccess(ctx, params)
	return row, mapError(err)
}

// RefAccessLevel is one entry of a protected ref's access list: a role, a user or a deploy key.
type RefAccessLevel struct {
	Action      string // push, merge or unprotect (tags: create)
	Role        *int32
	UserID      *int64
	DeployKeyID *int64
}

// ProtectedRefRule is a protected branch or tag with its access lists.
type ProtectedRefRule struct {
	Name           string
	AllowForcePush bool
	Levels         []RefAccessLevel
}

// ProtectedRefs loads a project's protected branches and tags with their access lists.
func (s *Store) ProtectedRefs(ctx context.Context, projectID int64) (branches, tags []ProtectedRefRule, err error) {
	branchRows, err := s.q.ListProtectedBranchRules(ctx, projectID)
	if err != nil {
		return nil, nil, mapError(err)
	}
	tagRows, err := s.q.ListProtectedTagRules(ctx, projectID)
	if err != nil {
		return nil, nil, mapError(err)
	}
	var lastBranch int64
	for _, r := range branchRows {
		if len(branches) == 0 || r.ID != lastBranch {
			branches = append(branches, ProtectedRefRule{Name: r.Name, AllowForcePush: r.AllowForcePush})
			lastBranch = r.ID
		}
		if r.Action != nil {
			b := &branches[len(branches)-1]
			b.Levels = append(b.Levels, RefAccessLevel{Action: *r.Action, Role: r.AccessLevel, UserID: r.UserID, DeployKeyID: r.DeployKeyID})
		}
	}
	var lastTag int64
	for _, r := range tagRows {
		if len(tags) == 0 || r.ID != lastTag {
			tags = append(tags, ProtectedRefRule{Name: r.Name})
			lastTag = r.ID
		}
		if r.AccessLevel != nil || r.UserID != nil || r.DeployKeyID != nil {
			t := &tags[len(tags)-1]
			t.Levels = append(t.Levels, RefAccessLevel{Action: "create", Role: r.AccessLevel, UserID: r.UserID, DeployKeyID: r.DeployKeyID})
		}
	}
	return branches, tags, nil
}

// NewProjectNamespace is where create-on-push would put a project, and whether the user may.
type NewProjectNamespace struct {
	ID        int64
	FullPath  string
	MayCreate bool
}

// NamespaceForNewProject finds the namespace by full path; ErrNotFound when there is none.
func (s *Store) NamespaceForNewProject(ctx context.Context, fullPath string, userID int64) (NewProjectNamespace, error) {
	row, err := s.q.GetNamespaceForNewProject(ctx, db.GetNamespaceForNewProjectParams{FullPath: fullPath, UserID: &userID})
	if err != nil {
		return NewProjectNamespace{}, mapError(err)
	}
	return NewProjectNamespace{ID: row.ID, FullPath: row.FullPath, MayCreate: row.MayCreate}, nil
}

// CreatePrivateProject creates a private project (create-on-push) and returns its id;
// ErrConflict when the path is taken, by a project or by a namespace.
func (s *Store) CreatePrivateProject(ctx context.Context, namespaceID int64, path, fullPath string, creatorID int64) (int64, error) {
	id, err := s.q.CreatePrivateProject(ctx, db.CreatePrivateProjectParams{
		NamespaceID: namespaceID, Path: path, FullPath: fullPath, CreatorID: &creatorID})
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, ErrConflict // a namespace holds the path
	}
	return id, mapError(err)
}
