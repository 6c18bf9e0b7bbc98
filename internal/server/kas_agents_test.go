package server_test

import (
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// agentsWorld: agent "prod" lives in the private project acme/cluster (created by root) and
// may read it, the public project acme/public and nothing private of others; "empty" lives in
// a project without commits.
const agentsWorld = `
users:
  - username: root
    email: root@example.com
groups:
  - {full_path: acme, visibility: public}
projects:
  - full_path: acme/cluster
    default_branch: production
    agents:
      - name: prod
        created_by: root
        tokens:
          - token: glagent-agents-prod-token-000000000000
          - {name: old, token: glagent-agents-prod-revoked-00000000000, revoked: true}
  - {full_path: acme/public, visibility: public, default_branch: main}
  - {full_path: acme/public-members-only-code, visibility: public, repository_access_level: private}
  - {full_path: acme/secret, default_branch: main}
  - full_path: acme/empty
    agents:
      - name: empty
        tokens:
          - token: glagent-agents-empty-token-00000000000
`

const (
	prodToken    = "glagent-agents-prod-token-000000000000"
	revokedToken = "glagent-agents-prod-revoked-00000000000"
	emptyToken   = "glagent-agents-empty-token-00000000000"
)

// assertKASAcceptsRepositoryInfo encodes the validation kas applies to agent_info and
// project_info answers (its internal/gitlab client): it parses them with protojson and rejects a
// missing or empty required field, so every one of these must hold.
func assertKASAcceptsRepositoryInfo(t *testing.T, resp apitest.Response) map[string]any {
	t.Helper()
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	body := resp.JSON(t).(map[string]any)
	positive := func(name string) {
		n, ok := body[name].(float64)
		assert.True(t, ok && n > 0, "%s must be a number > 0, got %v", name, body[name])
	}
	nonEmpty := func(m map[string]any, name string) {
		s, ok := m[name].(string)
		assert.True(t, ok && s != "", "%s must be a non-empty string, got %#v", name, m[name])
	}
	positive("project_id")
	nonEmpty(body, "default_branch")
	info, ok := body["gitaly_info"].(map[string]any)
	require.True(t, ok, "gitaly_info is required")
	nonEmpty(info, "address")
	_, ok = info["token"].(string)
	assert.True(t, ok, "gitaly_info.token must be a string")
	features, ok := info["features"].(map[string]any)
	require.True(t, ok, "gitaly_info.features must be a map")
	for k, v := range features {
		_, ok := v.(string)
		assert.True(t, ok, "feature %s must map to a string", k)
	}
	repo, ok := body["gitaly_repository"].(map[string]any)
	require.True(t, ok, "gitaly_repository is required")
	for _, f := range []string{"storage_name", "relative_path", "gl_repository", "gl_project_path"} {
		nonEmpty(repo, f)
	}
	if v, present := repo["git_object_directory"]; present {
		_, ok := v.(string)
		assert.True(t, ok, "git_object_directory must be a string")
	}
	if v, present := repo["git_alternate_object_directories"]; present {
		_, ok := v.([]any)
		assert.True(t, ok, "git_alternate_object_directories must be a list")
	}
	return body
}

func TestAgentInfo_DescribesTheAgentAndItsConfigurationProjectAsKasValidatesIt(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	body := assertKASAcceptsRepositoryInfo(t, env.AsAgent(t, prodToken, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil))
	assert.Equal(t, "prod", body["agent_name"])
	assert.Positive(t, body["agent_id"])
	assert.Equal(t, "production", body["default_branch"])
	repo := body["gitaly_repository"].(map[string]any)
	assert.Equal(t, "acme/cluster", repo["gl_project_path"])
	assert.Equal(t, fmt.Sprintf("project-%v", body["project_id"]), repo["gl_repository"])
	assert.Equal(t, apitest.GitalyAddress, body["gitaly_info"].(map[string]any)["address"])
	assert.Equal(t, apitest.GitalyToken, body["gitaly_info"].(map[string]any)["token"])
}

func TestAgentInfo_NamesMainWhenTheProjectHasNoDefaultBranch(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	body := assertKASAcceptsRepositoryInfo(t, env.AsAgent(t, emptyToken, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil))
	assert.Equal(t, "main", body["default_branch"])
}

// kas forwards the agent token in Authorization; newer GitLab also reads the two dedicated
// headers.
func TestAgentToken_IsReadFromEachHeaderKasOrAgentkUses(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	for _, header := range []string{"Authorization", "Gitlab-Agentk-Api-Request", "Gitlab-Agent-Api-Request"} {
		t.Run(header, func(t *testing.T) {
			req := env.NewRequest(t, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil)
			req.Header.Set("Gitlab-Kas-Api-Request", apitest.KASJWT(t))
			value := prodToken
			if header == "Authorization" {
				value = "Bearer " + prodToken
			}
			req.Header.Set(header, value)
			assertKASAcceptsRepositoryInfo(t, env.Do(t, req))
		})
	}
}

func TestAgentToken_UnknownOrRevokedIsRefused(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	for name, token := range map[string]string{"unknown": "glagent-nobody-has-this-token-0000000", "revoked": revokedToken} {
		t.Run(name, func(t *testing.T) {
			resp := env.AsAgent(t, token, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil)
			require.Equal(t, http.StatusUnauthorized, resp.Status)
			assert.Equal(t, map[string]any{"message": "401 Unauthorized"}, resp.JSON(t))
		})
	}
}

func TestAgentToken_UseIsRecorded(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	lastUsed := func() *time.Time {
		agent, err := env.Store.AgentByTokenDigest(t.Context(), secret.Digest(prodToken))
		require.NoError(t, err)
		return agent.LastUsedAt
	}
	require.Nil(t, lastUsed())
	// Concurrent first uses must not fail each other.
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			resp := env.AsAgent(t, prodToken, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil)
			assert.Equal(t, http.StatusOK, resp.Status)
		})
	}
	wg.Wait()
	first := lastUsed()
	require.NotNil(t, first)
	assert.WithinDuration(t, time.Now(), *first, time.Minute)
}

