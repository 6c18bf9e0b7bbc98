package server_test

import (
	"crypto/sha1"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// starboardWorld: in acme/cluster, agent "prod" was created by a maintainer, "devs" by a
// developer and "orphan" by nobody.
const starboardWorld = `
users:
  - {username: maya, email: maya@example.com}
  - {username: dev, email: dev@example.com}
groups:
  - full_path: acme
projects:
  - full_path: acme/cluster
    members:
      - {user: maya, access: maintainer}
      - {user: dev, access: developer}
    agents:
      - name: prod
        created_by: maya
        tokens: [{token: glagent-starboard-prod-token-0000000000}]
      - name: devs
        created_by: dev
        tokens: [{token: glagent-starboard-devs-token-0000000000}]
      - name: orphan
        tokens: [{token: glagent-starboard-orphan-token-00000000}]
`

const (
	starboardProdToken   = "glagent-starboard-prod-token-0000000000"
	starboardDevsToken   = "glagent-starboard-devs-token-0000000000"
	starboardOrphanToken = "glagent-starboard-orphan-token-00000000"
	starboardPath        = "/api/v4/internal/kubernetes/modules/starboard_vulnerability"
)

// agentReport is what the v16 agent sends for one vulnerable package in one container.
func agentReport(cve, pkg string) string {
	return fmt.Sprintf(`{"vulnerability":{"name":"%[1]s in %[2]s","message":"%[1]s in %[2]s","description":"A buffer overflow.","solution":"Upgrade %[2]s",`+
		`"severity":"High","confidence":"Unknown","identifiers":[{"type":"cve","name":"%[1]s","value":"%[1]s","url":"https://nvd.nist.gov/vuln/detail/%[1]s"}],`+
		`"links":[{"url":"https://security-tracker.debian.org/tracker/%[1]s"}],"location":{"image":"docker.io/library/nginx:1.25.2","operating_system":"debian 12.1",`+
		`"dependency":{"package":{"name":"%[2]s"},"version":"2.36-9+deb12u1"},"kubernetes_resource":{"namespace":"production","name":"nginx","kind":"Deployment","container_name":"nginx","agent_id":"5"}}},`+
		`"scanner":{"id":"starboard_trivy","name":"Trivy (via Starboard Operator)","vendor":{"name":"GitLab"}}}`, cve, pkg)
}

func putVulnerability(t *testing.T, env *apitest.Env, token, path, body string) apitest.Response {
	t.Helper()
	return env.AsAgent(t, token, http.MethodPut, path, body)
}

func sha1Hex(s string) string {
	sum := sha1.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestStarboardVulnerability_UUIDFollowsGitLabsRecipe(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	agent, err := env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	resp := putVulnerability(t, env, starboardProdToken, starboardPath+"/", agentReport("CVE-2023-4911", "libc6"))
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)

	// docs/gitlab-rules.md §11.2, computed here from scratch: the identifier's type comes from its
	// name, the location reads kubernetes_resource.container (empty: the agent sends
	// container_name), report type 7 is cluster_image_scanning.
	identifier := sha1Hex("cve:CVE-2023-4911")
	location := sha1Hex(fmt.Sprintf("%d:production:Deployment:nginx::libc6", agent.Agent.ID))
	production := uuid.MustParse("58dc0f06-936c-43b3-93bb-71693f1b6570")
	want := uuid.NewSHA1(production, []byte(fmt.Sprintf("7-%s-%s-%d", identifier, location, agent.Agent.ProjectID)))
	assert.Equal(t, map[string]any{"uuid": want.String()}, resp.JSON(t))
}

func TestStarboardVulnerability_SameReportTwiceIsOneVulnerabilityAtEitherPath(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	agent, err := env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	first := putVulnerability(t, env, starboardProdToken, starboardPath+"/", agentReport("CVE-2023-4911", "libc6"))
	second := putVulnerability(t, env, starboardProdToken, starboardPath, agentReport("CVE-2023-4911", "libc6"))
	require.Equal(t, http.StatusOK, first.Status, "%s", first.Body)
	require.Equal(t, http.StatusOK, second.Status, "%s", second.Body)
	assert.Equal(t, first.JSON(t), second.JSON(t))

	rows, err := env.Store.ProjectVulnerabilities(t.Context(), agent.Agent.ProjectID)
	require.NoError(t, err)
	require.Len(t, rows, 1)
	assert.Equal(t, "CVE-2023-4911 in libc6", rows[0].Title)
	assert.Equal(t, "high", rows[0].Severity, "severity is lower-cased")
	assert.Equal(t, "detected", rows[0].State)
}

func TestStarboardVulnerability_ConcurrentIdenticalReportsCreateOne(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	agent, err := env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	uuids := make(chan string, 50)
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			resp := putVulnerability(t, env, starboardProdToken, starboardPath+"/", agentReport("CVE-2024-1086", "linux"))
			if assert.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body) {
				uuids <- resp.JSON(t).(map[string]any)["uuid"].(string)
			}
		})
	}
	wg.Wait()
	close(uuids)
	seen := map[string]int{}
	for u := range uuids {
		seen[u]++
	}
	assert.Len(t, seen, 1, "every answer names the same finding")
	rows, err := env.Store.ProjectVulnerabilities(t.Context(), agent.Agent.ProjectID)
	require.NoError(t, err)
	assert.Len(t, rows, 1)
}

