package app

import (
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/store"
)

const gitAdminWorld = `
users:
  - username: ada
    email: ada@example.com
  - username: bob
    email: bob@example.com
    ssh_keys:
      - key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChQljbibdTg8VGzFyb8ARRLVYSfCcpRllUSMqZ/o9Dm bob@laptop
groups:
  - full_path: acme
projects:
  - full_path: acme/app
    members:
      - user: ada
        access: developer
  - full_path: acme/lib
`

func gitAdminCLI(t *testing.T) (adminCLI, *store.Store, int64) {
	cli := adminCLIWithWorld(t, gitAdminWorld)
	st := cli.store()
	p, _, err := st.ProjectByPath(t.Context(), "acme/app")
	require.NoError(t, err)
	return cli, st, p.ID
}

func TestProtectedBranchCommands_AddReplaceAndRemoveARuleWithItsAccessLists(t *testing.T) {
	cli, st, projectID := gitAdminCLI(t)
	out, err := cli.run("protected-branch", "add", "acme/app", "release/*", "--push", "developer,user:ada", "--merge", "", "--allow-force-push")
	require.NoError(t, err)
	assert.Equal(t, "protected branch release/* of acme/app\n", out)

	branches, _, err := st.ProtectedRefs(t.Context(), projectID)
	require.NoError(t, err)
	require.Len(t, branches, 1)
	rule := branches[0]
	assert.Equal(t, "release/*", rule.Name)
	assert.True(t, rule.AllowForcePush)
	var push, merge, unprotect int
	for _, l := range rule.Levels {
		switch l.Action {
		case "push":
			push++
		case "merge":
			merge++
		case "unprotect":
			unprotect++
			require.NotNil(t, l.Role, "unprotect left out defaults to maintainers")
			assert.Equal(t, int32(40), *l.Role)
		}
	}
	assert.Equal(t, 2, push, "a role and a user")
	assert.Zero(t, merge, "an empty list lets no one merge")
	assert.Equal(t, 1, unprotect)

	// Protecting the same name again replaces the rule instead of adding a second one.
	_, err = cli.run("protected-branch", "add", "acme/app", "release/*")
	require.NoError(t, err)
	branches, _, _ = st.ProtectedRefs(t.Context(), projectID)
	require.Len(t, branches, 1)
	assert.False(t, branches[0].AllowForcePush)
	assert.Len(t, branches[0].Levels, 3, "maintainers for push, merge and unprotect")

	out, err = cli.run("protected-branch", "remove", "acme/app", "release/*")
	require.NoError(t, err)
	assert.Equal(t, "unprotected branch release/* of acme/app\n", out)
	branches, _, _ = st.ProtectedRefs(t.Context(), projectID)
	assert.Empty(t, branches)
}

func TestProtectedTagCommands_AddAndRemoveATagRule(t *testing.T) {
	cli, st, projectID := gitAdminCLI(t)
	_, err := cli.run("protected-tag", "add", "acme/app", "v*", "--create", "no_one")
	require.NoError(t, err)
	_, tags, err := st.ProtectedRefs(t.Context(), projectID)
	require.NoError(t, err)
	require.Len(t, tags, 1)
	require.Len(t, tags[0].Levels, 1)
	assert.Equal(t, int32(0), *tags[0].Levels[0].Role)

	_, err = cli.run("protected-tag", "remove", "acme/app", "v*")
	require.NoError(t, err)
	_, tags, _ = st.ProtectedRefs(t.Context(), projectID)
	assert.Empty(t, tags)
}