// kas's JWT is checked before the agent token, and every defect answers GitLab's own message.
func TestKASJWT_DefectsAreRefusedWithGitLabsMessage(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	now := time.Now()
	claims := func(iss string, aud any, exp time.Time) jwt.MapClaims {
		return jwt.MapClaims{"iss": iss, "aud": aud, "iat": now.Unix(), "nbf": now.Add(-5 * time.Second).Unix(), "exp": exp.Unix()}
	}
	sign := func(c jwt.MapClaims) string {
		s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, c).SignedString(apitest.KASKey)
		require.NoError(t, err)
		return s
	}
	unsigned, err := jwt.NewWithClaims(jwt.SigningMethodNone, claims("gitlab-kas", []string{"gitlab"}, now.Add(30*time.Second))).SignedString(jwt.UnsafeAllowNoneSignatureType)
	require.NoError(t, err)
	for name, token := range map[string]string{
		"wrong issuer":   sign(claims("gitlab-shell", []string{"gitlab"}, now.Add(30*time.Second))),
		"wrong audience": sign(claims("gitlab-kas", []string{"gitlab-shell"}, now.Add(30*time.Second))),
		"expired":        sign(claims("gitlab-kas", []string{"gitlab"}, now.Add(-time.Minute))),
		"alg none":       unsigned,
		"garbage":        "not.a.jwt",
	} {
		t.Run(name, func(t *testing.T) {
			req := env.NewRequest(t, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil)
			req.Header.Set("Gitlab-Kas-Api-Request", token)
			req.Header.Set("Authorization", "Bearer "+prodToken)
			resp := env.Do(t, req)
			require.Equal(t, http.StatusUnauthorized, resp.Status)
			assert.Equal(t, map[string]any{"message": "KAS JWT authentication invalid"}, resp.JSON(t))
		})
	}
	t.Run("audience as a string, as old kas sends it", func(t *testing.T) {
		req := env.NewRequest(t, http.MethodGet, "/api/v4/internal/kubernetes/agent_info", nil)
		req.Header.Set("Gitlab-Kas-Api-Request", sign(claims("gitlab-kas", "gitlab", now.Add(30*time.Second))))
		req.Header.Set("Authorization", "Bearer "+prodToken)
		assertKASAcceptsRepositoryInfo(t, env.Do(t, req))
	})
}

func TestProjectInfo_AnswersForProjectsTheAgentMayRead(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	projectID := func(path string) string {
		p, _, err := env.Store.ProjectByPath(t.Context(), path)
		require.NoError(t, err)
		return fmt.Sprint(p.ID)
	}
	cases := []struct {
		name, id string
		readable bool
	}{
		{"its own project by path", "acme/cluster", true},
		{"its own project by id", projectID("acme/cluster"), true},
		{"its own project by path in another case", "ACME/Cluster", true},
		{"a public project", "acme/public", true},
		{"a public project whose code only members may download", "acme/public-members-only-code", false},
		{"a private project of others", "acme/secret", false},
		{"a project that does not exist", "acme/nothing", false},
		{"an id that names nothing", "999999", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			query := "?id=" + url.QueryEscape(tc.id)
			info := env.AsAgent(t, prodToken, http.MethodGet, "/api/v4/internal/kubernetes/project_info"+query, nil)
			verify := env.AsAgent(t, prodToken, http.MethodGet, "/api/v4/internal/kubernetes/verify_project_access"+query, nil)
			if tc.readable {
				assertKASAcceptsRepositoryInfo(t, info)
				assert.Equal(t, http.StatusNoContent, verify.Status, "%s", verify.Body)
				return
			}
			require.Equal(t, http.StatusNotFound, info.Status, "%s", info.Body)
			assert.Equal(t, map[string]any{"message": "404 Project Not Found"}, info.JSON(t))
			assert.Equal(t, http.StatusNotFound, verify.Status, "%s", verify.Body)
		})
	}
}

func TestProjectInfo_WithoutIDIsAParameterError(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	resp := env.AsAgent(t, prodToken, http.MethodGet, "/api/v4/internal/kubernetes/project_info", nil)
	require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"error": "id is missing"}, resp.JSON(t))
}
