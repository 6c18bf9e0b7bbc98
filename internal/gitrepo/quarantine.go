package gitrepo

import (
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// ErrInvalidPath means a path from the request is absolute, holds a NUL byte, or leads out of
// the storage; the caller answers 400.
var ErrInvalidPath = errors.New("invalid repository or object directory path")

// Quarantine is where a push's objects are while pre-receive runs, as Gitaly reports it in the
// `env` parameter of /internal/allowed: directories relative to the repository.
type Quarantine struct {
	// ObjectDirectory holds the objects of the push; empty outside a push.
	ObjectDirectory string `json:"GIT_OBJECT_DIRECTORY_RELATIVE"`
	// AlternateObjectDirectories are further directories to read objects from.
	AlternateObjectDirectories []string `json:"GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE"`
}

// ParseEnv reads the `env` parameter. Anything that does not decode (not JSON, not an object,
// wrong types) is no quarantine at all, as GitLab treats invalid JSON as {}.
func ParseEnv(env string) Quarantine {
	var q Quarantine
	if json.Unmarshal([]byte(env), &q) != nil {
		return Quarantine{}
	}
	return q
}

// Validate checks the directories as the request gives them: relative and without NUL bytes.
// Whether they stay inside the storage depends on the repository's path; Open checks that.
func (q Quarantine) Validate() error {
	for _, dir := range q.dirs() {
		if filepath.IsAbs(dir) || strings.ContainsRune(dir, 0) {
			return fmt.Errorf("%w: object directory %q", ErrInvalidPath, dir)
		}
	}
	return nil
}

// inStorage checks that relativePath, and the directories resolved against it, stay inside the
// storage. Leaving the repository is allowed on purpose: Gitaly's operation RPCs (merges,
// UserCommitFiles: protocol web) quarantine in the storage's +gitaly/tmp, transactions in their
// staging directory, so Gitaly sends paths such as "../../../+gitaly/tmp/quarantine-…" and
// itself checks only that they stay in the storage.
func (q Quarantine) inStorage(relativePath string) error {
	if err := q.Validate(); err != nil {
		return err
	}
	if err := checkLocal("repository path", relativePath); err != nil {
		return err
	}
	for _, dir := range q.dirs() {
		if err := checkLocal("object directory", filepath.Join(relativePath, dir)); err != nil {
			return err
		}
	}
	return nil
}

func (q Quarantine) dirs() []string {
	if q.ObjectDirectory == "" {
		return q.AlternateObjectDirectories
	}
	return append([]string{q.ObjectDirectory}, q.AlternateObjectDirectories...)
}

// checkLocal refuses a storage-relative path that is empty, absolute, leads out with "..", or
// holds a NUL byte (which no file name and no environment variable can carry).
func checkLocal(what, path string) error {
	if !filepath.IsLocal(path) || strings.ContainsRune(path, 0) {
		return fmt.Errorf("%w: %s %q", ErrInvalidPath, what, path)
	}
	return nil
}

// objectEnv points git at the push as Gitaly's hooks see it: the push's objects in the
// quarantine directory, all others in the repository's object directory and the listed
// alternates. Git reads the alternates' own info/alternates, so object pools stay visible.
func (q Quarantine) objectEnv(repoDir string) []string {
	if q.ObjectDirectory == "" && len(q.AlternateObjectDirectories) == 0 {
		return nil
	}
	alternates := []string{quoteAlternate(filepath.Join(repoDir, "objects"))}
	for _, dir := range q.AlternateObjectDirectories {
		alternates = append(alternates, quoteAlternate(filepath.Join(repoDir, dir)))
	}
	env := []string{"GIT_ALTERNATE_OBJECT_DIRECTORIES=" + strings.Join(alternates, ":")}
	if q.ObjectDirectory != "" {
		env = append(env, "GIT_OBJECT_DIRECTORY="+filepath.Join(repoDir, q.ObjectDirectory))
	}
	return env
}

// quoteAlternate C-quotes one GIT_ALTERNATE_OBJECT_DIRECTORIES entry, which git unquotes: a ":"
// in a path would otherwise split it and let a request add a directory of its choosing.
func quoteAlternate(path string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(path) + `"`
}
