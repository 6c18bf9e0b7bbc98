package server_test

import (
	"net/http"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// Demo-world credentials (internal/world/demo.yaml).
const (
	demoAdminToken = "glpat-glia-demo-admin-token-0000"
	demoAgentToken = "glagent-glia-demo-agent-token-000000000"
	demoSCIMToken  = "glsoat-glia-demo-scim-token-00000000000"
)

// Every example request of the seed document, as written there (form bodies, Rails arrays,
// parameters in a POST's query string, the seed's TOKEN header), with credentials filled in.
// Each must pass authentication and the contract and reach its handler: the implemented ones
// answer for real.
func TestSeedExamples_PassAuthenticationAndTheContract(t *testing.T) {
	demo, err := os.ReadFile("../world/demo.yaml")
	require.NoError(t, err)
	env := apitest.New(t, string(demo))

	const form = "application/x-www-form-urlencoded"
	shell := http.Header{"Gitlab-Shared-Secret": {apitest.SharedSecretHeader()}}
	kas := http.Header{"Gitlab-Kas-Api-Request": {apitest.KASJWT(t)}}
	agent := http.Header{"Gitlab-Kas-Api-Request": {apitest.KASJWT(t)}, "Authorization": {"Bearer " + demoAgentToken}}
	seedToken := http.Header{"Token": {demoAdminToken}}
	privateToken := http.Header{"Private-Token": {demoAdminToken}}
	scim := http.Header{"Authorization": {"Bearer " + demoSCIMToken}}
	const identity = "0b1d561c-21ff-4092-beab-8154b17f82f2"

	cases := []struct {
		name, method, path, contentType, body string
		header                                http.Header
		want                                  int
	}{
		{"allowed", "POST", "/api/v4/internal/allowed", form, "key_id=11&project=gnuwget/wget2&action=git-upload-pack&protocol=ssh", shell, 200},
		{"lfs_authenticate", "POST", "/api/v4/internal/lfs_authenticate", form, "key_id=11&project=gnuwget/wget2", shell, 200},
		{"authorized_keys", "GET", "/api/v4/internal/authorized_keys?key=AAAAC3NzaC1lZDI1NTE5AAAAILkowtWiaWwdlR7jDtKYY5obr+fcfSh3BxHRYBgqBSsv", "", "", shell, 200},
		{"discover", "GET", "/api/v4/internal/discover?key_id=7", "", "", shell, 200},
		{"check", "GET", "/api/v4/internal/check", "", "", shell, 200},
		{"two_factor_recovery_codes", "POST", "/api/v4/internal/two_factor_recovery_codes", form, "key_id=7", shell, 200},
		{"personal_access_token", "POST", "/api/v4/internal/personal_access_token", form,
			"user_id=29&name=mytokenname&scopes[]=read_user&scopes[]=read_repository&expires_at=2020-07-24", shell, 200},
		{"error_tracking/allowed", "POST", "/api/v4/internal/error_tracking/allowed", form, "project_id=111&public_key=generated-error-tracking-key", shell, 200},
		{"pre_receive", "POST", "/api/v4/internal/pre_receive", form, "gl_repository=project-7", shell, 200},
		{"post_receive", "POST", "/api/v4/internal/post_receive", form,
			"gl_repository=project-7&identifier=user-1&changes=0000000000000000000000000000000000000000 fd9e76b9136bdd9fe217061b497745792fe5a5ee gh-pages\n", shell, 200},
		{"agent_info", "GET", "/api/v4/internal/kubernetes/agent_info", "", "", agent, 200},
		// The demo world has no project 7.
		{"project_info", "GET", "/api/v4/internal/kubernetes/project_info?id=7", "", "", agent, 404},
		{"usage_metrics", "POST", "/api/v4/internal/kubernetes/usage_metrics", "application/json", `{"gitops_sync_count":1}`, kas, 204},
		{"starboard_vulnerability", "PUT", "/api/v4/internal/kubernetes/modules/starboard_vulnerability", "application/json",
			`{"vulnerability":{"name":"CVE-123-4567 in libc","severity":"high","confidence":"unknown","location":{"kubernetes_resource":{"namespace":"production","kind":"deployment","name":"nginx","container":"nginx"}},"identifiers":[{"type":"cve","name":"CVE-123-4567","value":"CVE-123-4567"}]},"scanner":{"id":"starboard_trivy","name":"Trivy (via Starboard Operator)","vendor":"GitLab"}}`, agent, 200},
		{"starboard scan_result", "POST", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_result", "application/json",
			`{"uuids":["102e8a0a-fe29-59bd-b46c-57c3e9bc6411","5eb12985-0ed5-51f4-b545-fd8871dc2870"]}`, agent, 200},
		{"scan_execution_policies", "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_execution_policies", "", "", agent, 200},
		{"policies_configuration", "GET", "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", "", "", agent, 200},
		// The seed's curl writes ?start_date="2020-07-15"&plan="premium": shell quoting, which
		// the shell removes before the request is sent.
		{"create subscription", "POST", "/api/v4/namespaces/1234/gitlab_subscription?start_date=2020-07-15&plan=premium&seats=10", "", "", seedToken, 201},
		{"update subscription", "PUT", "/api/v4/namespaces/1234/gitlab_subscription?max_seats_used=0", "", "", seedToken, 200},
		{"get subscription", "GET", "/api/v4/namespaces/1234/gitlab_subscription", "", "", seedToken, 200},
		{"create minute packs", "POST", "/api/v4/namespaces/123/minutes", "application/json",
			`{"packs":[{"number_of_minutes":10000,"expires_at":"2022-01-01","purchase_xid":"46952fe69bebc1a4de10b2b4ff439d0c"}]}`, privateToken, 201},
		{"move minute packs", "PATCH", "/api/v4/namespaces/123/minutes/move/321", "", "", privateToken, 202},
		{"update reconciliations", "PUT", "/api/v4/internal/upcoming_reconciliations", "application/json",
			`{"upcoming_reconciliations":[{"namespace_id":127,"next_reconciliation_date":"13 Jun 2021","display_alert_from":"06 Jun 2021"},{"namespace_id":129,"next_reconciliation_date":"12 Jun 2021","display_alert_from":"05 Jun 2021"}]}`, privateToken, 200},
		{"delete reconciliation", "DELETE", "/api/v4/internal/upcoming_reconciliations?namespace_id=22", "", "", privateToken, 204},
		{"SCIM list with filter", "GET", "/api/scim/v2/groups/test_group/Users?filter=id%20eq%20%22" + identity + "%22", "application/scim+json", "", scim, 200},
		{"SCIM get", "GET", "/api/scim/v2/groups/test_group/Users/" + identity, "application/scim+json", "", scim, 200},
		{"SCIM create", "POST", "/api/scim/v2/groups/test_group/Users", "application/scim+json",
			`{"externalId":"test_uid","active":null,"userName":"username","emails":[{"primary":true,"type":"work","value":"name@example.com"}],"name":{"formatted":"Test User","familyName":"User","givenName":"Test"},"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"meta":{"resourceType":"User"}}`, scim, 201},
		{"SCIM patch", "PATCH", "/api/scim/v2/groups/test_group/Users/" + identity, "application/scim+json",
			`{ "Operations": [{"op":"Add","path":"name.formatted","value":"New Name"}] }`, scim, 204},
		{"SCIM delete", "DELETE", "/api/scim/v2/groups/test_group/Users/" + identity, "application/scim+json", "", scim, 204},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			if tc.body != "" {
				body = tc.body
			}
			req := env.NewRequest(t, tc.method, tc.path, body)
			for k, v := range tc.header {
				req.Header[http.CanonicalHeaderKey(k)] = v
			}
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp := env.Do(t, req)
			assert.Equal(t, tc.want, resp.Status, "%s", resp.Body)
		})
	}
}