func TestProtectedRefCommands_NameWhatTheyCouldNotFind(t *testing.T) {
	cli, _, _ := gitAdminCLI(t)
	cases := map[string]struct {
		args []string
		want string
	}{
		"unknown project":        {[]string{"protected-branch", "add", "acme/nope", "main"}, `there is no project "acme/nope"`},
		"unknown user in a list": {[]string{"protected-branch", "add", "acme/app", "main", "--push", "user:zed"}, `there is no user "zed"`},
		"unknown deploy key":     {[]string{"protected-tag", "add", "acme/app", "v*", "--create", "deploy_key:ci"}, `0 deploy keys are titled "ci"`},
		"unknown role":           {[]string{"protected-branch", "add", "acme/app", "main", "--push", "owner"}, `owner`},
		"rule that is not there": {[]string{"protected-branch", "remove", "acme/app", "main"}, `there is no protected branch "main"`},
		"pattern with a space":   {[]string{"protected-tag", "add", "acme/app", "v 1"}, `is not a branch or tag name or pattern`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(c.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestDeployKeyCommands_EnableAKeyOnProjectsAndListItOnAProtectedBranch(t *testing.T) {
	cli, st, appID := gitAdminCLI(t)
	const line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDYDwf/GP7/0Mx0x7KAyBCmrVKTfuakJuS8htuUCbjBN ci@runner"
	out, err := cli.run("deploy-key", "add", "acme/app", line, "--can-push")
	require.NoError(t, err)
	m := regexp.MustCompile(`^deploy key (\d+) enabled on acme/app, read-write \(key_id=\d+, authorized_keys line key-\d+\)\n$`).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	keyID, _ := strconv.ParseInt(m[1], 10, 64)

	access, err := st.ProjectAccessByID(t.Context(), appID, store.Accessor{KeyID: &keyID})
	require.NoError(t, err)
	assert.True(t, access.DeployKeyLinked)
	assert.True(t, access.DeployKeyCanPush)

	// The same key enabled on a second project is the same key, read-only there.
	out, err = cli.run("deploy-key", "add", "acme/lib", line)
	require.NoError(t, err)
	assert.Contains(t, out, "deploy key "+m[1]+" enabled on acme/lib, read-only")

	// Its title is the key's comment, which protected-ref lists refer to.
	_, err = cli.run("protected-branch", "add", "acme/app", "main", "--push", "deploy_key:ci@runner")
	require.NoError(t, err)
	branches, _, _ := st.ProtectedRefs(t.Context(), appID)
	require.Len(t, branches, 1)
	var listed bool
	for _, l := range branches[0].Levels {
		listed = listed || (l.Action == "push" && l.DeployKeyID != nil && *l.DeployKeyID == keyID)
	}
	assert.True(t, listed)

	_, err = cli.run("deploy-key", "remove", "acme/app", m[1])
	require.NoError(t, err)
	access, _ = st.ProjectAccessByID(t.Context(), appID, store.Accessor{KeyID: &keyID})
	assert.False(t, access.DeployKeyLinked)
	_, err = cli.run("deploy-key", "remove", "acme/app", m[1])
	assert.ErrorContains(t, err, "there is no deploy key "+m[1]+" on the project")
}

func TestDeployKeyAdd_RefusesAUsersKeyAndAMalformedLine(t *testing.T) {
	cli, _, _ := gitAdminCLI(t)
	_, err := cli.run("deploy-key", "add", "acme/app", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChQljbibdTg8VGzFyb8ARRLVYSfCcpRllUSMqZ/o9Dm other")
	assert.ErrorContains(t, err, "this key is a user's SSH key")
	_, err = cli.run("deploy-key", "add", "acme/app", "not a key")
	assert.ErrorContains(t, err, "is not an OpenSSH public key line")
}

func TestRedirectCommands_AnOldPathLeadsToTheProjectUntilRemoved(t *testing.T) {
	cli, st, appID := gitAdminCLI(t)
	out, err := cli.run("redirect", "add", "acme/old-app", "acme/app")
	require.NoError(t, err)
	assert.Equal(t, "acme/old-app now leads to acme/app\n", out)
	p, redirected, err := st.ProjectByPath(t.Context(), "acme/old-app")
	require.NoError(t, err)
	assert.Equal(t, appID, p.ID)
	assert.True(t, redirected)

	_, err = cli.run("redirect", "add", "acme/lib", "acme/app")
	assert.ErrorContains(t, err, `a project lives at "acme/lib"`)

	_, err = cli.run("redirect", "remove", "acme/old-app")
	require.NoError(t, err)
	_, _, err = st.ProjectByPath(t.Context(), "acme/old-app")
	assert.ErrorIs(t, err, store.ErrNotFound)
	_, err = cli.run("redirect", "remove", "acme/old-app")
	assert.ErrorContains(t, err, `there is no redirect route "acme/old-app"`)
}

func TestHookCommands_AddUpdateListAndRemoveAProjectWebhook(t *testing.T) {
	cli, _, _ := gitAdminCLI(t)
	_, err := cli.run("hook", "add", "acme/app", "https://ci.example.com/hook", "--token", "s3cret")
	require.NoError(t, err)
	out, err := cli.run("hook", "add", "acme/app", "https://ci.example.com/hook", "--push-events=false", "--tag-push-events")
	require.NoError(t, err)
	assert.Equal(t, "hook https://ci.example.com/hook of acme/app: push events false, tag push events true\n", out)

	out, err = cli.run("hook", "list", "acme/app")
	require.NoError(t, err)
	assert.Regexp(t, `^\d+\thttps://ci.example.com/hook\tpush events false\ttag push events true\n$`, out,
		"adding the same URL again updates the hook; the token is never printed")

	_, err = cli.run("hook", "add", "acme/app", "ftp://ci.example.com/")
	assert.Error(t, err)

	_, err = cli.run("hook", "remove", "acme/app", "https://ci.example.com/hook")
	require.NoError(t, err)
	out, err = cli.run("hook", "list", "acme/app")
	require.NoError(t, err)
	assert.Empty(t, out)
	_, err = cli.run("hook", "remove", "acme/app", "https://ci.example.com/hook")
	assert.ErrorContains(t, err, `there is no hook "https://ci.example.com/hook"`)
}
