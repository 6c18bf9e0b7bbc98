package lfs_test

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/actor"
	"github.com/glia-dev/glia/internal/lfs"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/world"
)

var keyBase = []byte("lfs-test-key-base-0123456789abcdef")

const lfsWorld = `
users:
  - id: 1
    username: root
    email: root@example.com
  - id: 2
    username: robot
    email: robot@example.com
    user_type: bot
    password_expires_at: 2000-01-01T00:00:00Z
deploy_keys:
  - id: 21
    title: deployer
    user: root
    key: ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIChQljbibdTg8VGzFyb8ARRLVYSfCcpRllUSMqZ/o9Dm deployer
`

// fixture is a database holding lfsWorld, and a way to change it behind the store's back.
type fixture struct {
	exec  func(t *testing.T, sql string, args ...any)
	store *store.Store
	root  lfs.Actor
	robot lfs.Actor
	key   lfs.Actor
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	pool := pgtest.Pool(t)
	st := store.New(pool)
	w, err := world.Parse([]byte(lfsWorld), t.Name())
	require.NoError(t, err)
	require.NoError(t, st.ApplyWorld(t.Context(), w))
	f := fixture{store: st, exec: func(t *testing.T, sql string, args ...any) {
		t.Helper()
		_, err := pool.Exec(t.Context(), sql, args...)
		require.NoError(t, err)
	}}
	root, err := st.UserByUsername(t.Context(), "root")
	require.NoError(t, err)
	robot, err := st.UserByUsername(t.Context(), "robot")
	require.NoError(t, err)
	key, err := st.DeployKeyByID(t.Context(), 21)
	require.NoError(t, err)
	f.root, f.robot, f.key = lfs.Actor{User: &root}, lfs.Actor{User: &robot}, lfs.Actor{DeployKey: &key}
	return f
}

var issuedAt = time.Date(2030, 5, 1, 12, 0, 0, 0, time.UTC)

func issue(t *testing.T, a lfs.Actor, container string) string {
	t.Helper()
	token, err := lfs.Issue(keyBase, a, container, issuedAt)
	require.NoError(t, err)
	return token
}

func TestIssue_WritesGitLabsClaims(t *testing.T) {
	f := newFixture(t)
	token := issue(t, f.key, lfs.ProjectGID(3))

	parts := strings.Split(token, ".")
	require.Len(t, parts, 3)
	header, err := base64.RawURLEncoding.DecodeString(parts[0])
	require.NoError(t, err)
	assert.JSONEq(t, `{"alg":"HS256","typ":"JWT"}`, string(header))
	payload, err := base64.RawURLEncoding.DecodeString(parts[1])
	require.NoError(t, err)
	var claims map[string]any
	require.NoError(t, json.Unmarshal(payload, &claims))

	assert.Equal(t, map[string]any{"actor": "lfs+deploy-key-21", "container_gid": "gid://gitlab/Project/3"}, claims["data"])
	assert.Equal(t, float64(issuedAt.Unix()), claims["iat"])
	assert.Equal(t, float64(issuedAt.Unix()-5), claims["nbf"])
	assert.Equal(t, float64(issuedAt.Unix()+7200), claims["exp"])
	_, err = uuid.Parse(claims["jti"].(string))
	assert.NoError(t, err, "jti is a UUID")
	assert.NotEqual(t, token, issue(t, f.key, lfs.ProjectGID(3)), "every token has its own jti")
}

func TestIssue_RefusesAnEmptyKeyBase(t *testing.T) {
	f := newFixture(t)
	_, err := lfs.Issue(nil, f.root, "", issuedAt)
	assert.Error(t, err)
}

func TestVerify_AcceptsFreshTokensForTheirActorAndContainer(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name      string
		holder    lfs.Actor
		bound     string
		presented string
		at        time.Time
	}{
		{"user, same container", f.root, lfs.ProjectGID(3), lfs.ProjectGID(3), issuedAt},
		{"deploy key, same container", f.key, lfs.ProjectGID(3), lfs.ProjectGID(3), issuedAt},
		{"caller names no container", f.root, lfs.ProjectGID(3), "", issuedAt},
		{"token bound to no container", f.root, "", lfs.ProjectGID(7), issuedAt},
		{"just before nbf, within the 60 s leeway", f.root, "", "", issuedAt.Add(-30 * time.Second)},
		{"just after exp, within the 60 s leeway", f.root, "", "", issuedAt.Add(lfs.Lifetime + 30*time.Second)},
		{"bot whose password expired: bots have no password", f.robot, "", "", issuedAt},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := lfs.Verify(t.Context(), f.store, keyBase, issue(t, tc.holder, tc.bound), tc.presented, tc.at)
			require.NoError(t, err)
			assert.Equal(t, tc.holder.Name(), got.Name())
		})
	}
}

