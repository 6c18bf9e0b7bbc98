package server_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/api/internalapi"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// allowedWorld: rubi owns gnuwget/wget2 through the group (via developer membership) and pushes
// with key 71; a read deploy key 72 and a write deploy key 73 are linked to it; key 74 expires
// within a week.
var allowedWorld = `
users:
  - id: 7
    username: rubi
    name: Dede Eichmann
    email: rubi@example.com
    ssh_keys:
      - {id: 71, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAqKJC+lqHboBRIE+Ho46lNaLoUauBYy62g8FJu6S1Qo alw1@test"}
      - {id: 74, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKSHvEU2Ezwe0phIzTm6v38GJNC02L3nOTkNx6pKXWRU alw4@test", expires_at: ` + time.Now().Add(72*time.Hour).UTC().Format(time.RFC3339) + `}
groups:
  - id: 22
    full_path: gnuwget
    visibility: public
    redirect_routes: [old-gnuwget]
    members: [{user: rubi, access: developer}]
projects:
  - id: 3
    full_path: gnuwget/wget2
    visibility: public
    default_branch: main
    redirect_routes: [gnuwget/wget-2]
  - {id: 8, full_path: gnuwget/archived, visibility: public, archived: true}
deploy_keys:
  - {id: 72, title: reader, user: rubi, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGdPgr/aWZtfr6gWe8YUQwtPaNqFKpzNYmoTztVh64GG alw2@test", projects: [{project: gnuwget/wget2}]}
  - {id: 73, title: writer, user: rubi, key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMVmuXeL3STGbXB1F+5pDf4cxybr/xq0YZHxEfOwFM1R alw3@test", projects: [{project: gnuwget/wget2, can_push: true}]}
`

func allowedAsShell(t *testing.T, env *apitest.Env, body string) (apitest.Response, map[string]any) {
	t.Helper()
	resp := env.AsShell(t, http.MethodPost, "/api/v4/internal/allowed", body)
	return resp, resp.JSON(t).(map[string]any)
}

// The success answer carries everything GitLab Shell passes on to Gitaly (docs/gitlab-rules.md §1.8;
// GitLab Shell reads it in internal/gitlabnet/accessverifier).
func TestAllowed_SuccessCarriesTheGitalyRepositoryAndTheActor(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	resp, body := allowedAsShell(t, env, `{"action":"git-upload-pack","project":"/gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"71","check_ip":"192.0.2.1"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, true, body["status"])
	assert.Equal(t, "project-3", body["gl_repository"])
	assert.Equal(t, "gnuwget/wget2", body["gl_project_path"])
	assert.Equal(t, float64(3), body["gl_project_id"])
	assert.Equal(t, float64(22), body["gl_root_namespace_id"])
	assert.Equal(t, "user-7", body["gl_id"])
	assert.Equal(t, "rubi", body["gl_username"])
	assert.Equal(t, "key", body["gl_key_type"])
	assert.Equal(t, float64(71), body["gl_key_id"])
	assert.Equal(t, []any{"uploadpack.allowFilter=true", "uploadpack.allowAnySHA1InWant=true"}, body["git_config_options"])
	assert.Equal(t, []any{}, body["gl_console_messages"])
	assert.Equal(t, false, body["need_audit"])
	gitaly := body["gitaly"].(map[string]any)
	assert.Equal(t, apitest.GitalyAddress, gitaly["address"])
	assert.Equal(t, apitest.GitalyToken, gitaly["token"])
	repo := gitaly["repository"].(map[string]any)
	assert.Equal(t, "default", repo["storage_name"])
	assert.Equal(t, "@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce.git", repo["relative_path"])
	assert.Equal(t, "project-3", repo["gl_repository"])
	assert.Equal(t, "gnuwget/wget2", repo["gl_project_path"])
}

// GitLab always sends the Gitaly token, null when none is configured (the seed's example too).
func TestAllowed_GitalyTokenIsNullWhenNoneIsConfigured(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, allowedWorld, apitest.WithInternalOptions(func(o *internalapi.Options) {
		o.Gitaly = map[string]internalapi.GitalyEndpoint{"default": {Address: apitest.GitalyAddress}}
	}))
	resp, body := allowedAsShell(t, env, `{"action":"git-upload-pack","project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":"71"}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	gitaly := body["gitaly"].(map[string]any)
	token, present := gitaly["token"]
	assert.True(t, present, "the gitaly block leaves out its token")
	assert.Nil(t, token)
}

func TestAllowed_NamesWikiAndDesignRepositoriesAsGitLabDoes(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	for _, tc := range []struct{ glRepository, project, wantRepo, wantPath, wantSuffix string }{
		{"wiki-3", "", "wiki-3", "gnuwget/wget2.wiki", ".wiki.git"},
		{"", "gnuwget/wget2.wiki.git", "wiki-3", "gnuwget/wget2.wiki", ".wiki.git"},
	} {
		t.Run(tc.wantRepo+tc.project, func(t *testing.T) {
			body := fmt.Sprintf(`{"action":"git-upload-pack","gl_repository":%q,"project":%q,"changes":"_any","protocol":"ssh","key_id":"71"}`, tc.glRepository, tc.project)
			resp, got := allowedAsShell(t, env, body)
			require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.wantRepo, got["gl_repository"])
			assert.Equal(t, tc.wantPath, got["gl_project_path"])
			relative := got["gitaly"].(map[string]any)["repository"].(map[string]any)["relative_path"].(string)
			assert.True(t, strings.HasSuffix(relative, tc.wantSuffix), relative)
		})
	}
}

