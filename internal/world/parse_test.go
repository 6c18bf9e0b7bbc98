package world_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/world"
)

const (
	rootKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAILkowtWiaWwdlR7jDtKYY5obr+fcfSh3BxHRYBgqBSsv admin@example.com"
	rubiKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGkc/VGhSSV0GB38qj/HkDzdjRxBQeXADQSNUlzsXIex rubi@example.com"
)

// yamlText lets the cases below be indented like the test code; tabs become two spaces.
func yamlText(s string) []byte {
	return []byte(strings.ReplaceAll(strings.TrimPrefix(s, "\n"), "\t", "  "))
}

func TestParse_ReportsEachProblemAtItsFileAndLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		yaml string
		want string
	}{
		{
			name: "syntax error",
			yaml: `
users:
	- username: root
		email: [unclosed
`,
			want: `t.yaml:3: did not find expected ',' or ']'`,
		},
		{
			name: "unknown key",
			yaml: `
users:
	- username: root
		email: root@example.com
		usernme: typo
`,
			want: `t.yaml:4: unknown key "usernme"`,
		},
		{
			name: "unknown top-level key",
			yaml: `
userz: []
`,
			want: `t.yaml:1: unknown key "userz"`,
		},
		{
			name: "wrong type",
			yaml: `
users:
	- id: one
		username: root
		email: root@example.com
`,
			want: "t.yaml:2: want an integer, got !!str `one`",
		},
		{
			name: "dangling user reference",
			yaml: `
users:
	- username: root
		email: root@example.com
groups:
	- full_path: gnuwget
		members:
			- user: rubi
				access: developer
`,
			want: `t.yaml:7: unknown user "rubi"`,
		},
		{
			name: "reference differing only in case",
			yaml: `
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		creator: Root
`,
			want: `t.yaml:6: unknown user "Root" (did you mean "root"?)`,
		},
		{
			name: "bad SSH key",
			yaml: `
users:
	- username: root
		email: root@example.com
		ssh_keys:
			- key: ssh-ed25519 not-base64!
`,
			want: `t.yaml:5: bad SSH key: not an OpenSSH public key`,
		},
		{
			name: "SSH key whose blob is no key of its type",
			yaml: `
users:
	- username: root
		email: root@example.com
		ssh_keys:
			- key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
`,
			want: `t.yaml:5: bad SSH key: not an OpenSSH public key`,
		},
		{
			name: "duplicate username",
			yaml: `
users:
	- username: root
		email: root@example.com
	- username: Root
		email: other@example.com
`,
			want: `t.yaml:4: duplicate username "root" (first at line 2)`,
		},
		{
			name: "duplicate email in another case",
			yaml: `
users:
	- username: root
		email: root@example.com
	- username: rubi
		email: ROOT@example.com
`,
			want: `t.yaml:5: duplicate email "root@example.com" (first at line 3)`,
		},
		{
			name: "duplicate SSH key across users and deploy keys",
			yaml: `
users:
	- username: root
		email: root@example.com
		ssh_keys:
			- key: ` + rootKey + `
deploy_keys:
	- title: deployer
		key: ` + rootKey + `
`,
			want: `t.yaml:8: duplicate SSH key with fingerprint`,
		},
		{
			name: "bad enum value",
			yaml: `
users:
	- username: root
		email: root@example.com
groups:
	- full_path: gnuwget
		members:
			- user: root
				access: admin
`,
			want: `t.yaml:8: unknown access level "admin" (want one of minimal_access, guest, planner, reporter, developer, maintainer, owner)`,
		},
		{
			name: "project whose namespace does not exist",
			yaml: `
projects:
	- full_path: gnuwget/wget2
`,
			want: `t.yaml:2: namespace "gnuwget" is neither a group nor a username declared in this file`,
		},
		{
			name: "subgroup whose parent does not exist",
			yaml: `
groups:
	- full_path: gnuwget/tools
`,
			want: `t.yaml:2: parent group "gnuwget" of "gnuwget/tools" is not declared in this file`,
		},
		{
			name: "unknown deploy key in an access list",
			yaml: `
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		protected_branches:
			- name: main
				push: [maintainer, deploy_key: nobody]
`,
			want: `t.yaml:8: unknown deploy key "nobody"`,
		},
		{
			name: "unknown key in an access entry",
			yaml: `
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		protected_branches:
			- name: main
				push:
					- group: root
`,
			want: `t.yaml:9: unknown key "group"`,
		},
		{
			name: "token without its prefix",
			yaml: `
users:
	- username: root
		email: root@example.com
		personal_access_tokens:
			- name: ci
				token: secret-token-without-prefix
				scopes: [api]
`,
			want: `t.yaml:6: personal access token must start with "glpat-"`,
		},
		{
			name: "group path taken by a personal namespace",
			yaml: `
users:
	- username: root
		email: root@example.com
groups:
	- full_path: root
`,
			want: `t.yaml:5: group "root" has the path of user "root"'s personal namespace`,
		},
		{
			name: "project more visible than its group",
			yaml: `
groups:
	- full_path: gnuwget
projects:
	- full_path: gnuwget/wget2
		visibility: public
`,
			want: `t.yaml:5: a project cannot be public inside the private group "gnuwget"`,
		},
		{
			name: "subscription on a subgroup",
			yaml: `
groups:
	- full_path: top
	- full_path: top/sub
		subscription:
			plan: ultimate
			start_date: 2026-01-01
`,
			want: `t.yaml:5: subscription belongs to top-level groups only`,
		},
		{
			name: "unknown plan",
			yaml: `
groups:
	- full_path: top
		subscription:
			plan: platinum
			start_date: 2026-01-01
`,
			want: `t.yaml:4: unknown plan "platinum"`,
		},
		{
			name: "trial ending before it starts",
			yaml: `
groups:
	- full_path: top
		subscription:
			plan: ultimate_trial
			start_date: 2026-01-10
			trial: true
			trial_ends_on: 2026-01-10
`,
			want: `t.yaml:7: trial_ends_on must be after trial_starts_on`,
		},
		{
			name: "schedule rule without cadence",
			yaml: `
groups:
	- full_path: top
projects:
	- full_path: top/app
		scan_execution_policies:
			- name: nightly
				rules:
					- type: schedule
				actions:
					- scan: container_scanning
`,
			want: `t.yaml:8: a schedule rule needs a cadence`,
		},
		{
			name: "unknown scan",
			yaml: `
groups:
	- full_path: top
projects:
	- full_path: top/app
		scan_execution_policies:
			- name: nightly
				rules:
					- type: pipeline
				actions:
					- scan: fuzzing
`,
			want: `t.yaml:10: action scan "fuzzing" is not one of`,
		},
		{
			name: "second YAML document",
			yaml: `
users: []
---
groups: []
`,
			want: `t.yaml:2: a fixture file holds one YAML document`,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := world.Parse(yamlText(tc.yaml), "t.yaml")
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestParse_CollectsEveryProblemNotOnlyTheFirst(t *testing.T) {
	t.Parallel()
	_, err := world.Parse(yamlText(`
users:
	- username: root
		email: root@example.com
		state: asleep
groups:
	- full_path: gnuwget
		members:
			- user: nobody
				access: developer
projects:
	- full_path: nowhere/wget2
`), "t.yaml")
	require.Error(t, err)

	var lines []int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *world.Error
		require.True(t, errors.As(e, &fe), "every problem is a *world.Error: %v", e)
		assert.Equal(t, "t.yaml", fe.Source)
		lines = append(lines, fe.Line)
	}
	assert.Equal(t, []int{4, 8, 11}, lines)
}

func TestParse_FillsGitLabDefaults(t *testing.T) {
	t.Parallel()
	w, err := world.Parse(yamlText(`
users:
	- username: root
		email: root@example.com
		otp_secret: JBSWY3DPEHPK3PXP
projects:
	- full_path: root/scratch
		protected_branches:
			- name: main
			- name: frozen
				push: []
`), "t.yaml")
	require.NoError(t, err)

	u := w.Users[0]
	assert.Equal(t, "root", u.Name, "name defaults to the username")
	assert.Equal(t, "active", u.State)
	assert.Equal(t, "human", u.UserType)
	assert.True(t, u.Confirmed)
	assert.True(t, u.CanCreateProjects)
	assert.True(t, u.OTPRequired, "an OTP secret turns two-factor authentication on")

	p := w.Projects[0]
	assert.Equal(t, "root", p.Namespace)
	assert.Equal(t, "scratch", p.Name)
	assert.Equal(t, "private", p.Visibility)
	assert.Equal(t, "default", p.RepositoryStorage)
	assert.True(t, p.LFSEnabled)
	assert.Equal(t, world.FeatureEnabled, p.RepositoryAccessLevel)
	maintainers := []world.RefAccess{{Role: world.RefMaintainers}}
	assert.Equal(t, maintainers, p.ProtectedBranches[0].Push, "an absent list means maintainers")
	assert.Equal(t, maintainers, p.ProtectedBranches[0].Unprotect)
	assert.Empty(t, p.ProtectedBranches[1].Push, "an empty list lets no one push")
	assert.Equal(t, maintainers, p.ProtectedBranches[1].Merge)
}

func TestParse_ResolvesDeployKeysByTitleOrID(t *testing.T) {
	t.Parallel()
	w, err := world.Parse(yamlText(`
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		protected_branches:
			- name: main
				push: [deploy_key: 21, deploy_key: rubi@example.com, user: root, no_one]
deploy_keys:
	- id: 21
		title: deployer
		key: `+rootKey+`
	- key: `+rubiKey+`
`), "t.yaml")
	require.NoError(t, err)
	assert.Equal(t, []world.RefAccess{
		{DeployKey: "deployer"},
		{DeployKey: "rubi@example.com"}, // a key's title defaults to its comment
		{User: "root"},
		{Role: world.RefNoOne},
	}, w.Projects[0].ProtectedBranches[0].Push)
}

func TestParse_ListsParentGroupsBeforeSubgroups(t *testing.T) {
	t.Parallel()
	w, err := world.Parse(yamlText(`
groups:
	- full_path: a/b/c
	- full_path: a/b
	- full_path: a
`), "t.yaml")
	require.NoError(t, err)
	var paths []string
	for _, g := range w.Groups {
		paths = append(paths, g.FullPath)
	}
	assert.Equal(t, []string{"a", "a/b", "a/b/c"}, paths)
	assert.Equal(t, "a/b", w.Groups[2].Parent)
	assert.Equal(t, "c", w.Groups[2].Path)
}

func TestParse_EmptyFileIsAnEmptyWorld(t *testing.T) {
	t.Parallel()
	w, err := world.Parse(nil, "empty.yaml")
	require.NoError(t, err)
	assert.Empty(t, w.Users)
}
