package server_test

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/lfs"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// lfsAuthWorld has a project with LFS, one without, user and deploy keys, and a signing-only key.
const lfsAuthWorld = `
users:
  - id: 1
    username: root
    email: root@example.com
    ssh_keys:
      - id: 11
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkowtWiaWwdlR7jDtKYY5obr+fcfSh3BxHRYBgqBSsv root@test
  - id: 7
    username: rubi
    email: rubi@example.com
    ssh_keys:
      - id: 7
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGkc/VGhSSV0GB38qj/HkDzdjRxBQeXADQSNUlzsXIex rubi@test
      - id: 8
        usage_type: signing
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHw43SxMPPmTJZxgsDu/eI8lC4/8XNOsrq6MapxNpV2x signing@test
groups:
  - id: 22
    full_path: gnuwget
    visibility: public
    redirect_routes: [wget-project]
projects:
  - id: 3
    full_path: gnuwget/wget2
    visibility: public
    redirect_routes: [gnuwget/wget-2]
  - id: 4
    full_path: gnuwget/no-lfs
    lfs_enabled: false
deploy_keys:
  - id: 21
    title: deployer
    user: root
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChQljbibdTg8VGzFyb8ARRLVYSfCcpRllUSMqZ/o9Dm deployer
    projects:
      - project: gnuwget/wget2
`

var lfsAuthNow = time.Date(2030, 3, 14, 9, 26, 53, 0, time.UTC)

// postLFSAuthenticate sends what gitlab-shell's git-lfs-authenticate sends: a JSON body with the
// Gitlab-Shell-Api-Request JWT.
func postLFSAuthenticate(t *testing.T, env *apitest.Env, body string) apitest.Response {
	t.Helper()
	return env.AsShell(t, http.MethodPost, "/api/v4/internal/lfs_authenticate", body)
}

// lfsCredentials checks a 200 answer and the token in it, which must verify for the actor and
// project, and returns the body without the (random) token.
func lfsCredentials(t *testing.T, env *apitest.Env, resp apitest.Response, projectID int64) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	body := resp.JSON(t).(map[string]any)
	token, _ := body["lfs_token"].(string)
	holder, err := lfs.Verify(t.Context(), env.Store, apitest.KeyBase, token, lfs.ProjectGID(projectID), lfsAuthNow)
	require.NoError(t, err, "the issued token verifies")
	assert.Equal(t, body["username"], holder.Name(), "the token speaks for the user it was issued to")
	delete(body, "lfs_token")
	return body
}

func lfsAuthOK(username, path string) map[string]any {
	return map[string]any{
		"username":             username,
		"repository_http_path": apitest.ExternalURL + "/" + path + ".git",
		"expires_in":           float64(7200),
	}
}

