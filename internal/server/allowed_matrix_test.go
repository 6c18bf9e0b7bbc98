package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// matrixWorld has one user per kind of standing and one project per visibility, all in a public
// group whose members are the role holders (docs/gitlab-rules.md §1.9).
const matrixWorld = `
users:
  - {username: guest, email: guest@example.com}
  - {username: reporter, email: reporter@example.com}
  - {username: developer, email: developer@example.com}
  - {username: maintainer, email: maintainer@example.com}
  - {username: owner, email: owner@example.com}
  - {username: stranger, email: stranger@example.com}
  - {username: outsider, email: outsider@example.com, external: true}
  - {username: admin, email: admin@example.com, admin: true}
  - {username: blocked, email: blocked@example.com, state: blocked}
groups:
  - full_path: matrix
    visibility: public
    members:
      - {user: guest, access: guest}
      - {user: reporter, access: reporter}
      - {user: developer, access: developer}
      - {user: maintainer, access: maintainer}
      - {user: owner, access: owner}
      - {user: blocked, access: developer}
projects:
  - {full_path: matrix/public, visibility: public, default_branch: main}
  - {full_path: matrix/internal, visibility: internal, default_branch: main}
  - {full_path: matrix/private, visibility: private, default_branch: main}
`

// GitLab's answers (docs/gitlab-rules.md §1.3, §1.9).
const (
	msgNotFound     = "The project you were looking for could not be found or you don't have permission to view it."
	msgNoDownload   = "You are not allowed to download code from this project."
	msgNoPush       = "You are not allowed to push code to this project."
	msgNoUpload     = "You are not allowed to upload code for this project."
	msgBlocked      = "Your account has been blocked."
	pull, push      = "git-upload-pack", "git-receive-pack"
	allowedAnswer   = 200
	public, private = "public", "private"
	internal        = "internal"
)

// shellAllowed asks /internal/allowed exactly as GitLab Shell does before running git: JSON with
// the JWT header, changes "_any", protocol ssh, the user named by username (SSH certificate) or
// an unknown key for an anonymous caller.
func shellAllowed(t *testing.T, env *apitest.Env, who, action, project string) apitest.Response {
	t.Helper()
	identity := fmt.Sprintf(`"username":%q`, who)
	if who == "" {
		identity = `"key_id":"999999"`
	}
	body := fmt.Sprintf(`{"action":%q,"project":%q,"changes":"_any","protocol":"ssh",%s}`, action, project+".git", identity)
	return env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", body)
}

func TestAllowed_AccessMatrixOfUsersProjectsAndActions(t *testing.T) {
	env := apitest.New(t, matrixWorld)
	type outcome struct {
		status  int
		message string
	}
	ok := outcome{allowedAnswer, ""}
	cases := []struct {
		who, visibility, action string
		want                    outcome
	}{
		{"", public, pull, ok},
		{"", internal, pull, outcome{404, msgNotFound}},
		{"", private, pull, outcome{404, msgNotFound}},
		{"", public, push, outcome{401, msgNoUpload}},
		{"stranger", public, pull, ok},
		{"stranger", internal, pull, ok},
		{"stranger", private, pull, outcome{404, msgNotFound}},
		{"stranger", public, push, outcome{401, msgNoPush}},
		{"stranger", internal, push, outcome{401, msgNoPush}},
		{"outsider", public, pull, ok},
		{"outsider", internal, pull, outcome{404, msgNotFound}},
		{"outsider", private, pull, outcome{404, msgNotFound}},
		{"guest", public, pull, ok},
		{"guest", internal, pull, ok},
		{"guest", private, pull, outcome{401, msgNoDownload}},
		{"guest", private, push, outcome{401, msgNoPush}},
		{"reporter", private, pull, ok},
		{"reporter", private, push, outcome{401, msgNoPush}},
		{"developer", private, pull, ok},
		{"developer", private, push, ok},
		{"developer", public, push, ok},
		{"maintainer", private, push, ok},
		{"owner", private, push, ok},
		{"admin", private, pull, ok},
		{"admin", private, push, ok},
		{"blocked", public, pull, outcome{401, msgBlocked}},
		{"blocked", private, push, outcome{401, msgBlocked}},
	}
	for _, tc := range cases {
		who := tc.who
		if who == "" {
			who = "anonymous"
		}
		t.Run(fmt.Sprintf("%s %s on %s", who, tc.action, tc.visibility), func(t *testing.T) {
			resp := shellAllowed(t, env, tc.who, tc.action, "matrix/"+tc.visibility)
			require.Equal(t, tc.want.status, resp.Status, "%s", resp.Body)
			body := resp.JSON(t).(map[string]any)
			if tc.want.status == allowedAnswer {
				assert.Equal(t, true, body["status"])
				return
			}
			assert.Equal(t, map[string]any{"status": false, "message": tc.want.message}, body)
		})
	}
}
