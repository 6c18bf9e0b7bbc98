package server_test

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/apitest"
)

func TestAgentConfiguration_StoresTheFileAndTheAuthorisationsItGrants(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	agent, err := env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	// As kas sends it: protojson, agent_id as a digit string.
	body := fmt.Sprintf(`{"agent_id":"%d","agent_config":{"gitops":{"manifest_projects":[{"id":"acme/public"}]},`+
		`"ci_access":{"projects":[{"id":"acme/cluster","default_namespace":"ci"},{"id":"acme/nothing"}],"groups":[{"id":"acme"}]},`+
		`"user_access":{"access_as":{"agent":{}},"projects":[{"id":"acme/public"}]}}}`, agent.Agent.ID)
	resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/agent_configuration", body)
	require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)

	agent, err = env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	assert.NotNil(t, agent.ConfigUpdatedAt)
	var got []string
	for _, a := range agent.Authorizations {
		got = append(got, a.Access+" "+a.FullPath)
	}
	assert.Equal(t, []string{"ci_access acme", "ci_access acme/cluster", "user_access acme/public"}, got,
		"paths naming nothing are skipped")

	// A new file replaces what the old one granted.
	body = fmt.Sprintf(`{"agent_id":%d,"agent_config":{"ci_access":{"projects":[{"id":"acme/secret"}]}}}`, agent.Agent.ID)
	resp = asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/agent_configuration", body)
	require.Equal(t, http.StatusNoContent, resp.Status, "%s", resp.Body)
	agent, err = env.Store.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	require.Len(t, agent.Authorizations, 1)
	assert.Equal(t, "acme/secret", agent.Authorizations[0].FullPath)
}

// kas reads 404 as "the agent was deleted".
func TestAgentConfiguration_ForAnUnknownAgentIsNotFound(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/agent_configuration", `{"agent_id":"999999","agent_config":{}}`)
	require.Equal(t, http.StatusNotFound, resp.Status, "%s", resp.Body)
	assert.Equal(t, map[string]any{"message": "404 Not found"}, resp.JSON(t))
}

func TestAgentConfiguration_MissingOrMalformedParametersAreRefused(t *testing.T) {
	env := apitest.New(t, agentsWorld)
	for name, tc := range map[string]struct{ body, message string }{
		"no agent_config":       {`{"agent_id":"5"}`, "agent_config is missing"},
		"no agent_id":           {`{"agent_config":{}}`, "agent_id is missing"},
		"agent_id not a number": {`{"agent_id":"five","agent_config":{}}`, "agent_id is invalid"},
		"agent_config a string": {`{"agent_id":"5","agent_config":"gitops: {}"}`, "agent_config is invalid"},
	} {
		t.Run(name, func(t *testing.T) {
			resp := asKAS(t, env, http.MethodPost, "/api/v4/internal/kubernetes/agent_configuration", tc.body)
			require.Equal(t, http.StatusBadRequest, resp.Status, "%s", resp.Body)
			assert.Equal(t, map[string]any{"error": tc.message}, resp.JSON(t))
		})
	}
}
