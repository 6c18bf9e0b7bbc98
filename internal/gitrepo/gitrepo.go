// Package gitrepo reads a repository on disk with the git binary, for the /internal/allowed checks
// that need objects (force push, "newrev is already in a protected branch"). During pre-receive
// the push's objects exist only in the quarantine directory Gitaly names in `env`; every git
// command here sees them, as Gitaly's own commands do.
package gitrepo

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/glia-dev/glia/internal/access"
)

// ErrNotRepository means no git repository is at the path.
var ErrNotRepository = errors.New("not a git repository")

// Repo is one repository, as seen during one request. It is safe for concurrent use.
type Repo struct {
	dir       string   // absolute path of the repository
	objectEnv []string // the quarantine's GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES
	idLen     int      // hex digits of an object ID: 40 (SHA-1) or 64 (SHA-256)
}

var _ access.Objects = (*Repo)(nil)

// Open opens the repository at relativePath in the storage at storageRoot, reading objects
// through the quarantine q. It refuses paths that leave the storage (ErrInvalidPath) and
// directories that are not repositories (ErrNotRepository), and runs git once to learn the
// repository's object format.
func Open(ctx context.Context, storageRoot, relativePath string, q Quarantine) (*Repo, error) {
	if err := q.inStorage(relativePath); err != nil {
		return nil, err
	}
	root, err := filepath.Abs(storageRoot)
	if err != nil {
		return nil, fmt.Errorf("storage root: %w", err)
	}
	r := &Repo{dir: filepath.Join(root, relativePath)}
	if info, err := os.Stat(r.dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("%w: %s", ErrNotRepository, r.dir)
	}
	// Git would report a missing quarantine as "not a git repository"; say what is missing.
	if q.ObjectDirectory != "" {
		dir := filepath.Join(r.dir, q.ObjectDirectory)
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			return nil, fmt.Errorf("quarantine object directory %s is not a directory", dir)
		}
	}
	r.objectEnv = q.objectEnv(r.dir)

	out, err := r.run(ctx, "", "rev-parse", "--show-object-format")
	var exit *exitError
	if errors.As(err, &exit) {
		return nil, fmt.Errorf("%w: %s: %v", ErrNotRepository, r.dir, err)
	} else if err != nil {
		return nil, err
	}
	switch format := strings.TrimSpace(string(out)); format {
	case "sha1":
		r.idLen = 40
	case "sha256":
		r.idLen = 64
	default:
		return nil, fmt.Errorf("repository %s: unknown object format %q", r.dir, format)
	}
	return r, nil
}