func TestStarboardScanResult_ResolvesOnlyThisAgentsUnlistedFindingsAndAReportReopensThem(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	agent, err := env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	found := func(cve string) string {
		resp := putVulnerability(t, env, starboardProdToken, starboardPath+"/", agentReport(cve, "libc6"))
		require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
		return resp.JSON(t).(map[string]any)["uuid"].(string)
	}
	kept, gone := found("CVE-2023-4911"), found("CVE-2023-0001")
	states := func() map[string]string {
		rows, err := env.Store.ProjectVulnerabilities(t.Context(), agent.Agent.ProjectID)
		require.NoError(t, err)
		out := map[string]string{}
		for _, r := range rows {
			out[r.Uuid.String()] = r.State
		}
		return out
	}

	resp := env.AsAgent(t, starboardProdToken, http.MethodPost, starboardPath+"/scan_result", `{"uuids":["`+kept+`"]}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	assert.Equal(t, "200", strings.TrimSpace(string(resp.Body)), "GitLab's body is the status")
	assert.Equal(t, map[string]string{kept: "detected", gone: "resolved"}, states())

	// Another agent's scan does not touch this agent's findings.
	resp = env.AsAgent(t, starboardDevsToken, http.MethodPost, starboardPath+"/scan_result", `{"uuids":[]}`)
	require.Equal(t, http.StatusForbidden, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]string{kept: "detected", gone: "resolved"}, states())

	// Reported again, a resolved finding is detected again.
	assert.Equal(t, gone, found("CVE-2023-0001"))
	assert.Equal(t, map[string]string{kept: "detected", gone: "detected"}, states())
}

func TestStarboard_TheAgentsCreatorMustAdministerVulnerabilities(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	for name, token := range map[string]string{"creator is a developer": starboardDevsToken, "agent without creator": starboardOrphanToken} {
		t.Run(name, func(t *testing.T) {
			resp := putVulnerability(t, env, token, starboardPath+"/", agentReport("CVE-2023-4911", "libc6"))
			require.Equal(t, http.StatusForbidden, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"message": "403 Forbidden"}, resp.JSON(t))
			resp = env.AsAgent(t, token, http.MethodPost, starboardPath+"/scan_result", `{"uuids":[]}`)
			require.Equal(t, http.StatusForbidden, resp.Status, "%s", resp.Body)
		})
	}
}

// The seed's example: no agent_id, the seed's container key and a plain vendor name.
func TestStarboardVulnerability_AcceptsTheSeedsReport(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	resp := putVulnerability(t, env, starboardProdToken, starboardPath,
		`{"vulnerability":{"name":"CVE-123-4567 in libc","severity":"high","confidence":"unknown","location":{"kubernetes_resource":{"namespace":"production","kind":"deployment","name":"nginx","container":"nginx"}},"identifiers":[{"type":"cve","name":"CVE-123-4567","value":"CVE-123-4567"}]},"scanner":{"id":"starboard_trivy","name":"Trivy (via Starboard Operator)","vendor":"GitLab"}}`)
	require.Equal(t, http.StatusOK, resp.Status, "%s", resp.Body)
	_, err := uuid.Parse(resp.JSON(t).(map[string]any)["uuid"].(string))
	assert.NoError(t, err)
}

func TestStarboard_BadInputIsRefusedNeverAnError(t *testing.T) {
	env := apitest.New(t, starboardWorld)
	huge := strings.Replace(agentReport("CVE-2023-4911", "libc6"), "A buffer overflow.", strings.Repeat("x", 5<<20), 1)
	cases := []struct {
		name, method, path, body string
		status                   int
		message                  map[string]any
	}{
		{"a 5 MB report", http.MethodPut, starboardPath + "/", huge, http.StatusRequestEntityTooLarge, map[string]any{"message": "413 Request Entity Too Large"}},
		{"no scanner", http.MethodPut, starboardPath + "/", `{"vulnerability":{"name":"x","severity":"high","location":{"kubernetes_resource":{"namespace":"a","kind":"b","name":"c"}},"identifiers":[{"type":"cve","name":"CVE-1"}]}}`,
			http.StatusBadRequest, map[string]any{"error": "scanner is missing"}},
		{"no identifiers", http.MethodPut, starboardPath, `{"vulnerability":{"name":"x","severity":"high","location":{"kubernetes_resource":{"namespace":"a","kind":"b","name":"c"}},"identifiers":[]},"scanner":{"id":"s","name":"n"}}`,
			http.StatusBadRequest, nil},
		{"uuids that are not UUIDs", http.MethodPost, starboardPath + "/scan_result", `{"uuids":["not-a-uuid"]}`, http.StatusBadRequest, map[string]any{"error": "uuids is invalid"}},
		{"no uuids", http.MethodPost, starboardPath + "/scan_result", `{}`, http.StatusBadRequest, map[string]any{"error": "uuids is missing"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := env.AsAgent(t, starboardProdToken, tc.method, tc.path, tc.body)
			require.Equal(t, tc.status, resp.Status, "%s", resp.Body)
			if tc.message != nil {
				assert.Equal(t, tc.message, resp.JSON(t))
			}
		})
	}
}
