package store_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/secret"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

func parseWorld(t *testing.T, text string) *world.World {
	t.Helper()
	w, err := world.Parse([]byte(strings.ReplaceAll(strings.TrimPrefix(text, "\n"), "\t", "  ")), t.Name())
	require.NoError(t, err)
	return w
}

// snapshot is every table's row count and a digest of its rows (all columns, timestamps
// included), so that two snapshots differ exactly when some table's content does.
func snapshot(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := t.Context()
	rows, err := pool.Query(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'goose%'`)
	require.NoError(t, err)
	tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
	require.NoError(t, err)
	require.NotEmpty(t, tables)

	snap := map[string]string{}
	for _, table := range tables {
		var count int64
		var digest string
		err := pool.QueryRow(ctx, fmt.Sprintf(
			`SELECT count(*), coalesce(md5(string_agg(t::text, E'\n' ORDER BY t::text)), '') FROM %s t`,
			pgx.Identifier{table}.Sanitize())).Scan(&count, &digest)
		require.NoError(t, err)
		snap[table] = fmt.Sprintf("%d rows, %s", count, digest)
	}
	return snap
}

func TestApplyWorld_DemoTwiceLeavesEveryTableUnchanged(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)

	require.NoError(t, s.ApplyWorld(t.Context(), world.Demo()))
	first := snapshot(t, pool)
	require.NoError(t, s.ApplyWorld(t.Context(), world.Demo()))
	assert.Equal(t, first, snapshot(t, pool))

	for _, table := range []string{"users", "namespaces", "projects", "keys", "deploy_keys_projects",
		"members", "protected_branches", "protected_branch_access_levels", "protected_tags",
		"protected_tag_create_access_levels", "personal_access_tokens", "error_tracking_client_keys",
		"cluster_agents", "cluster_agent_tokens", "saml_providers", "scim_tokens", "identities",
		"upcoming_reconciliations", "redirect_routes"} {
		assert.NotContains(t, first[table], "0 rows", "the demo world fills %s", table)
	}
}

func TestApplyWorld_WritesTheSeedIDsDerivedColumnsAndOnlyTokenDigests(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	require.NoError(t, store.New(pool).ApplyWorld(t.Context(), world.Demo()))
	ctx := t.Context()

	cases := []struct {
		name  string
		query string
		want  string
	}{
		{"user 1 is root", `SELECT username || ' ' || admin FROM users WHERE id = 1`, "root true"},
		{"key 11 is root's", `SELECT u.username FROM keys k JOIN users u ON u.id = k.user_id WHERE k.id = 11`, "root"},
		{"key 7 is rubi's", `SELECT u.username FROM keys k JOIN users u ON u.id = k.user_id WHERE k.id = 7`, "rubi"},
		{"personal namespace", `SELECT kind || ' ' || full_path || ' ' || owner_id FROM namespaces WHERE id = 7`, "user rubi 7"},
		{"subgroup full path and parent", `SELECT full_path FROM namespaces WHERE parent_id = 22`, "gnuwget/infrastructure"},
		{
			"project 3's hashed storage path, as in the seed's /allowed example",
			`SELECT disk_path FROM projects WHERE id = 3`,
			"@hashed/4e/07/4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce",
		},
		{"personal project", `SELECT n.full_path FROM projects p JOIN namespaces n ON n.id = p.namespace_id WHERE p.full_path = 'rubi/notes'`, "rubi"},
		{
			"protected main of project 3: maintainers and the write deploy key push",
			`SELECT string_agg(a.action || ':' || coalesce(a.access_level::text, 'key ' || a.deploy_key_id), ',' ORDER BY a.action, a.id)
			 FROM protected_branch_access_levels a JOIN protected_branches b ON b.id = a.protected_branch_id
			 WHERE b.project_id = 3 AND b.name = 'main'`,
			"merge:40,push:40,push:key 21,unprotect:40",
		},
		{"PAT digest", `SELECT token_digest FROM personal_access_tokens WHERE user_id = 1`, secret.Digest("glpat-glia-demo-admin-token-0000")},
		{"agent token digest", `SELECT token_digest FROM cluster_agent_tokens WHERE agent_id = 1`, secret.Digest("glagent-glia-demo-agent-token-000000000")},
		{
			"SCIM token digest",
			`SELECT s.token_digest FROM scim_tokens s JOIN namespaces n ON n.id = s.group_id WHERE n.full_path = 'test_group'`,
			secret.Digest("glsoat-glia-demo-scim-token-00000000000"),
		},
		{"upcoming reconciliation of namespace 22", `SELECT next_reconciliation_date::text FROM upcoming_reconciliations WHERE namespace_id = 22`, "2030-06-13"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			require.NoError(t, pool.QueryRow(ctx, tc.query).Scan(&got))
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestApplyWorld_ConflictWithExistingRowsWritesNothing(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	require.NoError(t, s.ApplyWorld(t.Context(), parseWorld(t, `
users:
	- username: alice
		email: alice@example.com
`)))
	before := snapshot(t, pool)

	// Valid on its own, but bob's email is alice's in another case, which only the database
	// can see; everything written before bob (carol) must be rolled back too.
	err := s.ApplyWorld(t.Context(), parseWorld(t, `
users:
	- username: carol
		email: carol@example.com
	- username: bob
		email: ALICE@example.com
groups:
	- full_path: newgroup
		members: [{user: bob, access: owner}]
projects:
	- full_path: newgroup/newproject
`))
	require.ErrorIs(t, err, store.ErrConflict)
	assert.Contains(t, err.Error(), `user "bob"`)
	assert.Equal(t, before, snapshot(t, pool))
}

func TestApplyWorld_MovesSequencesPastPinnedIDs(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	require.NoError(t, store.New(pool).ApplyWorld(t.Context(), world.Demo()))
	ctx := t.Context()

	var userID, namespaceID, keyID int64
	require.NoError(t, pool.QueryRow(ctx,
		`INSERT INTO users (username, email) VALUES ('newcomer', 'newcomer@example.com') RETURNING id`).Scan(&userID))
	assert.Greater(t, userID, int64(29))
	require.NoError(t, pool.QueryRow(ctx,
		`INSERT INTO namespaces (kind, name, path, full_path) VALUES ('group', 'g', 'g', 'g') RETURNING id`).Scan(&namespaceID))
	assert.Greater(t, namespaceID, int64(1234))
	require.NoError(t, pool.QueryRow(ctx,
		`INSERT INTO keys (kind, key, key_type, fingerprint_sha256) VALUES ('deploy', 'k', 't', 'f') RETURNING id`).Scan(&keyID))
	assert.Greater(t, keyID, int64(22))
}

func TestApplyWorld_AutoAssignedIDsNeverTakeAnIDTheFilePins(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	// On an empty database the users' personal namespaces would get ids 1 and 2 if the
	// sequence were not moved first; the groups written after them pin exactly those.
	w := parseWorld(t, `
users:
	- username: alice
		email: alice@example.com
	- username: bob
		email: bob@example.com
groups:
	- id: 1
		full_path: one
	- id: 2
		full_path: two
`)
	require.NoError(t, store.New(pool).ApplyWorld(t.Context(), w))

	assert.Equal(t, []int64{3, 4}, ids(t, pool, `SELECT id FROM namespaces WHERE kind = 'user' ORDER BY id`))
	assert.Equal(t, []int64{1, 2}, ids(t, pool, `SELECT id FROM users ORDER BY id`), "no id is skipped")
}

func ids(t *testing.T, pool *pgxpool.Pool, query string) []int64 {
	t.Helper()
	rows, err := pool.Query(t.Context(), query)
	require.NoError(t, err)
	got, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	require.NoError(t, err)
	return got
}

func TestApplyWorld_UpdatesMentionedRowsAndLeavesOthersAlone(t *testing.T) {
	t.Parallel()
	pool := pgtest.Pool(t)
	s := store.New(pool)
	ctx := t.Context()
	require.NoError(t, s.ApplyWorld(ctx, world.Demo()))

	require.NoError(t, s.ApplyWorld(ctx, parseWorld(t, `
users:
	- id: 7
		username: rubi
		name: Rubi Renamed
		email: rubi@example.com
	- username: root
		email: admin@example.com
		admin: true
groups:
	- full_path: gnuwget
		visibility: public
projects:
	- full_path: gnuwget/wget2
		visibility: public
		protected_branches:
			- name: main
				push: [user: rubi]
`)))

	var name, rootName string
	require.NoError(t, pool.QueryRow(ctx, `SELECT name FROM users WHERE id = 7`).Scan(&name))
	assert.Equal(t, "Rubi Renamed", name)
	require.NoError(t, pool.QueryRow(ctx, `SELECT name FROM users WHERE id = 1`).Scan(&rootName))
	assert.Equal(t, "root", rootName, "a user matched by username takes the file's values")

	var users, keys int
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM users`).Scan(&users))
	require.NoError(t, pool.QueryRow(ctx, `SELECT count(*) FROM keys`).Scan(&keys))
	assert.Equal(t, len(world.Demo().Users), users, "users the file leaves out stay")
	assert.Equal(t, 4, keys, "keys the file leaves out stay")

	var push string
	require.NoError(t, pool.QueryRow(ctx, `
		SELECT string_agg(a.action || ':' || coalesce(a.access_level::text, 'user ' || a.user_id), ',' ORDER BY a.action)
		FROM protected_branch_access_levels a JOIN protected_branches b ON b.id = a.protected_branch_id
		WHERE b.project_id = 3 AND b.name = 'main'`).Scan(&push))
	assert.Equal(t, "merge:40,push:user 7,unprotect:40", push, "a declared branch's access lists become the file's")
}

