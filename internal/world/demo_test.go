package world_test

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/world"
)

func TestDemo_Parses(t *testing.T) {
	t.Parallel()
	require.NotPanics(t, func() { world.Demo() })
}

// The seed document's examples name these entities by id; the demo world must hold them all.
func TestDemo_HoldsEveryEntityTheSeedExamplesName(t *testing.T) {
	t.Parallel()
	w := world.Demo()

	users := map[int64]world.User{}
	keys := map[int64]world.SSHKey{}
	for _, u := range w.Users {
		users[u.ID] = u
		for _, k := range u.SSHKeys {
			keys[k.ID] = k
		}
	}
	require.Contains(t, users, int64(1))
	assert.Equal(t, "root", users[1].Username)
	assert.Equal(t, "Administrator", users[1].Name)
	assert.Equal(t, "admin@example.com", users[1].Email)
	assert.True(t, users[1].Admin)
	require.Contains(t, keys, int64(11))
	assert.Equal(t, "admin@example.com", keys[11].Title)

	require.Contains(t, users, int64(7))
	assert.Equal(t, "rubi", users[7].Username)
	assert.Equal(t, "Dede Eichmann", users[7].Name)
	assert.NotEmpty(t, users[7].OTPSecret)
	assert.True(t, users[7].OTPRequired)
	require.Contains(t, keys, int64(7))

	require.Contains(t, users, int64(29))

	projects := map[int64]world.Project{}
	for _, p := range w.Projects {
		projects[p.ID] = p
	}
	wget2 := projects[3]
	assert.Equal(t, "gnuwget/wget2", wget2.FullPath)
	assert.Equal(t, "public", wget2.Visibility)
	assert.Equal(t, "main", wget2.DefaultBranch)
	assert.True(t, wget2.LFSEnabled)
	require.NotEmpty(t, wget2.ProtectedBranches)
	assert.Equal(t, "main", wget2.ProtectedBranches[0].Name)
	assert.Contains(t, wget2.ProtectedBranches[0].Push, world.RefAccess{Role: world.RefMaintainers})
	assert.Contains(t, wget2.Members, world.Member{User: "rubi", Access: world.Developer})
	require.NotEmpty(t, wget2.Agents)
	assert.Equal(t, int64(1), wget2.Agents[0].ID)

	assert.Equal(t, "private", projects[7].Visibility)
	assert.Contains(t, projects[7].Members, world.Member{User: "rubi", Access: world.Developer})

	assert.True(t, projects[111].ErrorTrackingEnabled)
	assert.Contains(t, projects[111].ErrorTrackingClientKeys,
		world.ErrorTrackingClientKey{PublicKey: "generated-error-tracking-key", Active: true})

	groups := map[int64]world.Group{}
	byPath := map[string]world.Group{}
	for _, g := range w.Groups {
		groups[g.ID] = g
		byPath[g.FullPath] = g
	}
	for _, id := range []int64{22, 123, 127, 129, 321, 1234} {
		assert.Contains(t, groups, id)
	}
	assert.Equal(t, "gnuwget", groups[22].FullPath)
	assert.Contains(t, groups[22].Members, world.Member{User: "root", Access: world.Owner})
	for _, id := range []int64{123, 321} {
		assert.Empty(t, groups[id].Parent, "group %d is top-level", id)
		assert.Contains(t, groups[id].Members, world.Member{User: "root", Access: world.Owner})
	}
	require.NotEmpty(t, w.UpcomingReconciliations)
	assert.Equal(t, groups[22].FullPath, w.UpcomingReconciliations[0].Namespace)

	testGroup := byPath["test_group"]
	require.NotNil(t, testGroup.SAML)
	assert.True(t, testGroup.SAML.Enabled)
	assert.Equal(t, world.Guest, testGroup.SAML.DefaultRole)
	require.NotEmpty(t, testGroup.SAML.Identities)
	assert.Equal(t, "0b1d561c-21ff-4092-beab-8154b17f82f2", testGroup.SAML.Identities[0].ExternUID)

	canPush := map[bool]bool{}
	for _, k := range w.DeployKeys {
		for _, p := range k.Projects {
			if p.Project == "gnuwget/wget2" {
				canPush[p.CanPush] = true
			}
		}
	}
	assert.Equal(t, map[bool]bool{true: true, false: true}, canPush, "a write and a read-only deploy key on project 3")
}

func TestDemo_CredentialsNameTheDemoSecrets(t *testing.T) {
	t.Parallel()
	c := world.Demo().Credentials()
	assert.Equal(t, "glpat-glia-demo-admin-token-0000", c.AdminToken)
	assert.Equal(t, map[string]string{
		"gnuwget/wget2:demo-agent": "glagent-glia-demo-agent-token-000000000",
		"gnuwget/wget:wget-agent":  "glagent-glia-demo-wget-agent-token-0000",
		"rubi/notes:notes-agent":   "glagent-glia-demo-notes-agent-token-000",
	}, c.AgentTokens)
	assert.Equal(t, map[string]string{"test_group": "glsoat-glia-demo-scim-token-00000000000"}, c.SCIMTokens)
	assert.Contains(t, c.SSHPublicKeys[11], "admin@example.com")
	assert.Contains(t, c.SSHPublicKeys[7], "rubi@example.com")
}

// FORMAT.md goes into the README; its example must stay a valid file.
func TestFormatDoc_ExampleParses(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("FORMAT.md")
	require.NoError(t, err)
	blocks := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllSubmatch(doc, -1)
	require.NotEmpty(t, blocks)
	for _, b := range blocks {
		_, err := world.Parse(b[1], "FORMAT.md example")
		require.NoError(t, err)
	}
}
