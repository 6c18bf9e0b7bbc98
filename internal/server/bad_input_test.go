package server_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/server"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Bad input gets a 4xx with the API's JSON error body: never a 500, a panic or plain text.
func TestBadInput_GetsAClear4xxInTheAPIsErrorBody(t *testing.T) {
	env := apitest.New(t, testWorld)
	shell := func(method, path, contentType, body string) func() *http.Request {
		return func() *http.Request {
			req := env.NewRequest(t, method, path, body)
			req.Header.Set("Gitlab-Shell-Api-Request", apitest.ShellJWT(t))
			if contentType != "" {
				req.Header.Set("Content-Type", contentType)
			}
			return req
		}
	}
	cases := []struct {
		name    string
		request func() *http.Request
		status  int
		body    map[string]any
	}{
		{"wrong parameter type", shell("GET", "/api/v4/internal/discover?key_id=abc", "", ""),
			400, map[string]any{"error": "key_id is invalid"}},
		{"missing required parameter", shell("GET", "/api/v4/internal/authorized_keys", "", ""),
			400, map[string]any{"error": "key is missing"}},
		{"wrong type inside a JSON body", shell("POST", "/api/v4/internal/allowed", "application/json",
			`{"action":"git-upload-pack","protocol":"ssh","project":"a/b","changes":"_any","push_options":"not-a-list"}`),
			400, map[string]any{"error": "push_options is invalid"}},
		{"value outside an enum", shell("POST", "/api/v4/internal/allowed", "application/json",
			`{"action":"git-upload-pack","protocol":"carrier-pigeon","project":"a/b"}`),
			400, map[string]any{"error": "protocol does not have a valid value"}},
		{"malformed JSON", shell("POST", "/api/v4/internal/allowed", "application/json", `{"action":`),
			400, map[string]any{"error": "body is not valid JSON"}},
		{"unknown content type", shell("POST", "/api/v4/internal/allowed", "text/plain", "action=git-upload-pack"),
			415, map[string]any{"message": "415 Unsupported Media Type"}},
		{"unknown path", shell("GET", "/api/v4/internal/no_such_thing", "", ""),
			404, map[string]any{"error": "404 Not Found"}},
		{"wrong method", shell("DELETE", "/api/v4/internal/check", "", ""),
			405, map[string]any{"error": "405 Not Allowed"}},
		{"malformed JWT", func() *http.Request {
			req := env.NewRequest(t, "GET", "/api/v4/internal/check", nil)
			req.Header.Set("Gitlab-Shell-Api-Request", "eyJ.broken")
			return req
		}, 401, map[string]any{"message": "401 Unauthorized"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := env.Do(t, tc.request())
			require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.body, resp.JSON(t))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
	t.Run("oversized body", func(t *testing.T) {
		huge := `{"action":"git-receive-pack","protocol":"ssh","changes":"` + strings.Repeat("x", server.MaxBodyBytes) + `"}`
		resp := env.Do(t, shell("POST", "/api/v4/internal/allowed", "application/json", huge)())
		require.Equal(t, http.StatusRequestEntityTooLarge, resp.Status)
		assert.Equal(t, map[string]any{"message": "413 Request Entity Too Large"}, resp.JSON(t))
	})
}

func TestDoubleSlashPaths_AreServedNotRedirected(t *testing.T) {
	// Gitaly joins a configured URL ending in "/" with "/api/v4/…" verbatim.
	env := apitest.New(t, "")
	resp := get(t, env, "//api/v4/internal/check")
	assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
}

func TestRequestID_IsHonouredOrGeneratedAndEchoed(t *testing.T) {
	env := apitest.New(t, "")
	req := env.NewRequest(t, "GET", "/-/liveness", nil)
	req.Header.Set("X-Request-Id", "gitaly-correlation-42")
	resp := env.Do(t, req)
	assert.Equal(t, "gitaly-correlation-42", resp.Header.Get("X-Request-Id"))
	resp = env.Do(t, env.NewRequest(t, "GET", "/-/liveness", nil))
	assert.Len(t, resp.Header.Get("X-Request-Id"), 26)
}

func TestOperationalEndpoints_ReportLivenessReadinessAndServeTheSpecs(t *testing.T) {
	env := apitest.New(t, "")
	for _, path := range []string{"/-/liveness", "/-/health", "/-/readiness"} {
		resp := env.Do(t, env.NewRequest(t, "GET", path, nil))
		assert.Equal(t, http.StatusOK, resp.Status, path)
		assert.Equal(t, map[string]any{"status": "ok"}, resp.JSON(t), path)
	}
	for _, name := range []string{"internal.yaml", "billing.yaml", "scim.yaml"} {
		resp, err := http.Get(env.URL + "/openapi/" + name)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusOK, resp.StatusCode, name)
		assert.Equal(t, "application/yaml", resp.Header.Get("Content-Type"), name)
	}
}
