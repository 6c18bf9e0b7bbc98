package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// hostileWorld has a caller of each API: a user with an SSH key (the shell's requests), an
// agent (kas), an administrator's token (CustomersDot) and a group with SAML and a SCIM token.
const hostileWorld = `
users:
  - id: 1
    username: root
    email: root@example.com
    admin: true
    personal_access_tokens:
      - name: customersdot
        token: ` + hostileAdminToken + `
        scopes: [api, admin_mode]
    ssh_keys:
      - id: 1
        title: root@test
        key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBfzSN1VLxXUshm4nxypPyNfpcbkQBmZB6oaf1XGzgJn root@test
groups:
  - id: 100
    full_path: acme
    members:
      - {user: root, access: owner}
    saml:
      sso_url: https://idp.example.com/saml/sso
    scim_token: ` + hostileSCIMToken + `
projects:
  - id: 200
    full_path: acme/cluster
    agents:
      - name: prod
        created_by: root
        tokens:
          - token: ` + hostileAgentToken + `
`

const (
	hostileAdminToken = "glpat-hostile-admin-token-000000"
	hostileSCIMToken  = "glsoat-hostile-scim-token-00000000000000"
	hostileAgentToken = "glagent-hostile-agent-token-0000000000"
)

// hostileRequest is one request carrying bytes PostgreSQL cannot store (a NUL, invalid UTF-8).
type hostileRequest struct {
	name        string
	caller      string // shell, agent, admin or scim
	in          string // where the bytes are: path, query or body
	method      string
	path        string // with its query string
	contentType string
	body        string
	status      int
	message     string // the error's text: Grape's {"error"} or the SCIM error's detail
}