// GitLab serves design repositories over the web interface only.
func TestAllowed_DesignRepositoriesAreWebOnly(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	resp, got := allowedAsShell(t, env, `{"action":"git-upload-pack","gl_repository":"design-3","changes":"_any","protocol":"ssh","key_id":"71"}`)
	require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
	assert.Equal(t, "Designs are only accessible using the web interface", got["message"])
}

func TestAllowed_KeysAndDeployKeys(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	ask := func(keyID, action string) (apitest.Response, map[string]any) {
		return allowedAsShell(t, env, fmt.Sprintf(`{"action":%q,"project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":%q}`, action, keyID))
	}
	t.Run("a read deploy key pulls as itself", func(t *testing.T) {
		resp, body := ask("72", "git-upload-pack")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, "deploy_key", body["gl_key_type"])
	})
	t.Run("a read deploy key cannot push", func(t *testing.T) {
		resp, body := ask("72", "git-receive-pack")
		require.Equal(t, http.StatusUnauthorized, resp.Status)
		assert.Equal(t, "This deploy key does not have write access to this project.", body["message"])
	})
	t.Run("a write deploy key pushes", func(t *testing.T) {
		resp, _ := ask("73", "git-receive-pack")
		assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	})
	t.Run("a key expiring within a week works and warns", func(t *testing.T) {
		resp, body := ask("74", "git-upload-pack")
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		assert.Equal(t, []any{"INFO: Your SSH key is expiring soon. Please generate a new key."}, body["gl_console_messages"])
	})
	t.Run("a push to an archived project is refused", func(t *testing.T) {
		resp, body := allowedAsShell(t, env, `{"action":"git-receive-pack","project":"gnuwget/archived","changes":"_any","protocol":"ssh","key_id":"71"}`)
		require.Equal(t, http.StatusUnauthorized, resp.Status)
		assert.Equal(t, "You can't push code to an archived project.", body["message"])
	})
}

// The seed's example, as written: a form body with the legacy shared-secret header.
func TestAllowed_SeedExampleWorksAsWritten(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/allowed", "key_id=71&project=gnuwget/wget2&action=git-upload-pack&protocol=ssh")
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "project-3", resp.JSON(t).(map[string]any)["gl_repository"])
}

