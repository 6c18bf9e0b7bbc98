package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// A 405 names the methods the path does take (RFC 9110 §15.5.6), in every API's own error body.
func TestMethodNotAllowed_CarriesAllowWithThePathsMethods(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, "")
	cases := []struct {
		method, path, allow, contentType string
	}{
		{"DELETE", "/api/v4/internal/check", "GET", "application/json"},
		{"GET", "/api/v4/internal/allowed", "POST", "application/json"},
		{"DELETE", "/api/v4/namespaces/1/gitlab_subscription", "GET, POST, PUT", "application/json"},
		{"PUT", "/api/scim/v2/groups/acme/Users/alice", "GET, PATCH, DELETE", "application/scim+json"},
		{"POST", "/-/liveness", "GET", "application/json"},
	}
	for _, tc := range cases {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			resp := env.Do(t, env.NewRequest(t, tc.method, tc.path, nil))
			require.Equal(t, http.StatusMethodNotAllowed, resp.Status, "%s", resp.Body)
			assert.Equal(t, tc.allow, resp.Header.Get("Allow"))
			assert.Equal(t, tc.contentType, resp.Header.Get("Content-Type"))
		})
	}
}