// hostileRequests reach every API through every place a caller controls: path segments, the query
// string, JSON bodies (raw bytes and \u0000 escapes) and Rails form bodies.
var hostileRequests = []hostileRequest{
	// Internal API: GitLab Shell, Gitaly and kas.
	{"internal: invalid UTF-8 in a query parameter", "shell", "query", "GET", "/api/v4/internal/discover?username=%ff", "", "",
		400, "username is invalid"},
	{"internal: NUL in a query parameter", "shell", "query", "GET", "/api/v4/internal/discover?username=ru%00bi", "", "",
		400, "username is invalid"},
	{"internal: NUL in an authorized_keys query", "shell", "query", "GET", "/api/v4/internal/authorized_keys?key=AAAA%00", "", "",
		400, "key is invalid"},
	{"internal: NUL escape in a JSON body", "shell", "body", "POST", "/api/v4/internal/allowed", "application/json",
		`{"action":"git-upload-pack","protocol":"ssh","key_id":"1","project":"acme/\u0000"}`, 400, "project is invalid"},
	{"internal: invalid UTF-8 in a JSON body", "shell", "body", "POST", "/api/v4/internal/allowed", "application/json",
		"{\"action\":\"git-upload-pack\",\"protocol\":\"ssh\",\"key_id\":\"1\",\"project\":\"acme/\xff\"}", 400, "project is invalid"},
	{"internal: NUL in a form body", "shell", "body", "POST", "/api/v4/internal/allowed", "application/x-www-form-urlencoded",
		"action=git-upload-pack&protocol=ssh&key_id=1&project=acme%2F%00", 400, "project is invalid"},
	{"internal: invalid UTF-8 in a form body", "shell", "body", "POST", "/api/v4/internal/allowed", "application/x-www-form-urlencoded",
		"action=git-upload-pack&protocol=ssh&key_id=1&project=acme%2F%C0", 400, "project is invalid"},
	{"internal: NUL in a POST parameter sent in the query string", "shell", "query", "POST",
		"/api/v4/internal/allowed?action=git-upload-pack&protocol=ssh&key_id=1&project=%00", "", "", 400, "project is invalid"},
	{"internal: NUL in a nested JSON value", "shell", "body", "POST", "/api/v4/internal/post_receive", "application/json",
		`{"gl_repository":"project-200","identifier":"key-1","changes":"0 1 refs/heads/main","push_options":["ci.skip","x\u0000"]}`,
		400, "push_options is invalid"},
	{"internal: NUL in a JSON key", "shell", "body", "POST", "/api/v4/internal/allowed", "application/json",
		`{"action":"git-upload-pack","protocol":"ssh","key_id":"1","project":"acme/cluster","\u0000":"x"}`, 400, "body is invalid"},
	{"internal: a raw NUL inside a JSON string", "shell", "body", "POST", "/api/v4/internal/allowed", "application/json",
		"{\"action\":\"git-upload-pack\",\"protocol\":\"ssh\",\"key_id\":\"1\",\"project\":\"acme/\x00\"}", 400, "body is not valid JSON"},
	{"kas: invalid UTF-8 in project_info's id", "agent", "query", "GET", "/api/v4/internal/kubernetes/project_info?id=%ff", "", "",
		400, "id is invalid"},
	{"kas: NUL in verify_project_access's id", "agent", "query", "GET", "/api/v4/internal/kubernetes/verify_project_access?id=%00", "", "",
		400, "id is invalid"},

	// Billing API: CustomersDot.
	{"billing: NUL in the namespace path segment", "admin", "path", "GET", "/api/v4/namespaces/%00/gitlab_subscription", "", "",
		404, "404 Not Found"},
	{"billing: invalid UTF-8 in the current namespace path segment", "admin", "path", "GET",
		"/api/v4/internal/gitlab_subscriptions/namespaces/acme%ff/gitlab_subscription", "", "", 404, "404 Not Found"},
	{"billing: NUL in the move target segment", "admin", "path", "PATCH",
		"/api/v4/internal/gitlab_subscriptions/namespaces/100/minutes/move/%00", "", "", 404, "404 Not Found"},
	{"billing: NUL escape in a minute pack", "admin", "body", "POST", "/api/v4/internal/gitlab_subscriptions/namespaces/100/minutes",
		"application/json", `{"packs":[{"number_of_minutes":10,"expires_at":"2030-01-01","purchase_xid":"xid\u0000"}]}`,
		400, "packs[0][purchase_xid] is invalid"},
	{"billing: invalid UTF-8 in a minute pack", "admin", "body", "POST", "/api/v4/namespaces/100/minutes", "application/json",
		"{\"packs\":[{\"number_of_minutes\":10,\"expires_at\":\"2030-01-01\",\"purchase_xid\":\"xid\xfe\"}]}",
		400, "packs[0][purchase_xid] is invalid"},
	{"billing: NUL in a Rails form minute pack", "admin", "body", "POST", "/api/v4/namespaces/100/minutes", "application/x-www-form-urlencoded",
		"packs[0][number_of_minutes]=10&packs[0][expires_at]=2030-01-01&packs[0][purchase_xid]=xid%00",
		400, "packs[0][purchase_xid] is invalid"},
	{"billing: invalid UTF-8 in a Rails form minute pack", "admin", "body", "POST", "/api/v4/namespaces/100/minutes",
		"application/x-www-form-urlencoded",
		"packs[0][number_of_minutes]=10&packs[0][expires_at]=2030-01-01&packs[0][purchase_xid]=xid%ff",
		400, "packs[0][purchase_xid] is invalid"},

	// Group SCIM API: identity providers.
	{"scim: NUL in the group path segment", "scim", "path", "GET", "/api/scim/v2/groups/%00/Users", "", "",
		404, "404 Not Found"},
	{"scim: invalid UTF-8 in the group path segment", "scim", "path", "GET", "/api/scim/v2/groups/acme%ff/Users", "", "",
		404, "404 Not Found"},
	{"scim: NUL in the resource id segment", "scim", "path", "GET", "/api/scim/v2/groups/acme/Users/%00", "", "",
		404, "404 Not Found"},
	{"scim: NUL in a filter", "scim", "query", "GET", "/api/scim/v2/groups/acme/Users?filter=externalId+eq+%22%00%22", "", "",
		400, "filter is invalid"},
	{"scim: NUL escape in externalId", "scim", "body", "POST", "/api/scim/v2/groups/acme/Users", "application/scim+json",
		`{"externalId":"uid\u0000","userName":"newbie","emails":[{"type":"work","value":"newbie@example.com"}],"name":{"formatted":"New Bie"}}`,
		400, "externalId is invalid"},
	{"scim: invalid UTF-8 in name.formatted", "scim", "body", "POST", "/api/scim/v2/groups/acme/Users", "application/scim+json",
		"{\"externalId\":\"uid\",\"userName\":\"newbie\",\"emails\":[{\"type\":\"work\",\"value\":\"newbie@example.com\"}],\"name.formatted\":\"New \xc3\"}",
		400, "name.formatted is invalid"},
	{"scim: NUL escape in a nested name", "scim", "body", "POST", "/api/scim/v2/groups/acme/Users/", "application/json",
		`{"externalId":"uid","userName":"newbie","emails":[{"type":"work","value":"newbie@example.com"}],"name":{"formatted":"New\u0000Bie"}}`,
		400, "name[formatted] is invalid"},
	{"scim: NUL in a form body", "scim", "body", "POST", "/api/scim/v2/groups/acme/Users", "application/x-www-form-urlencoded",
		"externalId=uid%00&userName=newbie&emails[0][type]=work&emails[0][value]=newbie%40example.com",
		400, "externalId is invalid"},
	{"scim: NUL in a PATCH value", "scim", "body", "PATCH", "/api/scim/v2/groups/acme/Users/uid", "application/scim+json",
		`{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[{"op":"replace","path":"externalId","value":"x\u0000"}]}`,
		400, "Operations[0][value] is invalid"},
}