func TestAllowed_RateLimitsPerActionProjectAndActor(t *testing.T) {
	// The windows are fixed minutes: a clock pinned mid-minute keeps all calls in one of them.
	midMinute := time.Now().Truncate(time.Minute).Add(30 * time.Second)
	env := apitest.New(t, allowedWorld, apitest.WithClock(func() time.Time { return midMinute }),
		apitest.WithInternalOptions(func(o *internalapi.Options) { o.GitRateLimit = 2 }))
	body := `{"action":"git-upload-pack","project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":"71"}`
	for range 2 {
		resp, _ := allowedAsShell(t, env, body)
		require.Equal(t, http.StatusOK, resp.Status)
	}
	resp, got := allowedAsShell(t, env, body)
	require.Equal(t, http.StatusTooManyRequests, resp.Status)
	assert.Equal(t, map[string]any{"message": map[string]any{"error": "This endpoint has been requested too many times. Try again later."}}, got)
	assert.NotEmpty(t, resp.Header.Get("Retry-After"))

	other, _ := allowedAsShell(t, env, `{"action":"git-upload-pack","project":"gnuwget/wget2","changes":"_any","protocol":"ssh","key_id":"72"}`)
	assert.Equal(t, http.StatusOK, other.Status, "another actor has its own count")
}

// Malformed input from Gitaly is a 400 in GitLab's shapes, never a 500.
func TestAllowed_MalformedGitalyInputIsA400(t *testing.T) {
	env := apitest.New(t, allowedWorld)
	gitaly := func(extra string) string {
		return `{"action":"git-receive-pack","gl_repository":"project-3","protocol":"ssh","key_id":"71",` + extra + `}`
	}
	for _, tc := range []struct {
		name, body string
		want       map[string]any
	}{
		{"malformed changes line", gitaly(`"changes":"not a change line\n","env":"{}"`), map[string]any{"error": "changes is invalid"}},
		{"a revision that is not hex", gitaly(`"changes":"zz4e8a0a00000000000000000000000000000000 ffffffffffffffffffffffffffffffffffffffff refs/heads/main\n","env":"{}"`), map[string]any{"error": "changes is invalid"}},
		{"invalid gl_repository", `{"action":"git-receive-pack","gl_repository":"project-three","protocol":"ssh","key_id":"71","changes":"_any"}`, map[string]any{"error": "gl_repository is invalid"}},
		{"bad env JSON", gitaly(`"changes":"_any","env":"{not json"`), map[string]any{"error": "env is invalid"}},
		{"quarantine given as an absolute path", gitaly(`"changes":"_any","env":"{\"GIT_OBJECT_DIRECTORY_RELATIVE\":\"/etc\"}"`), map[string]any{"error": "env is invalid"}},
		{"client context not base64", gitaly(`"changes":"_any","gitaly_client_context_bin":"%%%"`), map[string]any{"message": "400 Bad request - malformed gitaly_client_context_bin"}},
		{"client context not an object", gitaly(`"changes":"_any","gitaly_client_context_bin":"` + base64.StdEncoding.EncodeToString([]byte(`[1,2]`)) + `"`),
			map[string]any{"message": "400 Bad request - Decoded gitaly_client_context_bin is not a valid JSON object"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, got := allowedAsShell(t, env, tc.body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.want, got)
		})
	}
}

// A decision that outlasts --access-check-timeout answers 503 in /allowed's own failure body,
// whose message Gitaly passes on to the pusher.
func TestAllowed_ADecisionThatOutlastsTheAccessCheckTimeoutIsUnavailable(t *testing.T) {
	env := apitest.New(t, allowedWorld, apitest.WithInternalOptions(func(o *internalapi.Options) {
		o.AccessCheckTimeout = time.Nanosecond
	}))
	resp, body := allowedAsShell(t, env, `{"action":"git-upload-pack","project":"/gnuwget/wget2.git","changes":"_any","protocol":"ssh","key_id":"71"}`)
	require.Equal(t, http.StatusServiceUnavailable, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"status": false, "message": "Access check timed out"}, body)
}
