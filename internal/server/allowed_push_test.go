package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/gitrepo/gitrepotest"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// project3Path is project 3's hashed storage path (sha256 of "3").
const project3Path = "@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce.git"

const pushWorld = `
users:
  - id: 7
    username: rubi
    email: rubi@example.com
    ssh_keys:
      - {id: 71, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqKJC+lqHboBRIE+Ho46lNaLoUauBYy62g8FJu6S1Qo alw1@test"}
groups:
  - {full_path: gnuwget, visibility: public, members: [{user: rubi, access: developer}]}
projects:
  - id: 3
    full_path: gnuwget/wget2
    visibility: public
    default_branch: main
    protected_branches:
      - {name: main, push: [developer], merge: [developer]}
`

// A real push, as Gitaly's pre-receive hook presents it: the repository on disk, the pushed
// objects only in the quarantine directory named by env, and the changes of the push.
func TestAllowed_RealPushChecksObjectsInTheQuarantine(t *testing.T) {
	storage := t.TempDir()
	repo := gitrepotest.NewBareRepo(t, storage, project3Path)
	base := repo.Commit("", "first")
	repo.SetBranch("main", base)
	env := apitest.New(t, pushWorld, apitest.WithRepositories(map[string]string{"default": storage}))

	push := func(oldrev, newrev, quarantine string) (apitest.Response, map[string]any) {
		body := fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":"project-3","relative_path":%q,"protocol":"ssh","key_id":"71","changes":%q,"env":%q}`,
			project3Path, oldrev+" "+newrev+" refs/heads/main\n", gitrepotest.QuarantineEnv(quarantine))
		return allowedAsShell(t, env, body)
	}

	t.Run("a fast-forward to the protected branch is allowed", func(t *testing.T) {
		next, quarantine := repo.QuarantineCommit(base, "second")
		resp, body := push(base, next, quarantine)
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, true, body["status"])
	})
	t.Run("a force push to the protected branch is refused", func(t *testing.T) {
		rewritten, quarantine := repo.QuarantineCommit("", "rewritten history")
		resp, body := push(base, rewritten, quarantine)
		require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"status": false,
			"message": "You are not allowed to force push code to a protected branch on this project."}, body)
	})
}

// Without a path for the storage, glia cannot see objects: an update counts as a fast-forward
// (the documented fallback), and the other checks still apply.
func TestAllowed_WithoutTheRepositoryOnDiskUpdatesCountAsFastForwards(t *testing.T) {
	env := apitest.New(t, pushWorld)
	body := fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":"project-3","protocol":"ssh","key_id":"71","changes":%q,"env":"{}"}`,
		"1111111111111111111111111111111111111111 2222222222222222222222222222222222222222 refs/heads/main\n")
	resp, got := allowedAsShell(t, env, body)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, true, got["status"])

	deleteDefault := fmt.Sprintf(`{"action":"git-receive-pack","gl_repository":"project-3","protocol":"ssh","key_id":"71","changes":%q,"env":"{}"}`,
		"1111111111111111111111111111111111111111 0000000000000000000000000000000000000000 refs/heads/main\n")
	resp, got = allowedAsShell(t, env, deleteDefault)
	require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
	assert.Equal(t, "The default branch of a project cannot be deleted.", got["message"])
}