func TestLFSAuthenticate_IssuesCredentialsForTheActorOnTheRepository(t *testing.T) {
	env := apitest.New(t, lfsAuthWorld, apitest.WithClock(func() time.Time { return lfsAuthNow }))
	cases := []struct {
		name      string
		body      string
		projectID int64
		want      map[string]any
	}{
		{"user key, as gitlab-shell sends it", `{"operation":"download","project":"gnuwget/wget2","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"upload operation", `{"operation":"upload","project":"gnuwget/wget2","key_id":"7"}`,
			3, lfsAuthOK("rubi", "gnuwget/wget2")},
		{"user id as a digit string (gitlab-shell without a key)", `{"operation":"download","project":"gnuwget/wget2","user_id":"7"}`,
			3, lfsAuthOK("rubi", "gnuwget/wget2")},
		{"user id as a number", `{"project":"gnuwget/wget2","user_id":7}`,
			3, lfsAuthOK("rubi", "gnuwget/wget2")},
		{"username (SSH certificate)", `{"project":"gnuwget/wget2","username":"rubi"}`,
			3, lfsAuthOK("rubi", "gnuwget/wget2")},
		{"key_id wins over user_id", `{"project":"gnuwget/wget2","key_id":"11","user_id":"7"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"deploy key acts as itself, not its creator", `{"operation":"download","project":"gnuwget/wget2","key_id":"21"}`,
			3, lfsAuthOK("lfs+deploy-key-21", "gnuwget/wget2")},
		{"leading slash and .git suffix", `{"project":"/gnuwget/wget2.git","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"path in another case", `{"project":"GnuWget/WGET2","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"old path of the project: the current path comes back", `{"project":"gnuwget/wget-2.git","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"old path of its group", `{"project":"wget-project/wget2","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"gl_repository instead of a path", `{"gl_repository":"project-3","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"gl_repository wins over the path", `{"gl_repository":"project-3","project":"gnuwget/no-lfs","key_id":"11"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"no access check: any user gets a token", `{"project":"gnuwget/wget2","user_id":"1"}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
		{"unknown fields are ignored", `{"project":"gnuwget/wget2","key_id":"11","gl_id":"user-1","extra":{"a":[1]}}`,
			3, lfsAuthOK("root", "gnuwget/wget2")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, lfsCredentials(t, env, postLFSAuthenticate(t, env, tc.body), tc.projectID))
		})
	}
}

func TestLFSAuthenticate_TokenCarriesGitLabsClaims(t *testing.T) {
	env := apitest.New(t, lfsAuthWorld, apitest.WithClock(func() time.Time { return lfsAuthNow }))
	resp := postLFSAuthenticate(t, env, `{"operation":"download","project":"gnuwget/wget2","key_id":"21"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	token := resp.JSON(t).(map[string]any)["lfs_token"].(string)

	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))
	assert.Equal(t, map[string]any{"actor": "lfs+deploy-key-21", "container_gid": "gid://gitlab/Project/3"}, claims["data"])
	assert.Equal(t, float64(lfsAuthNow.Unix()), claims["iat"])
	assert.Equal(t, float64(lfsAuthNow.Unix()-5), claims["nbf"])
	assert.Equal(t, float64(lfsAuthNow.Unix()+7200), claims["exp"])
	assert.NotEmpty(t, claims["jti"])

	_, err = lfs.Verify(t.Context(), env.Store, apitest.KeyBase, token, lfs.ProjectGID(4), lfsAuthNow)
	assert.ErrorIs(t, err, lfs.ErrInvalidToken, "the token is bound to its project")
	_, err = lfs.Verify(t.Context(), env.Store, apitest.KeyBase, token, "", lfsAuthNow.Add(lfs.Lifetime+2*time.Minute))
	assert.ErrorIs(t, err, lfs.ErrInvalidToken, "the token expires")
}

// GitLab checks the repository first (not_found!: "404 Not Found"), then the actor
// (RecordNotFound: "404 Not found"), so the texts tell which check failed.
func TestLFSAuthenticate_404sForTheRepositoryFirstThenForTheActor(t *testing.T) {
	env := apitest.New(t, lfsAuthWorld)
	const repository, actor = "404 Not Found", "404 Not found"
	cases := []struct {
		name string
		body string
		want string
	}{
		{"unknown project", `{"operation":"download","project":"gnuwget/nothing","key_id":"11"}`, repository},
		{"LFS disabled for the project", `{"operation":"download","project":"gnuwget/no-lfs","key_id":"11"}`, repository},
		{"unknown project and unknown key: the project is checked first", `{"project":"gnuwget/nothing","key_id":"999"}`, repository},
		{"LFS disabled and no actor: the project is checked first", `{"project":"gnuwget/no-lfs"}`, repository},
		{"unknown gl_repository id", `{"gl_repository":"project-999","key_id":"11"}`, repository},
		{"gl_repository of a wiki (glia has no wiki repositories)", `{"gl_repository":"wiki-3","key_id":"11"}`, repository},
		{"a group is not a repository", `{"project":"gnuwget","key_id":"11"}`, repository},
		{"no repository at all", `{"key_id":"11"}`, repository},
		{"empty body", `{}`, repository},
		{"unknown key", `{"project":"gnuwget/wget2","key_id":"999"}`, actor},
		{"signing-only key cannot authenticate", `{"project":"gnuwget/wget2","key_id":"8"}`, actor},
		{"unknown user id", `{"project":"gnuwget/wget2","user_id":"999"}`, actor},
		{"key id beyond int64", `{"project":"gnuwget/wget2","key_id":"99999999999999999999"}`, actor},
		{"unknown username", `{"project":"gnuwget/wget2","username":"nobody"}`, actor},
		{"no actor parameter", `{"operation":"download","project":"gnuwget/wget2"}`, actor},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postLFSAuthenticate(t, env, tc.body)
			require.Equal(t, http.StatusNotFound, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"message": tc.want}, resp.JSON(t))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
}

func TestLFSAuthenticate_BadInputGetsA4xxNeverA500(t *testing.T) {
	env := apitest.New(t, lfsAuthWorld)
	huge := strings.Repeat("x", 10<<20)
	cases := []struct {
		name   string
		body   string
		status int
		want   map[string]any
	}{
		{"key_id neither a number nor digits", `{"project":"gnuwget/wget2","key_id":"abc"}`,
			400, map[string]any{"error": "key_id is invalid"}},
		{"key_id a boolean", `{"project":"gnuwget/wget2","key_id":true}`,
			400, map[string]any{"error": "key_id is invalid"}},
		{"user_id zero", `{"project":"gnuwget/wget2","user_id":0}`,
			400, map[string]any{"error": "user_id is invalid"}},
		{"project a number", `{"project":3,"key_id":"11"}`,
			400, map[string]any{"error": "project is invalid"}},
		{"operation outside its enum", `{"operation":"delete","project":"gnuwget/wget2","key_id":"11"}`,
			400, map[string]any{"error": "operation does not have a valid value"}},
		{"malformed gl_repository (GitLab raises a 500 here)", `{"gl_repository":"project-three","key_id":"11"}`,
			400, map[string]any{"error": "gl_repository is invalid"}},
		{"NUL byte in the path (GitLab refuses any such parameter)", `{"project":"gnuwget/wget2\u0000","key_id":"11"}`,
			400, map[string]any{"error": "project is invalid"}},
		{"NUL byte in the username", `{"project":"gnuwget/wget2","username":"ro\u0000ot"}`,
			400, map[string]any{"error": "username is invalid"}},
		{"NUL byte in gl_repository", `{"gl_repository":"project-3\u0000","key_id":"11"}`,
			400, map[string]any{"error": "gl_repository is invalid"}},
		{"malformed JSON", `{"project":`,
			400, map[string]any{"error": "body is not valid JSON"}},
		{"10 MB project path", `{"project":"` + huge + `","key_id":"11"}`,
			404, map[string]any{"message": "404 Not Found"}},
		{"10 MB project path of five million segments", `{"project":"` + strings.Repeat("a/", 5<<20) + `","key_id":"11"}`,
			404, map[string]any{"message": "404 Not Found"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postLFSAuthenticate(t, env, tc.body)
			require.Equal(t, tc.status, resp.Status, "%.200s", resp.Body)
			assert.Equal(t, tc.want, resp.JSON(t))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
	t.Run("10 MB of unknown fields are ignored", func(t *testing.T) {
		resp := postLFSAuthenticate(t, env, `{"project":"gnuwget/wget2","key_id":"11","padding":"`+huge+`"}`)
		assert.Equal(t, http.StatusOK, resp.Status, "%.200s", resp.Body)
	})
	t.Run("form body with an empty key_id", func(t *testing.T) {
		req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/lfs_authenticate", "key_id=&project=gnuwget/wget2")
		req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp := env.Do(t, req)
		assert.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
	})
	t.Run("no body", func(t *testing.T) {
		resp := postLFSAuthenticate(t, env, "")
		assert.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
	})
	t.Run("no credential", func(t *testing.T) {
		req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/lfs_authenticate", `{"project":"gnuwget/wget2","key_id":"11"}`)
		req.Header.Set("Content-Type", "application/json")
		resp := env.Do(t, req)
		require.Equal(t, http.StatusUnauthorized, resp.Status)
		assert.Equal(t, map[string]any{"message": "401 Unauthorized"}, resp.JSON(t))
	})
}

// The seed document's curl example, as written: a form body and the legacy shared-secret header.
func TestLFSAuthenticate_SeedExampleAnswersForRootOnTheDemoWorld(t *testing.T) {
	demo, err := os.ReadFile("../world/demo.yaml")
	require.NoError(t, err)
	env := apitest.New(t, string(demo), apitest.WithClock(func() time.Time { return lfsAuthNow }))

	req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/lfs_authenticate", "key_id=11&project=gnuwget/wget2")
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	assert.Equal(t, lfsAuthOK("root", "gnuwget/wget2"), lfsCredentials(t, env, env.Do(t, req), 3))
}
