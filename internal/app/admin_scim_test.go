package app

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/world"
)

const scimAdminWorld = `
users:
  - username: ada
    name: Ada Lovelace
    email: ada@example.com
groups:
  - full_path: acme
    name: Acme Corp
    members:
      - user: ada
        access: developer
  - full_path: plain
`

func scimAdminCLI(t *testing.T) adminCLI { return adminCLIWithWorld(t, scimAdminWorld) }

func TestSAMLCommands_EnableAndDisableAGroupsSAMLProvider(t *testing.T) {
	cli := scimAdminCLI(t)
	out, err := cli.run("saml", "enable", "acme", "--sso-url", "https://idp.example.com/sso", "--default-role", "developer")
	require.NoError(t, err)
	assert.Equal(t, "enabled group SAML for acme (default role developer)\n", out)
	g, err := cli.store().SCIMGroup(t.Context(), "acme")
	require.NoError(t, err)
	require.NotNil(t, g.SAMLProviderID)
	assert.True(t, g.SAMLEnabled)
	assert.Equal(t, int32(30), g.DefaultRole)

	out, err = cli.run("saml", "disable", "acme")
	require.NoError(t, err)
	assert.Contains(t, out, "disabled group SAML for acme")
	g, _ = cli.store().SCIMGroup(t.Context(), "acme")
	assert.False(t, g.SAMLEnabled)

	// Enabling again keeps the role; a new provider starts as guest.
	out, err = cli.run("saml", "enable", "ACME")
	require.NoError(t, err)
	assert.Equal(t, "enabled group SAML for acme (default role developer)\n", out)
	out, err = cli.run("saml", "enable", "plain")
	require.NoError(t, err)
	assert.Equal(t, "enabled group SAML for plain (default role guest)\n", out)
}

func TestSCIMTokenCreate_PrintsATokenOnceAndReplacesTheOldOne(t *testing.T) {
	cli := scimAdminCLI(t)
	tokenOf := func(out string) string {
		t.Helper()
		lines := strings.Split(out, "\n")
		require.True(t, strings.HasPrefix(lines[0], "glsoat-"), out)
		assert.Equal(t, "# SCIM token of acme for /api/scim/v2/groups/acme; shown once, stored only as a digest; the previous token no longer works", lines[1])
		return lines[0]
	}
	out, err := cli.run("scim-token", "create", "acme")
	require.NoError(t, err)
	first := tokenOf(out)
	g, err := cli.store().SCIMGroup(t.Context(), "acme")
	require.NoError(t, err)
	owner, err := cli.store().SCIMTokenGroup(t.Context(), secret.Digest(first), "acme")
	require.NoError(t, err)
	assert.Equal(t, g.ID, owner)

	out, err = cli.run("scim-token", "create", "acme")
	require.NoError(t, err)
	second := tokenOf(out)
	assert.NotEqual(t, first, second)
	_, err = cli.store().SCIMTokenGroup(t.Context(), secret.Digest(first), "acme")
	assert.ErrorIs(t, err, store.ErrNotFound, "the old token still works")
	_, err = cli.store().SCIMTokenGroup(t.Context(), secret.Digest(second), "acme")
	assert.NoError(t, err)
}

func TestSCIMIdentityList_ShowsTheGroupsIdentities(t *testing.T) {
	cli := scimAdminCLI(t)
	_, err := cli.run("saml", "enable", "acme")
	require.NoError(t, err)
	out, err := cli.run("scim", "identity", "list", "acme")
	require.NoError(t, err)
	assert.Equal(t, "EXTERN_UID  USERNAME  EMAIL  ACTIVE  MEMBER\n", out)

	withIdentity := strings.Replace(scimAdminWorld, "        access: developer\n",
		"        access: developer\n    saml:\n      identities:\n        - {user: ada, extern_uid: ada-uid}\n", 1)
	w, err := world.Parse([]byte(withIdentity), "test")
	require.NoError(t, err)
	require.NoError(t, cli.store().ApplyWorld(t.Context(), w))
	out, err = cli.run("scim", "identity", "list", "acme")
	require.NoError(t, err)
	assert.Equal(t, "EXTERN_UID  USERNAME  EMAIL            ACTIVE  MEMBER\nada-uid     ada       ada@example.com  true    true\n", out)
}

func TestSCIMCommands_RefuseBadInputInOneLine(t *testing.T) {
	cli := scimAdminCLI(t)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"enable an unknown group":          {[]string{"saml", "enable", "nope"}, `there is no group "nope"`},
		"enable with an unknown role":      {[]string{"saml", "enable", "acme", "--default-role", "boss"}, `default role "boss" is not one of minimal_access, guest, planner, reporter, developer, maintainer, owner`},
		"enable with a bad SSO URL":        {[]string{"saml", "enable", "acme", "--sso-url", "idp.example.com"}, `SSO URL "idp.example.com" is not an http(s) URL`},
		"disable a group without provider": {[]string{"saml", "disable", "plain"}, "group plain has no SAML provider"},
		"token for an unknown group":       {[]string{"scim-token", "create", "nope"}, `there is no group "nope"`},
		"identities without provider":      {[]string{"scim", "identity", "list", "plain"}, "group plain has no SAML provider"},
		"unknown identity action":          {[]string{"scim", "identity", "show", "acme"}, `unknown action "show" for glia scim identity`},
		"missing group":                    {[]string{"scim-token", "create"}, "glia scim-token create takes 1 argument(s), got 0"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}