func TestApplyWorld_PinningAnExistingUserToAnotherIDIsAConflict(t *testing.T) {
	t.Parallel()
	s := pgtest.Store(t)
	ctx := t.Context()
	require.NoError(t, s.ApplyWorld(ctx, parseWorld(t, `
users:
	- id: 5
		username: alice
		email: alice@example.com
`)))
	// Row 6 would be a second alice: ids are not renumbered.
	err := s.ApplyWorld(ctx, parseWorld(t, `
users:
	- id: 6
		username: alice
		email: alice2@example.com
`))
	require.ErrorIs(t, err, store.ErrConflict, "alice exists with another id")
}

// Replicas started with --demo at the same moment, or parallel `glia load`s, must all succeed
// and leave what one load leaves.
func TestApplyWorld_ParallelLoadsOfTheSameWorldAllSucceedAndAgree(t *testing.T) {
	t.Parallel()
	counts := func(snap map[string]string) map[string]string {
		out := map[string]string{}
		for table, state := range snap {
			out[table] = strings.SplitN(state, ",", 2)[0]
		}
		return out
	}
	once := pgtest.Pool(t)
	require.NoError(t, store.New(once).ApplyWorld(t.Context(), world.Demo()))

	pool := pgtest.Pool(t)
	s := store.New(pool)
	errs := make(chan error, 4)
	for range 4 {
		go func() { errs <- s.ApplyWorld(t.Context(), world.Demo()) }()
	}
	for range 4 {
		assert.NoError(t, <-errs)
	}
	assert.Equal(t, counts(snapshot(t, once)), counts(snapshot(t, pool)))
}
