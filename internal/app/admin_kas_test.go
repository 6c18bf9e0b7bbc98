package app

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/secret"
)

const kasAdminWorld = `
users:
  - username: ada
    email: ada@example.com
groups:
  - full_path: acme
projects:
  - full_path: acme/cluster
`

func TestAgentCommands_CreateIssueShowAndRevoke(t *testing.T) {
	cli := adminCLIWithWorld(t, kasAdminWorld)
	out, err := cli.run("agent", "create", "acme/cluster", "prod", "--created-by", "ada")
	require.NoError(t, err)
	assert.Regexp(t, `^agent \d+: prod in acme/cluster\n$`, out)

	out, err = cli.run("agent", "issue-token", "acme/cluster", "prod", "--name", "main")
	require.NoError(t, err)
	match := regexp.MustCompile(`^agent token (\d+) \(shown once; give it to agentk\):\n(glagent-\S+)\n$`).FindStringSubmatch(out)
	require.NotNil(t, match, out)
	tokenID, token := match[1], match[2]

	st := cli.store()
	agent, err := st.AgentByTokenDigest(t.Context(), secret.Digest(token))
	require.NoError(t, err, "the printed token authenticates the agent")
	details, err := st.AgentByProjectAndName(t.Context(), "acme/cluster", "prod")
	require.NoError(t, err)
	assert.Equal(t, agent.AgentID, details.Agent.ID)
	assert.Len(t, details.Tokens, 1)

	out, err = cli.run("agent", "show", "acme/cluster", "prod")
	require.NoError(t, err)
	assert.Contains(t, out, "prod in acme/cluster, created by ada\n")
	assert.Contains(t, out, "token "+tokenID+` "main": never used`)
	assert.NotContains(t, out, token, "a token is shown once, at creation")

	out, err = cli.run("agent", "revoke-token", tokenID)
	require.NoError(t, err)
	assert.Equal(t, "revoked agent token "+tokenID+"\n", out)
	_, err = st.AgentByTokenDigest(t.Context(), secret.Digest(token))
	assert.Error(t, err, "a revoked token no longer authenticates")
}

func TestAgentCommands_FailInOneLine(t *testing.T) {
	cli := adminCLIWithWorld(t, kasAdminWorld)
	_, err := cli.run("agent", "create", "acme/cluster", "prod")
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"bad name":              {[]string{"agent", "create", "acme/cluster", "Prod_1"}, `agent name "Prod_1" may hold only lower-case letters`},
		"unknown project":       {[]string{"agent", "create", "acme/none", "prod"}, `there is no project "acme/none"`},
		"unknown creator":       {[]string{"agent", "create", "acme/cluster", "other", "--created-by", "nobody"}, `there is no user "nobody"`},
		"taken name":            {[]string{"agent", "create", "acme/cluster", "prod"}, `project acme/cluster already has an agent "prod"`},
		"unknown agent":         {[]string{"agent", "issue-token", "acme/cluster", "staging"}, `project acme/cluster has no agent "staging"`},
		"unknown token":         {[]string{"agent", "revoke-token", "99999"}, "there is no unrevoked agent token 99999"},
		"token id not a number": {[]string{"agent", "revoke-token", "abc"}, `token id "abc" is not a number`},
		"no days":               {[]string{"kas-metrics", "show", "--days", "0"}, "--days 0: want 1 or more"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestKASMetricsShow_PrintsTodaysCounters(t *testing.T) {
	cli := adminCLIWithWorld(t, kasAdminWorld)
	out, err := cli.run("kas-metrics", "show")
	require.NoError(t, err)
	assert.Equal(t, "kas reported nothing in the last 7 day(s)\n", out)

	st := cli.store()
	require.NoError(t, st.AddUsageCounts(t.Context(), map[string]int64{"gitops_sync": 4}, map[string][]int64{"agent_users_using_ci_tunnel": {1, 2}}))
	out, err = cli.run("kas-metrics", "show", "--days", "1")
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2, out)
	assert.Regexp(t, `^\d{4}-\d\d-\d\d agent_users_using_ci_tunnel 2 \(distinct ids\)$`, lines[0])
	assert.Regexp(t, `^\d{4}-\d\d-\d\d gitops_sync 4 \(total\)$`, lines[1])
}
