package project

import (
	"errors"
	"strconv"
	"strings"
)

// ErrInvalidGLRepository means a gl_repository does not follow GitLab's grammar. GitLab raises
// there (an unhandled 500); glia reports it as a bad parameter.
var ErrInvalidGLRepository = errors.New("invalid gl_repository")

// Kinds of repository (Project.Kind).
const (
	KindProject   = "project"
	KindWiki      = "wiki"
	KindDesign    = "design"
	KindSnippet   = "snippet"
	KindGroupWiki = "group-wiki"
)

// glRepository is a parsed gl_repository: the kind of repository and its container's id.
type glRepository struct {
	kind string
	id   int64
}

// parseGLRepository reads GitLab's identifiers: "<kind>-<id>" for project, wiki, design and
// snippet repositories, and "<project|group>-<id>-wiki" for wikis named by their container
// (Gitlab::GlRepository::Identifier). An id too large for any row parses, and names nothing.
func parseGLRepository(s string) (glRepository, error) {
	parts := strings.Split(s, "-")
	var repo glRepository
	var id string
	switch len(parts) {
	case 2:
		switch parts[0] {
		case KindProject, KindWiki, KindDesign, KindSnippet:
			repo.kind, id = parts[0], parts[1]
		default:
			return glRepository{}, ErrInvalidGLRepository
		}
	case 3:
		if parts[2] != KindWiki {
			return glRepository{}, ErrInvalidGLRepository
		}
		switch parts[0] {
		case "project":
			repo.kind = KindWiki
		case "group":
			repo.kind = KindGroupWiki
		default:
			return glRepository{}, ErrInvalidGLRepository
		}
		id = parts[1]
	default:
		return glRepository{}, ErrInvalidGLRepository
	}
	n, err := strconv.ParseInt(id, 10, 64)
	var numErr *strconv.NumError
	switch {
	case err == nil:
		repo.id = n
	case errors.As(err, &numErr) && errors.Is(numErr.Err, strconv.ErrRange):
		repo.id = 0 // no row has it
	default:
		return glRepository{}, ErrInvalidGLRepository
	}
	return repo, nil
}
