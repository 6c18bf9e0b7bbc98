// Package project finds the project (repository container) a GitLab Shell or Gitaly request is
// about, from a path as typed by the user or a gl_repository identifier, with GitLab's rules
// (gitlab-behaviour §0.4).
//
// Only project repositories resolve so far. The other kinds GitLab knows — wiki-<id>,
// design-<id>, snippet-<id>, group-<id>-wiki and the ".wiki"/".design"/"snippets/<id>" path
// forms — are parsed (a malformed identifier is told apart from one naming nothing) but answer
// ErrNotFound until git access needs them; they slot into byGLRepository and byPath.
package project

import (
	"context"
	"errors"
	"fmt"

	"github.com/glia-dev/glia/internal/store"
)

// ErrNotFound means the reference names no project glia has.
var ErrNotFound = errors.New("project not found")

// Store is what project resolution needs from the database.
type Store interface {
	ProjectByID(ctx context.Context, id int64) (store.Project, error)
	ProjectByPath(ctx context.Context, path string) (p store.Project, redirected bool, err error)
}

// Ref is how a request names a repository. GLRepository wins when it is set; Path is used
// otherwise.
type Ref struct {
	// Path is the repository as the user typed it ("/group/project.git" or "group/project").
	Path string
	// GLRepository is Gitaly's identifier ("project-3").
	GLRepository string
}

// Project is a resolved repository container.
type Project struct {
	ID                   int64
	FullPath             string
	Visibility           string // private, internal or public
	Archived             bool
	DefaultBranch        string // empty for a repository without commits
	Storage              string // the Gitaly storage name
	DiskPath             string // relative to the storage, without ".git"
	LFSEnabled           bool
	ErrorTrackingEnabled bool
	// RedirectedFrom is the requested path when only an old path of the project matched it
	// (GitLab's redirected_path, behind the "project was moved" notice); empty otherwise.
	RedirectedFrom string
}

// Resolve finds the project ref names. ErrNotFound means none does; ErrInvalidGLRepository
// that the identifier is malformed.
func Resolve(ctx context.Context, db Store, ref Ref) (Project, error) {
	if ref.GLRepository != "" {
		return byGLRepository(ctx, db, ref.GLRepository)
	}
	return byPath(ctx, db, ref.Path)
}

func byGLRepository(ctx context.Context, db Store, identifier string) (Project, error) {
	repo, err := parseGLRepository(identifier)
	if err != nil {
		return Project{}, err
	}
	if repo.kind != kindProject {
		return Project{}, ErrNotFound
	}
	row, err := db.ProjectByID(ctx, repo.id)
	if err != nil {
		return Project{}, lookupError(err)
	}
	return fromRow(row), nil
}

func byPath(ctx context.Context, db Store, typed string) (Project, error) {
	path := normalizePath(typed)
	if path == "" {
		return Project{}, ErrNotFound
	}
	row, redirected, err := db.ProjectByPath(ctx, path)
	if err != nil {
		return Project{}, lookupError(err)
	}
	p := fromRow(row)
	if redirected {
		p.RedirectedFrom = path
	}
	return p, nil
}

func lookupError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return fmt.Errorf("look up project: %w", err)
}

func fromRow(r store.Project) Project {
	p := Project{
		ID:                   r.ID,
		FullPath:             r.FullPath,
		Visibility:           r.Visibility,
		Archived:             r.Archived,
		Storage:              r.RepositoryStorage,
		DiskPath:             r.DiskPath,
		LFSEnabled:           r.LFSEnabled,
		ErrorTrackingEnabled: r.ErrorTrackingEnabled,
	}
	if r.DefaultBranch != nil {
		p.DefaultBranch = *r.DefaultBranch
	}
	return p
}
