// Package project finds the project (repository container) a GitLab Shell or Gitaly request is
// about, from a path as typed by the user or a gl_repository identifier, with GitLab's rules
// (docs/gitlab-rules.md §0.4).
//
// Project, wiki and design repositories resolve to their project, with Kind saying which
// repository is meant. Snippets and group wikis have no tables in glia yet: they are parsed (a
// malformed identifier is told apart from one naming nothing) and answer ErrNotFound with their
// Kind set, so that callers can word the not-found message for what was asked.
package project

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

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
	// Kind is which of the project's repositories is meant (KindProject, KindWiki, KindDesign).
	Kind        string
	ID          int64
	NamespaceID int64
	FullPath    string
	Visibility  string // private, internal or public
	// RepositoryAccessLevel is the repository feature's level (0 disabled, 10 members only,
	// 20 everyone with access).
	RepositoryAccessLevel int
	Archived              bool
	DefaultBranch         string // empty for a repository without commits
	Storage               string // the Gitaly storage name
	DiskPath              string // relative to the storage, without ".git"
	LFSEnabled            bool
	ErrorTrackingEnabled  bool
	// RedirectedFrom is the requested path when only an old path of the project matched it
	// (GitLab's redirected_path, behind the "project was moved" notice); empty otherwise.
	RedirectedFrom string
}

// Resolve finds the project ref names. ErrNotFound means none does; ErrInvalidGLRepository
// that the identifier is malformed.
func Resolve(ctx context.Context, db Store, ref Ref) (Project, error) {
	t, err := Parse(ref)
	if err != nil {
		return Project{Kind: t.Kind}, err
	}
	var (
		row        store.Project
		redirected bool
	)
	if t.Path == "" {
		row, err = db.ProjectByID(ctx, t.ID)
	} else {
		row, redirected, err = db.ProjectByPath(ctx, t.Path)
	}
	if err != nil {
		return Project{Kind: t.Kind}, lookupError(err)
	}
	return t.Found(row, redirected), nil
}

// Target is the project a Ref names, as far as that can be told without the database: which
// of its repositories is meant, and its id (a gl_repository) or its full path (a path as
// typed, normalised).
type Target struct {
	Kind string
	ID   int64  // set when the Ref is a gl_repository
	Path string // set otherwise
}

// Parse reads a Ref. ErrInvalidGLRepository means the identifier is malformed; ErrNotFound,
// with the Target's Kind set, that it cannot name a project glia has (a snippet, a group wiki,
// an empty path).
func Parse(ref Ref) (Target, error) {
	if ref.GLRepository != "" {
		repo, err := parseGLRepository(ref.GLRepository)
		if err != nil {
			return Target{}, err
		}
		if repo.kind == KindSnippet || repo.kind == KindGroupWiki {
			return Target{Kind: repo.kind}, ErrNotFound
		}
		return Target{Kind: repo.kind, ID: repo.id}, nil
	}
	kind, path := splitKind(NormalizePath(ref.Path))
	if path == "" || kind == KindSnippet {
		return Target{Kind: kind}, ErrNotFound
	}
	return Target{Kind: kind, Path: path}, nil
}

// Found is the Project the target names, built from its row; redirected says the row was found
// through an old path.
func (t Target) Found(row store.Project, redirected bool) Project {
	p := fromRow(row)
	p.Kind = t.Kind
	if redirected {
		p.RedirectedFrom = t.Path
	}
	return p
}

// ByID finds a project by its id; ErrNotFound when there is none.
func ByID(ctx context.Context, db Store, id int64) (Project, error) {
	row, err := db.ProjectByID(ctx, id)
	if err != nil {
		return Project{Kind: KindProject}, lookupError(err)
	}
	return fromRow(row), nil
}

// GLRepository is Gitaly's identifier of the repository ("project-3", "wiki-3", "design-3").
func (p Project) GLRepository() string {
	return p.Kind + "-" + strconv.FormatInt(p.ID, 10)
}

// RelativePath is the repository's path in its storage, as Gitaly wants it.
func (p Project) RelativePath() string {
	return p.DiskPath + kindSuffix(p.Kind) + ".git"
}

// GLProjectPath is the repository's full path as GitLab names it ("gnuwget/wget2.wiki").
func (p Project) GLProjectPath() string {
	return p.FullPath + kindSuffix(p.Kind)
}

func lookupError(err error) error {
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return fmt.Errorf("look up project: %w", err)
}

func fromRow(r store.Project) Project {
	p := Project{
		Kind:                  KindProject,
		ID:                    r.ID,
		NamespaceID:           r.NamespaceID,
		FullPath:              r.FullPath,
		Visibility:            r.Visibility,
		RepositoryAccessLevel: int(r.RepositoryAccessLevel),
		Archived:              r.Archived,
		Storage:               r.RepositoryStorage,
		DiskPath:              r.DiskPath,
		LFSEnabled:            r.LFSEnabled,
		ErrorTrackingEnabled:  r.ErrorTrackingEnabled,
	}
	if r.DefaultBranch != nil {
		p.DefaultBranch = *r.DefaultBranch
	}
	return p
}

// HTTPCloneURL is a project's HTTP(S) clone URL under GitLab's external URL.
func HTTPCloneURL(externalURL, fullPath string) string {
	return strings.TrimRight(externalURL, "/") + "/" + fullPath + ".git"
}

// SSHCloneURL is a project's SSH clone URL (git@host:group/project.git).
func SSHCloneURL(host, fullPath string) string {
	return "git@" + host + ":" + fullPath + ".git"
}
