package server_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// scimWorld has two groups with group SAML and SCIM, a group with a SCIM token but no SAML
// provider, and users in every relation to them: alice is provisioned into acme (and a member of
// its subgroup and a project there), bob is provisioned into other, carol exists without any
// identity, olga owns acme.
const scimWorld = `
users:
  - username: olga
    name: Olga Owner
    email: olga@example.com
  - username: alice
    name: Alice Liddell
    email: alice@example.com
  - username: bob
    name: Bob Builder
    email: bob@example.com
  - username: carol
    name: Carol Danvers
    email: carol@example.com
  - username: dave
    name: Dave Dormant
    email: dave@example.com

groups:
  - id: 300
    full_path: acme
    name: Acme Corp
    members:
      - user: olga
        access: owner
      - user: alice
        access: developer
      - user: carol
        access: reporter
    saml:
      sso_url: https://idp.example.com/saml/sso
      default_role: developer
      identities:
        - user: alice
          extern_uid: alice-uid
        - user: dave
          extern_uid: dave-uid
          active: false
    scim_token: ` + acmeToken + `
  - full_path: acme/platform
    members:
      - user: alice
        access: maintainer
  - id: 310
    full_path: other
    members:
      - user: olga
        access: owner
      - user: alice
        access: developer
      - user: bob
        access: developer
    saml:
      identities:
        - user: bob
          extern_uid: bob-uid
    scim_token: ` + otherToken + `
  - full_path: nosaml
    scim_token: ` + noSAMLToken + `

projects:
  - id: 500
    full_path: acme/platform/api
    members:
      - user: alice
        access: developer
  - id: 510
    full_path: other/tools
    members:
      - user: alice
        access: developer
`

const (
	acmeToken   = "glsoat-acme-scim-token-00000000000000000"
	otherToken  = "glsoat-other-scim-token-0000000000000000"
	noSAMLToken = "glsoat-nosaml-scim-token-000000000000000"

	scimErrorSchema  = "urn:ietf:params:scim:api:messages:2.0:Error"
	scimListSchema   = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	scimUserSchema   = "urn:ietf:params:scim:schemas:core:2.0:User"
	scimContentType  = "application/scim+json"
	acmeAPIProjectID = 500
	otherProjectID   = 510
)

// scimClient calls one group's SCIM API the way an identity provider does.
type scimClient struct {
	t     *testing.T
	env   *apitest.Env
	base  string // the server's URL (env.URL unless the test runs its own server)
	group string // as it appears in the URL
	token string
}

func newSCIMClient(t *testing.T, env *apitest.Env, group, token string) scimClient {
	return scimClient{t: t, env: env, base: env.URL, group: group, token: token}
}

// do sends method path (relative to the group's SCIM base) with body (none when ""), as
// application/scim+json, and checks the answer against the contract.
func (c scimClient) do(method, path, body string) apitest.Response {
	c.t.Helper()
	return c.doAs(method, path, body, scimContentType)
}

func (c scimClient) doAs(method, path, body, contentType string) apitest.Response {
	c.t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(c.t.Context(), method, c.base+"/api/scim/v2/groups/"+c.group+path, reader)
	require.NoError(c.t, err)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("Accept", scimContentType)
	return c.env.Do(c.t, req)
}

// requireSCIMError checks a SCIM error answer: status, media type and the exact body.
func requireSCIMError(t *testing.T, resp apitest.Response, status int, detail string) {
	t.Helper()
	require.Equal(t, status, resp.Status, "%s", resp.Body)
	assert.Equal(t, scimContentType, resp.Header.Get("Content-Type"))
	assert.Equal(t, map[string]any{"schemas": []any{scimErrorSchema}, "detail": detail, "status": float64(status)}, resp.JSON(t))
}

// requireGrapeError checks one of the gates GitLab answers in its plain shape (401, 403).
func requireGrapeError(t *testing.T, resp apitest.Response, status int, message string) {
	t.Helper()
	require.Equal(t, status, resp.Status, "%s", resp.Body)
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	assert.Equal(t, map[string]any{"message": message}, resp.JSON(t))
}

// identity reads a group's SCIM identity straight from the store.
func identity(t *testing.T, env *apitest.Env, groupPath, externUID string) store.SCIMIdentity {
	t.Helper()
	g, err := env.Store.SCIMGroup(t.Context(), groupPath)
	require.NoError(t, err)
	i, err := env.Store.SCIMIdentity(t.Context(), *g.SAMLProviderID, externUID)
	require.NoError(t, err, "identity %s of %s", externUID, groupPath)
	return i
}

// projectAccess is a user's effective access level on a project (0: none).
func projectAccess(t *testing.T, env *apitest.Env, projectID int64, username string) int32 {
	t.Helper()
	u, err := env.Store.UserByUsername(t.Context(), username)
	require.NoError(t, err)
	access, err := env.Store.ProjectAccessByID(t.Context(), projectID, store.Accessor{UserID: &u.ID})
	require.NoError(t, err)
	return access.AccessLevel
}

// jsonString writes s as a JSON string literal.
func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}
