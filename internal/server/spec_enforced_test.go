package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	genbilling "github.com/glia-dev/glia/gen/billingapi"
	geninternal "github.com/glia-dev/glia/gen/internalapi"
	genscim "github.com/glia-dev/glia/gen/scimapi"
)

// A client generated from the specs cannot build a request the server is certain to refuse: for
// each request below glia answers a 4xx (pinned by the operations' own tests), and the published
// schema already refuses it.
func TestSpec_RefusesTheBodiesTheServerRefuses(t *testing.T) {
	t.Parallel()
	specs := map[string]func() (*openapi3.T, error){
		"internal": geninternal.GetSwagger, "billing": genbilling.GetSwagger, "scim": genscim.GetSwagger,
	}
	cases := []struct {
		name, spec, method, path, body string
		answer                         string // what glia answers, for the reader
	}{
		{"a subscription without start_date", "billing", "POST", "/api/v4/internal/gitlab_subscriptions/namespaces/{id}/gitlab_subscription",
			`{"seats":5}`, `400 {"error":"start_date is missing"}`},
		{"a subscription without start_date (seed path)", "billing", "POST", "/api/v4/namespaces/{id}/gitlab_subscription",
			`{}`, `400 {"error":"start_date is missing"}`},
		{"a SCIM user without attributes", "scim", "POST", "/api/scim/v2/groups/{group_path}/Users",
			`{}`, `412 Missing params: [:extern_uid, :email, :username]`},
		{"a SCIM user with null attributes", "scim", "POST", "/api/scim/v2/groups/{group_path}/Users/",
			`{"externalId":null,"userName":null,"emails":null}`, `412 Missing params: [:extern_uid, :email, :username]`},
		{"a SCIM user with empty attributes", "scim", "POST", "/api/scim/v2/groups/{group_path}/Users",
			`{"externalId":"","userName":"u","emails":[]}`, `412 Missing params: [:extern_uid, :email]`},
		{"pre_receive of a malformed gl_repository", "internal", "POST", "/api/v4/internal/pre_receive",
			`{"gl_repository":"repo-7"}`, `400 {"error":"gl_repository is invalid"}`},
		{"post_receive of a malformed gl_repository", "internal", "POST", "/api/v4/internal/post_receive",
			`{"gl_repository":"project-x","identifier":"user-1"}`, `400 {"error":"gl_repository is invalid"}`},
		{"allowed for a malformed gl_repository", "internal", "POST", "/api/v4/internal/allowed",
			`{"action":"git-upload-pack","protocol":"ssh","gl_repository":"project-7-wiki-x"}`, `400 {"error":"gl_repository is invalid"}`},
		{"lfs_authenticate for a malformed gl_repository", "internal", "POST", "/api/v4/internal/lfs_authenticate",
			`{"operation":"download","gl_repository":"wiki"}`, `400 {"error":"gl_repository is invalid"}`},
		{"a token without a name", "internal", "POST", "/api/v4/internal/personal_access_token",
			`{"key_id":"1","scopes":["api"]}`, `200 {"success":false,"message":"No token name specified"}`},
		{"a token without scopes", "internal", "POST", "/api/v4/internal/personal_access_token",
			`{"key_id":"1","name":"laptop","scopes":[]}`, `200 {"success":false,"message":"No token scopes specified"}`},
		{"a token with a scope GitLab Shell may not ask for", "internal", "POST", "/api/v4/internal/personal_access_token",
			`{"key_id":"1","name":"laptop","scopes":["sudo"]}`, `200 {"success":false,"message":"Invalid scope: 'sudo'. …"}`},
		{"a token with a name over 255 characters", "internal", "POST", "/api/v4/internal/personal_access_token",
			`{"key_id":"1","name":"` + strings.Repeat("n", 256) + `","scopes":["api"]}`, `200 {"success":false,"message":"Failed to create token: Name is too long …"}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			doc, err := specs[tc.spec]()
			require.NoError(t, err)
			item := doc.Paths.Value(tc.path)
			require.NotNil(t, item, tc.path)
			op := item.GetOperation(tc.method)
			require.NotNil(t, op, tc.method)
			body := op.RequestBody.Value
			media := body.Content.Get("application/json")
			if media == nil {
				media = body.Content.Get("application/scim+json")
			}
			require.NotNil(t, media)
			var value any
			require.NoError(t, json.Unmarshal([]byte(tc.body), &value))
			assert.Error(t, media.Schema.Value.VisitJSON(value, openapi3.VisitAsRequest()),
				"the schema allows %s, which glia answers %s", tc.body, tc.answer)
		})
	}
}

// A subscription cannot be created without a body: the seed's query-only POST has one once glia
// has folded its query string, and a request without either is "start_date is missing".
func TestSpec_SubscriptionCreationRequiresABody(t *testing.T) {
	t.Parallel()
	doc, err := genbilling.GetSwagger()
	require.NoError(t, err)
	for _, path := range []string{"/api/v4/namespaces/{id}/gitlab_subscription", "/api/v4/internal/gitlab_subscriptions/namespaces/{id}/gitlab_subscription"} {
		assert.True(t, doc.Paths.Value(path).Post.RequestBody.Value.Required, path)
	}
}
