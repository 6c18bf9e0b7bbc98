// Package gitrepotest builds real bare repositories for tests: commits in the repository, and
// commits that exist only in a push's quarantine directory, the way Gitaly presents a push to
// /internal/allowed. Git runs isolated from the user's configuration.
package gitrepotest

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Fixture is one bare repository in a storage directory.
type Fixture struct {
	t testing.TB
	// StorageRoot is the storage's directory, RelativePath the repository's path in it (what
	// Gitaly sends as relative_path) and Dir the repository's absolute path.
	StorageRoot  string
	RelativePath string
	Dir          string
}

// NewBareRepo creates an empty SHA-1 bare repository at storageRoot/relativePath.
func NewBareRepo(t testing.TB, storageRoot, relativePath string) *Fixture {
	t.Helper()
	return newBareRepo(t, storageRoot, relativePath, "sha1")
}

// NewSHA256BareRepo creates an empty SHA-256 bare repository at storageRoot/relativePath.
func NewSHA256BareRepo(t testing.TB, storageRoot, relativePath string) *Fixture {
	t.Helper()
	return newBareRepo(t, storageRoot, relativePath, "sha256")
}

func newBareRepo(t testing.TB, storageRoot, relativePath, format string) *Fixture {
	t.Helper()
	root, err := filepath.Abs(storageRoot)
	if err != nil {
		t.Fatalf("storage root: %v", err)
	}
	f := &Fixture{t: t, StorageRoot: root, RelativePath: relativePath, Dir: filepath.Join(root, relativePath)}
	if err := os.MkdirAll(f.Dir, 0o755); err != nil {
		t.Fatalf("create repository directory: %v", err)
	}
	f.git(nil, "", "-c", "init.defaultBranch=main", "init", "--quiet", "--bare", "--object-format="+format)
	return f
}

// Commit writes a commit (one file, README, holding message) with parent ("" for a root commit)
// into the repository's own object directory and returns its ID. No ref points to it.
func (f *Fixture) Commit(parent, message string) string {
	f.t.Helper()
	return f.commit(nil, parent, message)
}

// SetRef points ref (a full name: refs/tags/v1) at sha, which must be in the repository.
func (f *Fixture) SetRef(ref, sha string) {
	f.t.Helper()
	f.git(nil, "", "update-ref", ref, sha)
}

// SetBranch points branch name at sha, which must be in the repository.
func (f *Fixture) SetBranch(name, sha string) {
	f.t.Helper()
	f.SetRef("refs/heads/"+name, sha)
}

// QuarantineCommit writes a commit with parent (a commit in the repository) the way
// git-receive-pack receives a push: its new objects only in a fresh quarantine directory
// objects/tmp_objdir-incoming-XXXXXX. It returns the commit ID and the quarantine directory
// relative to the repository (what Gitaly sends as GIT_OBJECT_DIRECTORY_RELATIVE). Objects the
// repository already has are not copied, as git does.
func (f *Fixture) QuarantineCommit(parent, message string) (sha, quarantineRelDir string) {
	f.t.Helper()
	return f.quarantineCommit(filepath.Join(f.Dir, "objects"), "tmp_objdir-incoming-", parent, message)
}

// GitalyQuarantineCommit is QuarantineCommit for the quarantine of Gitaly's operation RPCs
// (merges, UserCommitFiles: protocol web), a directory in the storage's +gitaly/tmp, outside the
// repository: the relative directory starts with "..".
func (f *Fixture) GitalyQuarantineCommit(parent, message string) (sha, quarantineRelDir string) {
	f.t.Helper()
	tmp := filepath.Join(f.StorageRoot, "+gitaly", "tmp")
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		f.t.Fatalf("create Gitaly's temporary directory: %v", err)
	}
	return f.quarantineCommit(tmp, "quarantine-", parent, message)
}

func (f *Fixture) quarantineCommit(parentDir, prefix, parent, message string) (string, string) {
	f.t.Helper()
	dir, err := os.MkdirTemp(parentDir, prefix)
	if err != nil {
		f.t.Fatalf("create quarantine directory: %v", err)
	}
	sha := f.commit([]string{
		"GIT_OBJECT_DIRECTORY=" + dir,
		// Quoted: git would split the path at a ":".
		"GIT_ALTERNATE_OBJECT_DIRECTORIES=" + strconv.Quote(filepath.Join(f.Dir, "objects")),
	}, parent, message)
	rel, err := filepath.Rel(f.Dir, dir)
	if err != nil {
		f.t.Fatalf("quarantine directory relative to the repository: %v", err)
	}
	return sha, rel
}

// QuarantineEnv is the `env` parameter Gitaly sends to /internal/allowed for a push quarantined
// in quarantineRelDir: the quarantine, with the repository's objects as the alternate.
func QuarantineEnv(quarantineRelDir string) string {
	env, err := json.Marshal(struct {
		ObjectDirectory            string   `json:"GIT_OBJECT_DIRECTORY_RELATIVE"`
		AlternateObjectDirectories []string `json:"GIT_ALTERNATE_OBJECT_DIRECTORIES_RELATIVE"`
	}{quarantineRelDir, []string{"objects"}})
	if err != nil {
		panic(err) // a struct of strings always encodes
	}
	return string(env)
}

// commit writes blob, tree and commit with the object directories in objectEnv (none: the
// repository's own).
func (f *Fixture) commit(objectEnv []string, parent, message string) string {
	f.t.Helper()
	blob := f.git(objectEnv, message+"\n", "hash-object", "-w", "--stdin")
	tree := f.git(objectEnv, "100644 blob "+blob+"\tREADME\n", "mktree")
	args := []string{"commit-tree", tree, "-m", message}
	if parent != "" {
		args = append(args, "-p", parent)
	}
	return f.git(objectEnv, "", args...)
}

// git runs git on the repository with a fixed identity and date, so IDs do not depend on the
// machine or the clock, and returns its trimmed output.
func (f *Fixture) git(extraEnv []string, stdin string, args ...string) string {
	f.t.Helper()
	cmd := exec.Command("git", append([]string{"--git-dir=" + f.Dir}, args...)...)
	cmd.Env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=/nonexistent",
		"GIT_CONFIG_GLOBAL=" + os.DevNull,
		"GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Glia Test", "GIT_AUTHOR_EMAIL=test@glia.invalid",
		"GIT_COMMITTER_NAME=Glia Test", "GIT_COMMITTER_EMAIL=test@glia.invalid",
		"GIT_AUTHOR_DATE=1700000000 +0000", "GIT_COMMITTER_DATE=1700000000 +0000",
	}, extraEnv...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			stderr = exit.Stderr
		}
		f.t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}
