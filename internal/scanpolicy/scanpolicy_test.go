package scanpolicy_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/scanpolicy"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

// An agent whose project went after kas's request was authenticated (deleting a project
// deletes its agents) has no policies to read: both readers say the agent's project is not
// found, which the API answers 404 as GitLab answers an agent without a project.
func TestPolicies_OfAnAgentWhoseProjectWentAreAgentProjectNotFound(t *testing.T) {
	pool := pgtest.Pool(t)
	st := store.New(pool)
	w, err := world.Parse([]byte(`
groups:
  - full_path: acme
projects:
  - full_path: acme/cluster
    agents: [{name: prod}]
`), t.Name())
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))
	agent, err := st.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	_, err = pool.Exec(t.Context(), "DELETE FROM projects WHERE full_path = 'acme/cluster'")
	require.NoError(t, err)

	_, err = scanpolicy.Policies(t.Context(), st, agent.Agent.ID)
	assert.ErrorIs(t, err, scanpolicy.ErrAgentProjectNotFound)
	_, err = scanpolicy.Configurations(t.Context(), st, agent.Agent.ID)
	assert.ErrorIs(t, err, scanpolicy.ErrAgentProjectNotFound)
}
