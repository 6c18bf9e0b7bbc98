package server_test

import (
	"net/http"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

const errorTrackingWorld = `
groups:
  - full_path: acme
projects:
  - id: 111
    full_path: acme/tracked
    error_tracking:
      enabled: true
      client_keys:
        - public_key: generated-error-tracking-key
        - public_key: retired-key
          active: false
  - id: 112
    full_path: acme/untracked
    error_tracking:
      enabled: false
      client_keys:
        - public_key: idle-key
`

func postErrorTrackingAllowed(t *testing.T, env *apitest.Env, body string) apitest.Response {
	t.Helper()
	return env.AsShell(t, http.MethodPost, "/api/v4/internal/error_tracking/allowed", body)
}

func TestErrorTrackingAllowed_AnswersWhetherTheKeyMayReport(t *testing.T) {
	env := apitest.New(t, errorTrackingWorld)
	cases := []struct {
		name   string
		body   string
		status int
		want   map[string]any
	}{
		{"active key of a tracking project", `{"project_id":111,"public_key":"generated-error-tracking-key"}`,
			200, map[string]any{"enabled": true}},
		{"inactive key", `{"project_id":111,"public_key":"retired-key"}`,
			200, map[string]any{"enabled": false}},
		{"unknown key", `{"project_id":111,"public_key":"no-such-key"}`,
			200, map[string]any{"enabled": false}},
		{"key of another project", `{"project_id":112,"public_key":"generated-error-tracking-key"}`,
			200, map[string]any{"enabled": false}},
		{"active key, tracking disabled for the project", `{"project_id":112,"public_key":"idle-key"}`,
			200, map[string]any{"enabled": false}},
		{"unknown fields are ignored", `{"project_id":111,"public_key":"generated-error-tracking-key","sdk":"sentry.go"}`,
			200, map[string]any{"enabled": true}},
		{"unknown project", `{"project_id":999,"public_key":"generated-error-tracking-key"}`,
			404, map[string]any{"message": "404 Not found"}},
		{"project_id missing", `{"public_key":"generated-error-tracking-key"}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
		{"public_key missing", `{"project_id":111}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
		{"public_key empty", `{"project_id":111,"public_key":""}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
		{"public_key only whitespace (blank, in Rails' words)", `{"project_id":111,"public_key":"  \t"}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
		{"both missing", `{}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
		{"blank key and unknown project: blankness is checked first", `{"project_id":999,"public_key":""}`,
			422, map[string]any{"message": "422 Unprocessable Entity"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postErrorTrackingAllowed(t, env, tc.body)
			require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.want, resp.JSON(t))
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
}

func TestErrorTrackingAllowed_BadInputGetsA4xxNeverA500(t *testing.T) {
	env := apitest.New(t, errorTrackingWorld)
	huge := strings.Repeat("k", 10<<20)
	cases := []struct {
		name   string
		body   string
		status int
		want   map[string]any
	}{
		{"project_id a string", `{"project_id":"111","public_key":"generated-error-tracking-key"}`,
			400, map[string]any{"error": "project_id is invalid"}},
		{"public_key a number", `{"project_id":111,"public_key":42}`,
			400, map[string]any{"error": "public_key is invalid"}},
		{"NUL byte in the public key (GitLab refuses any such parameter)", `{"project_id":111,"public_key":"a\u0000b"}`,
			400, map[string]any{"error": "public_key is invalid"}},
		{"malformed JSON", `{"project_id":`,
			400, map[string]any{"error": "body is not valid JSON"}},
		{"10 MB public key", `{"project_id":111,"public_key":"` + huge + `"}`,
			200, map[string]any{"enabled": false}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := postErrorTrackingAllowed(t, env, tc.body)
			require.Equal(t, tc.status, resp.Status, "%.200s", resp.Body)
			assert.Equal(t, tc.want, resp.JSON(t))
		})
	}
	form := func(t *testing.T, body string) apitest.Response {
		req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/error_tracking/allowed", body)
		req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return env.Do(t, req)
	}
	t.Run("no body", func(t *testing.T) {
		resp := postErrorTrackingAllowed(t, env, "")
		assert.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
	})
	t.Run("form: project_id not a number", func(t *testing.T) {
		resp := form(t, "project_id=abc&public_key=generated-error-tracking-key")
		require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"error": "project_id is invalid"}, resp.JSON(t))
	})
	t.Run("form: empty public_key", func(t *testing.T) {
		resp := form(t, "project_id=111&public_key=")
		require.Equal(t, http.StatusUnprocessableEntity, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"message": "422 Unprocessable Entity"}, resp.JSON(t))
	})
	// An empty form field becomes null, which reaches the handler's blank check, as in GitLab.
	t.Run("form: empty project_id is blank, so 422", func(t *testing.T) {
		resp := form(t, "project_id=&public_key=generated-error-tracking-key")
		require.Equal(t, http.StatusUnprocessableEntity, resp.Status, "%s", resp.Body)
		assert.Equal(t, map[string]any{"message": "422 Unprocessable Entity"}, resp.JSON(t))
	})
}

// The seed document's curl example, as written: a form body and the legacy shared-secret header.
func TestErrorTrackingAllowed_SeedExampleIsEnabledOnTheDemoWorld(t *testing.T) {
	demo, err := os.ReadFile("../world/demo.yaml")
	require.NoError(t, err)
	env := apitest.New(t, string(demo))

	req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/error_tracking/allowed",
		"project_id=111&public_key=generated-error-tracking-key")
	req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp := env.Do(t, req)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"enabled": true}, resp.JSON(t))
}

// The error-tracking service authenticates with current GitLab's error-tracking token: the
// Gitlab-Error-Tracking-Token header or the error_tracking_token parameter, which is judged
// instead of the header when both are sent. One trailing line break is forgiven (chomp).
func TestErrorTrackingAllowed_TakesTheErrorTrackingToken(t *testing.T) {
	env := apitest.New(t, errorTrackingWorld)
	const path = "/api/v4/internal/error_tracking/allowed"
	token, wrong := apitest.ErrorTrackingToken, "not-the-error-tracking-token"
	param := func(value string) string { return "error_tracking_token=" + url.QueryEscape(value) }
	cases := []struct {
		name   string
		header string
		query  string // the request's query string
		form   string // a form-body parameter (the body is JSON without one)
		status int
	}{
		{"the header (what Opstrace sends)", token, "", "", 200},
		{"the query parameter", "", param(token), "", 200},
		{"the parameter with a trailing newline", "", param(token + "\n"), "", 200},
		{"a form-body parameter", "", "", param(token), 200},
		{"a wrong header", wrong, "", "", 401},
		{"a wrong parameter beside a right header: the parameter is judged", token, param(wrong), "", 401},
		{"an empty parameter beside a right header: the parameter is judged", token, param(""), "", 401},
		{"a right parameter beside a wrong header", wrong, param(token), "", 200},
		{"the parameter with two trailing newlines", "", param(token + "\n\n"), "", 401},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			target := path
			if tc.query != "" {
				target += "?" + tc.query
			}
			req := env.NewRequest(t, http.MethodPost, target, `{"project_id":111,"public_key":"generated-error-tracking-key"}`)
			req.Header.Set("Content-Type", "application/json")
			if tc.form != "" {
				req = env.NewRequest(t, http.MethodPost, target, "project_id=111&public_key=generated-error-tracking-key&"+tc.form)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			if tc.header != "" {
				req.Header.Set("Gitlab-Error-Tracking-Token", tc.header)
			}
			resp := env.Do(t, req)
			require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			if tc.status == http.StatusOK {
				assert.Equal(t, map[string]any{"enabled": true}, resp.JSON(t))
			} else {
				assert.Equal(t, map[string]any{"message": "401 Unauthorized"}, resp.JSON(t))
			}
		})
	}
	t.Run("the token opens no other operation", func(t *testing.T) {
		req := env.NewRequest(t, http.MethodGet, "/api/v4/internal/check", nil)
		req.Header.Set("Gitlab-Error-Tracking-Token", token)
		assert.Equal(t, http.StatusUnauthorized, env.Do(t, req).Status)
	})
}