func TestVerify_RefusesTokensThatNoLongerOrNeverAuthenticated(t *testing.T) {
	cases := []struct {
		name   string
		token  func(t *testing.T, f fixture) string
		change func(t *testing.T, f fixture)
		at     time.Time
		scope  string
	}{
		{name: "user changed their password",
			token:  func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			change: func(t *testing.T, f fixture) { f.exec(t, `UPDATE users SET password_digest = 'new' WHERE id = 1`) }},
		{name: "deploy key deleted",
			token:  func(t *testing.T, f fixture) string { return issue(t, f.key, "") },
			change: func(t *testing.T, f fixture) { f.exec(t, `DELETE FROM keys WHERE id = 21`) }},
		{name: "deploy key replaced under the same id",
			token: func(t *testing.T, f fixture) string { return issue(t, f.key, "") },
			change: func(t *testing.T, f fixture) {
				f.exec(t, `UPDATE keys SET fingerprint_sha256 = 'another' WHERE id = 21`)
			}},
		{name: "user deleted",
			token:  func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			change: func(t *testing.T, f fixture) { f.exec(t, `DELETE FROM users WHERE id = 1`) }},
		{name: "user blocked",
			token:  func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			change: func(t *testing.T, f fixture) { f.exec(t, `UPDATE users SET state = 'blocked' WHERE id = 1`) }},
		{name: "user deactivated",
			token:  func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			change: func(t *testing.T, f fixture) { f.exec(t, `UPDATE users SET state = 'deactivated' WHERE id = 1`) }},
		{name: "user's password expired",
			token: func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			change: func(t *testing.T, f fixture) {
				f.exec(t, `UPDATE users SET password_expires_at = $1 WHERE id = 1`, issuedAt.Add(-time.Minute))
			}},
		{name: "expired, beyond the leeway",
			token: func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			at:    issuedAt.Add(lfs.Lifetime + 61*time.Second)},
		{name: "not yet valid, beyond the leeway",
			token: func(t *testing.T, f fixture) string { return issue(t, f.root, "") },
			at:    issuedAt.Add(-5*time.Second - 61*time.Second)},
		{name: "bound to another container",
			token: func(t *testing.T, f fixture) string { return issue(t, f.root, lfs.ProjectGID(3)) },
			scope: lfs.ProjectGID(7)},
		{name: "signed with another key base",
			token: func(t *testing.T, f fixture) string {
				token, err := lfs.Issue([]byte("another-key-base"), f.root, "", issuedAt)
				require.NoError(t, err)
				return token
			}},
		{name: "alg none",
			token: func(t *testing.T, f fixture) string {
				return sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, "root")
			}},
		{name: "HS512 instead of HS256",
			token: func(t *testing.T, f fixture) string { return sign(t, jwt.SigningMethodHS512, []byte("k"), "root") }},
		{name: "actor swapped in the payload",
			token: func(t *testing.T, f fixture) string {
				parts := strings.Split(issue(t, f.root, ""), ".")
				forged := strings.Split(sign(t, jwt.SigningMethodHS256, []byte("k"), "robot"), ".")
				return parts[0] + "." + forged[1] + "." + parts[2]
			}},
		{name: "unknown user",
			token: func(t *testing.T, f fixture) string { return sign(t, jwt.SigningMethodHS256, []byte("k"), "nobody") }},
		{name: "malformed deploy key name",
			token: func(t *testing.T, f fixture) string {
				return sign(t, jwt.SigningMethodHS256, []byte("k"), "lfs+deploy-key-x")
			}},
		{name: "not a JWT",
			token: func(*testing.T, fixture) string { return "not-a-token" }},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			token := tc.token(t, f)
			if tc.change != nil {
				tc.change(t, f)
			}
			at := tc.at
			if at.IsZero() {
				at = issuedAt
			}
			_, err := lfs.Verify(t.Context(), f.store, keyBase, token, tc.scope, at)
			assert.ErrorIs(t, err, lfs.ErrInvalidToken)
		})
	}
}

// sign makes a token with GitLab's claims but a key or algorithm of the test's choosing.
func sign(t *testing.T, method jwt.SigningMethod, key any, name string) string {
	t.Helper()
	token, err := jwt.NewWithClaims(method, jwt.MapClaims{
		"data": map[string]any{"actor": name},
		"iat":  issuedAt.Unix(), "nbf": issuedAt.Unix() - 5, "exp": issuedAt.Add(lfs.Lifetime).Unix(),
	}).SignedString(key)
	require.NoError(t, err)
	return token
}

func TestActorFor_DeployKeysActAsThemselvesAndUserKeysAsTheirOwner(t *testing.T) {
	owner := &store.User{ID: 1, Username: "root"}
	deploy := &store.Key{ID: 21, Kind: "deploy"}
	userKey := &store.Key{ID: 11, Kind: "user"}
	cases := []struct {
		name   string
		who    actor.Actor
		want   string
		wantOK bool
	}{
		{"deploy key with its creator", actor.Actor{Key: deploy, User: owner}, "lfs+deploy-key-21", true},
		{"deploy key whose creator is gone", actor.Actor{Key: deploy}, "lfs+deploy-key-21", true},
		{"user key", actor.Actor{Key: userKey, User: owner}, "root", true},
		{"user without a key", actor.Actor{User: owner}, "root", true},
		{"nobody", actor.Actor{}, "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := lfs.ActorFor(tc.who)
			require.Equal(t, tc.wantOK, ok)
			if ok {
				assert.Equal(t, tc.want, got.Name())
			}
		})
	}
}
