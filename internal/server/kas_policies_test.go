package server_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

// policiesWorld has an agent in an Ultimate group whose project declares policies for it, for
// another agent and for no agent, and an agent in a group on the free plan.
const policiesWorld = `
users:
  - username: root
    email: root@example.com
groups:
  - full_path: ultimate-group
    subscription:
      plan: ultimate
      start_date: 2026-01-01
  - full_path: free-group
projects:
  - full_path: ultimate-group/cluster
    agents:
      - name: prod
        created_by: root
        tokens:
          - token: glagent-policies-prod-token-00000000000
      - name: other
        tokens:
          - token: glagent-policies-other-token-0000000000
    scan_execution_policies:
      - name: Nightly
        description: Scan production and staging every night.
        updated_at: 2026-02-01T10:00:00Z
        rules:
          - type: schedule
            cadence: 30 2 * * *
            agents:
              prod:
                namespaces: [production, staging]
          - type: schedule
            cadence: 0 12 * * *
            agents:
              other: {}
          - type: pipeline
            branches: [main]
        actions:
          - scan: container_scanning
      - name: Weekly everything
        updated_at: 2026-02-02T10:00:00Z
        rules:
          - type: schedule
            cadence: 0 0 * * 0
            agents:
              prod: {}
        actions:
          - scan: cluster_image_scanning
      - name: Disabled
        enabled: false
        rules:
          - type: schedule
            cadence: '* * * * *'
            agents:
              prod: {}
        actions:
          - scan: container_scanning
      - name: SAST only
        rules:
          - type: schedule
            cadence: '* * * * *'
            agents:
              prod: {}
        actions:
          - scan: sast
  - full_path: free-group/cluster
    agents:
      - name: free
        tokens:
          - token: glagent-policies-free-token-00000000000
`

const policiesProdAgentToken = "glagent-policies-prod-token-00000000000"

func TestPoliciesConfiguration_GivesTheScheduleRulesThatNameTheAgent(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, policiesWorld)
	resp := env.AsAgent(t, policiesProdAgentToken, http.MethodGet, "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", nil)
	require.Equal(t, http.StatusOK, resp.Status, "body: %s", resp.Body)
	assert.JSONEq(t, `{"configurations": [
		{"cadence": "30 2 * * *", "namespaces": ["production", "staging"], "updated_at": "2026-02-01T10:00:00Z"},
		{"cadence": "0 0 * * 0", "namespaces": [], "updated_at": "2026-02-02T10:00:00Z"}
	]}`, string(resp.Body))

	other := env.AsAgent(t, "glagent-policies-other-token-0000000000", http.MethodGet, "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", nil)
	require.Equal(t, http.StatusOK, other.Status)
	assert.JSONEq(t, `{"configurations": [{"cadence": "0 12 * * *", "namespaces": [], "updated_at": "2026-02-01T10:00:00Z"}]}`, string(other.Body))
}

func TestScanExecutionPolicies_ListsTheClusterImageScanningPoliciesWithTheirYAML(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, policiesWorld)
	resp := env.AsAgent(t, policiesProdAgentToken, http.MethodGet, "/api/v4/internal/kubernetes/modules/starboard_vulnerability/scan_execution_policies", nil)
	require.Equal(t, http.StatusOK, resp.Status, "body: %s", resp.Body)
	assert.JSONEq(t, `{"policies": [{
		"name": "Weekly everything", "description": "", "enabled": true,
		"yaml": "---\nname: Weekly everything\ndescription: \"\"\nenabled: true\nrules:\n    - agents:\n        prod: {}\n      cadence: 0 0 * * 0\n      type: schedule\nactions:\n    - scan: cluster_image_scanning\n",
		"updated_at": "2026-02-02T10:00:00Z"
	}]}`, string(resp.Body))
}

func TestStarboardPolicies_NeedSecurityPoliciesInThePlan(t *testing.T) {
	t.Parallel()
	env := apitest.New(t, policiesWorld)
	for _, path := range []string{"policies_configuration", "scan_execution_policies"} {
		resp := env.AsAgent(t, "glagent-policies-free-token-00000000000", http.MethodGet, "/api/v4/internal/kubernetes/modules/starboard_vulnerability/"+path, nil)
		assert.Equal(t, http.StatusPaymentRequired, resp.Status, path)
		assert.JSONEq(t, `{"message":"Payment Required"}`, string(resp.Body), path)
	}
}

func TestStarboardPolicies_TrialsAndGoldCarryThem(t *testing.T) {
	t.Parallel()
	for _, plan := range []string{"ultimate_trial", "gold", "opensource"} {
		env := apitest.New(t, `
groups:
  - full_path: g
    subscription:
      plan: `+plan+`
      start_date: 2026-01-01
      trial: `+map[bool]string{true: "true", false: "false"}[plan == "ultimate_trial"]+`
      trial_ends_on: 2026-02-01
projects:
  - full_path: g/p
    agents:
      - name: a
        tokens:
          - token: glagent-policies-plan-token-00000000000
`)
		resp := env.AsAgent(t, "glagent-policies-plan-token-00000000000", http.MethodGet, "/api/v4/internal/kubernetes/modules/starboard_vulnerability/policies_configuration", nil)
		assert.Equal(t, http.StatusOK, resp.Status, plan)
		assert.JSONEq(t, `{"configurations":[]}`, string(resp.Body), plan)
	}
}
