package server_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	genbilling "github.com/glia-dev/glia/gen/billingapi"
	geninternal "github.com/glia-dev/glia/gen/internalapi"
	genscim "github.com/glia-dev/glia/gen/scimapi"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

type operation struct {
	method, path string
	schemes      []string // every scheme named in its security requirements
}

func (o operation) String() string { return o.method + " " + o.path }

// allOperations lists every operation of the three specs, path parameters filled with samples.
func allOperations(t *testing.T) []operation {
	t.Helper()
	samples := strings.NewReplacer("{id}", "1", "{target_id}", "2", "{namespace_id}", "1", "{group_path}", "test_group")
	var ops []operation
	for _, load := range []func() (*openapi3.T, error){geninternal.GetSwagger, genbilling.GetSwagger, genscim.GetSwagger} {
		doc, err := load()
		require.NoError(t, err)
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				o := operation{method: method, path: samples.Replace(path)}
				for _, req := range *op.Security {
					for scheme := range req {
						o.schemes = append(o.schemes, scheme)
					}
				}
				ops = append(ops, o)
			}
		}
	}
	require.Greater(t, len(ops), 40, "the three specs hold more operations than that")
	return ops
}

func (o operation) usesKAS() bool { return slices.Contains(o.schemes, "kasJWT") }

// credentialWalkWorld gives the sample SCIM group SAML and a token: SCIM checks the group and its
// SAML provider before the token (GitLab's gate order), so only such a group reaches the
// credential check the walks are about.
const credentialWalkWorld = `
groups:
  - full_path: test_group
    saml: {sso_url: https://idp.example.com/saml/sso}
    scim_token: glsoat-credential-walk-token-0000000000
`

func TestEveryOperation_RequiresItsCredential(t *testing.T) {
	env := apitest.New(t, credentialWalkWorld)
	for _, op := range allOperations(t) {
		t.Run(op.String(), func(t *testing.T) {
			resp := env.Do(t, env.NewRequest(t, op.method, op.path, nil))
			require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
			want := "401 Unauthorized"
			if op.usesKAS() {
				want = "KAS JWT authentication invalid"
			}
			assert.Equal(t, want, resp.JSON(t).(map[string]any)["message"])
			assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
		})
	}
}

func TestEveryOperation_RejectsWrongCredentials(t *testing.T) {
	env := apitest.New(t, credentialWalkWorld)
	for _, op := range allOperations(t) {
		t.Run(op.String(), func(t *testing.T) {
			req := env.NewRequest(t, op.method, op.path, nil)
			// One wrong credential of every kind the operation might accept.
			req.Header.Set("Gitlab-Shell-Api-Request", "eyJhbGciOiJIUzI1NiJ9.eyJpc3MiOiJnaXRsYWItc2hlbGwifQ.c2lnbmF0dXJl")
			req.Header.Set("Gitlab-Shared-Secret", "d3Jvbmc=")
			req.Header.Set("Gitlab-Kas-Api-Request", "not.a.jwt")
			req.Header.Set("Authorization", "Bearer glagent-wrong")
			req.Header.Set("Private-Token", "glpat-wrong")
			req.Header.Set("X-Customers-Dot-Internal-Token", "not.a.jwt")
			resp := env.Do(t, req)
			require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
		})
	}
}

func TestShellAuth_AcceptsTheJWTAndTheSeedsLegacyForms(t *testing.T) {
	env := apitest.New(t, "")
	check := "/api/v4/internal/check"
	cases := []struct {
		name    string
		request func() *http.Request
	}{
		{"JWT header (current gitlab-shell and Gitaly)", func() *http.Request {
			req := env.NewRequest(t, http.MethodGet, check, nil)
			req.Header.Set("Gitlab-Shell-Api-Request", apitest.ShellJWT(t))
			return req
		}},
		{"Gitlab-Shared-Secret header (seed)", func() *http.Request {
			req := env.NewRequest(t, http.MethodGet, check, nil)
			req.Header.Set("Gitlab-Shared-Secret", apitest.SharedSecretHeader())
			return req
		}},
		{"secret_token query parameter, raw", func() *http.Request {
			return env.NewRequest(t, http.MethodGet, check+"?secret_token="+url.QueryEscape(strings.TrimSpace(apitest.ShellSecretFile)), nil)
		}},
		{"secret_token query parameter, base64 (seed)", func() *http.Request {
			return env.NewRequest(t, http.MethodGet, check+"?secret_token="+url.QueryEscape(apitest.SharedSecretHeader()), nil)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := env.Do(t, tc.request())
			assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		})
	}
	t.Run("secret_token in a form body (seed's curl --data)", func(t *testing.T) {
		body := "secret_token=" + url.QueryEscape(strings.TrimSpace(apitest.ShellSecretFile)) + "&gl_repository=project-7"
		req := env.NewRequest(t, http.MethodPost, "/api/v4/internal/pre_receive", body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp := env.Do(t, req)
		assert.NotEqual(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
	})
}

// With the kas internal API switched off (glia serve --kas-api=false), every kas operation
// answers GitLab's flag-off 404 before any credential is looked at, to a caller with valid
// credentials too, while the other internal operations still ask for theirs.
func TestKASAPISwitchedOff_AnswersEveryKASOperation404BeforeItsCredential(t *testing.T) {
	env := apitest.New(t, agentsWorld).Twin(t, apitest.WithKASAPIOff())
	for _, op := range allOperations(t) {
		if !strings.HasPrefix(op.path, "/api/v4/internal/") {
			continue
		}
		t.Run(op.String(), func(t *testing.T) {
			anonymous := env.Do(t, env.NewRequest(t, op.method, op.path, nil))
			if !op.usesKAS() {
				assert.Equal(t, http.StatusUnauthorized, anonymous.Status, "%s", anonymous.Body)
				return
			}
			req := env.NewRequest(t, op.method, op.path, nil)
			req.Header.Set("Gitlab-Kas-Api-Request", apitest.KASJWT(t))
			req.Header.Set("Authorization", "Bearer "+prodToken)
			for _, resp := range []apitest.Response{anonymous, env.Do(t, req)} {
				require.Equal(t, http.StatusNotFound, resp.Status, "%s", resp.Body)
				assert.Equal(t, "404 Internal API not found Not Found", resp.JSON(t).(map[string]any)["message"])
			}
		})
	}
}
