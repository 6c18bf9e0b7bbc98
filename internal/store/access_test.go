package store_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

const accessWorld = `
users:
  - id: 7
    username: alice
    email: alice@example.com
    ssh_keys:
      - {id: 31, key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBh+34pp6reGKgevHI7PdVOfrToulO9nOBcyP/yvcdqm alice}
      - {id: 32, key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFS1SNiSSJi5t7GqmYz/51W3FINtSp6bY/2dWEWo3qIW signing, usage_type: signing}
  - id: 8
    username: bob
    email: bob@example.com
groups:
  - full_path: acme
    members: [{user: alice, access: developer}]
projects:
  - id: 5
    full_path: acme/app
    redirect_routes: [acme/old-app]
deploy_keys:
  - id: 41
    title: ci
    user: alice
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAkb+ZwNQeTYkfc5ZJvskXlP37qE8OyM6ELuIg+k8qRi ci
    projects: [{project: acme/app, can_push: true}]
  - id: 42
    title: orphan
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIA/Ew4uq2PWrqINqQgCaTnpm8XAexjOZQc9zL8xo3VZX orphan
    projects: [{project: acme/app}]
`

// GetProjectAccess names its actor in SQL, from the request's own parameters, so that
// /internal/allowed waits for the database once. It must stand for the same user that
// actor.Resolve finds, for every way GitLab Shell and Gitaly name one.
func TestProjectAccess_StandsForTheUserActorResolveFinds(t *testing.T) {
	st := pgtest.Store(t)
	w, err := world.Parse([]byte(accessWorld), t.Name())
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))

	id := func(n int64) *int64 { return &n }
	text := func(s string) *string { return &s }
	cases := []struct {
		name             string
		params           actor.Params
		wantUser         string // "" for anonymous
		wantAccess       int32
		wantDeployLinked bool
		wantDeployPush   bool
	}{
		{"a user's key", actor.Params{KeyID: id(31)}, "alice", 30, false, false},
		{"a signing-only key authenticates nobody", actor.Params{KeyID: id(32)}, "", 0, false, false},
		{"an unknown key", actor.Params{KeyID: id(999)}, "", 0, false, false},
		{"an unknown key wins over the user_id beside it", actor.Params{KeyID: id(999), UserID: id(7)}, "", 0, false, false},
		{"a deploy key stands for its creator", actor.Params{KeyID: id(41)}, "alice", 30, true, true},
		{"a deploy key whose creator is gone", actor.Params{KeyID: id(42)}, "", 0, true, false},
		{"a user id", actor.Params{UserID: id(7)}, "alice", 30, false, false},
		{"a username in another case", actor.Params{Username: text("ALICE")}, "alice", 30, false, false},
		{"a user without membership", actor.Params{Username: text("bob")}, "bob", 0, false, false},
		{"identifier key-<id>", actor.Params{Identifier: text("key-41")}, "alice", 30, true, true},
		{"identifier user-<id>", actor.Params{Identifier: text("user-7")}, "alice", 30, false, false},
		{"a malformed identifier", actor.Params{Identifier: text("user-seven")}, "", 0, false, false},
		{"nobody", actor.Params{}, "", 0, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			who, err := actor.Resolve(t.Context(), st, tc.params)
			require.NoError(t, err)
			var username string
			if who.User != nil {
				username = who.User.Username
			}
			assert.Equal(t, tc.wantUser, username, "actor.Resolve")

			e := tc.params.Effective()
			pa, err := st.ProjectAccessByPath(t.Context(), "acme/app", store.Accessor{KeyID: e.KeyID, UserID: e.UserID, Username: e.Username})
			require.NoError(t, err)
			assert.Equal(t, tc.wantAccess, pa.AccessLevel)
			assert.Equal(t, tc.wantDeployLinked, pa.DeployKeyLinked)
			assert.Equal(t, tc.wantDeployPush, pa.DeployKeyCanPush)
		})
	}

	t.Run("the project by id, by path and by an old path", func(t *testing.T) {
		alice := store.Accessor{UserID: id(7)}
		byID, err := st.ProjectAccessByID(t.Context(), 5, alice)
		require.NoError(t, err)
		assert.Equal(t, "acme/app", byID.Project.FullPath)
		assert.False(t, byID.Redirected)
		assert.Equal(t, int32(30), byID.AccessLevel)

		byOldPath, err := st.ProjectAccessByPath(t.Context(), "ACME/old-app", alice)
		require.NoError(t, err)
		assert.Equal(t, int64(5), byOldPath.Project.ID)
		assert.True(t, byOldPath.Redirected)
		assert.Equal(t, byID.RootNamespaceID, byOldPath.RootNamespaceID)

		_, err = st.ProjectAccessByPath(t.Context(), "acme/nothing", alice)
		assert.ErrorIs(t, err, store.ErrNotFound)
		_, err = st.ProjectAccessByID(t.Context(), 999, alice)
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}