// send makes one hostile request as its caller, with valid credentials unless bare.
func (h hostileRequest) send(t *testing.T, env *apitest.Env, bare bool) apitest.Response {
	t.Helper()
	var body any
	if h.body != "" {
		body = h.body
	}
	req := env.NewRequest(t, h.method, h.path, body)
	if h.contentType != "" {
		req.Header.Set("Content-Type", h.contentType)
	}
	if bare {
		return env.Do(t, req)
	}
	switch h.caller {
	case "shell":
		req.Header.Set("Gitlab-Shell-Api-Request", apitest.ShellJWT(t))
	case "agent":
		req.Header.Set("Gitlab-Kas-Api-Request", apitest.KASJWT(t))
		req.Header.Set("Authorization", "Bearer "+hostileAgentToken)
	case "admin":
		req.Header.Set("Private-Token", hostileAdminToken)
	case "scim":
		req.Header.Set("Authorization", "Bearer "+hostileSCIMToken)
	default:
		t.Fatalf("unknown caller %q", h.caller)
	}
	return env.Do(t, req)
}

// Bytes PostgreSQL cannot store (SQLSTATE 22021) are refused at the edge, before any query runs,
// in the API's own error body: a query or body parameter is the operation's 400 naming the
// parameter, a path segment names nothing that can exist and is a 404. Never a 500.
func TestHostileBytes_AreRefusedWithThe400OrNotFoundInTheAPIsErrorBody(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, hostileWorld)
	for _, tc := range hostileRequests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := tc.send(t, env, false) // Do checks the answer against the operation's spec
			require.Less(t, resp.Status, 500, "%s", resp.Body)
			require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			requireErrorBody(t, tc, resp)
		})
	}
}

// A request without credentials learns only that it needs them, whatever its query string or body
// holds; a path segment names the resource the credential is checked against (the SCIM gates look
// the group up before the token), so a segment that cannot exist is not found before the
// credential is looked at.
func TestHostileBytes_WithoutCredentialsAre401UnlessInThePath(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, hostileWorld)
	for _, tc := range hostileRequests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			resp := tc.send(t, env, true)
			require.Less(t, resp.Status, 500, "%s", resp.Body)
			if tc.in == "path" {
				require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
				requireErrorBody(t, tc, resp)
				return
			}
			require.Equal(t, http.StatusUnauthorized, resp.Status, "%s", resp.Body)
		})
	}
}

func requireErrorBody(t *testing.T, tc hostileRequest, resp apitest.Response) {
	t.Helper()
	if tc.caller == "scim" {
		assert.Equal(t, scimContentType, resp.Header.Get("Content-Type"))
		assert.Equal(t, map[string]any{"schemas": []any{scimErrorSchema}, "detail": tc.message, "status": float64(tc.status)}, resp.JSON(t))
		return
	}
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	key := "error" // Grape's parameter errors
	if tc.status == http.StatusNotFound {
		key = "message"
	}
	assert.Equal(t, map[string]any{key: tc.message}, resp.JSON(t))
}
