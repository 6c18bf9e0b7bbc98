package server_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// createOnPushWorld: root owns gnuwget, which has a subgroup gnuwget/infrastructure.
const createOnPushWorld = `
users:
  - id: 1
    username: root
    email: root@example.com
    ssh_keys:
      - {id: 11, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkowtWiaWwdlR7jDtKYY5obr+fcfSh3BxHRYBgqBSsv root@test"}
groups:
  - {id: 22, full_path: gnuwget, members: [{user: root, access: owner}]}
  - {full_path: gnuwget/infrastructure}
`

// GitLab Shell's push to a project that does not exist creates it, private, in the namespace
// the path names (docs/gitlab-rules.md §1.6); the next push finds it.
func TestAllowed_PushToAMissingProjectCreatesIt(t *testing.T) {
	env := apitest.New(t, createOnPushWorld)
	push := `{"action":"git-receive-pack","project":"gnuwget/fresh.git","changes":"_any","protocol":"ssh","key_id":"11"}`
	resp, body := allowedAsShell(t, env, push)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	repo := body["gl_repository"]

	created, _, err := env.Store.ProjectByPath(t.Context(), "gnuwget/fresh")
	require.NoError(t, err)
	assert.Equal(t, "private", created.Visibility)
	assert.Equal(t, "project-"+strconv.FormatInt(created.ID, 10), repo)

	resp, body = allowedAsShell(t, env, push)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, repo, body["gl_repository"], "the second push finds the project the first created")
}

// Projects and groups share one set of paths in GitLab (routes), so a push naming a subgroup
// cannot create a project there: 422 with the validation error, and nothing created.
func TestAllowed_PushCannotCreateAProjectWhereAGroupIs(t *testing.T) {
	env := apitest.New(t, createOnPushWorld)
	for _, path := range []string{"gnuwget/infrastructure", "gnuwget/Infrastructure.git"} {
		resp, body := allowedAsShell(t, env, `{"action":"git-receive-pack","project":"`+path+`","changes":"_any","protocol":"ssh","key_id":"11"}`)
		require.Equal(t, http.StatusUnprocessableEntity, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"status": false, "message": "Could not create project: Path has already been taken"}, body)
	}
	_, _, err := env.Store.ProjectByPath(t.Context(), "gnuwget/infrastructure")
	assert.ErrorIs(t, err, store.ErrNotFound, "no project was created")
}
