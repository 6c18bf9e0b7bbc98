package app

import (
	"bytes"
	"context"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/accesstoken"
	"github.com/glia-dev/glia/internal/errortracking"
	"github.com/glia-dev/glia/internal/sshkey"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
	"github.com/glia-dev/glia/internal/twofactor"
	"github.com/glia-dev/glia/internal/world"
)

// adminCLI runs glia commands against one test database.
type adminCLI struct {
	t     *testing.T
	dbURL string
}

func (c adminCLI) run(args ...string) (string, error) {
	var out bytes.Buffer
	err := Run(context.Background(), append(args, "--database-url", c.dbURL), noEnv, &out, io.Discard)
	return out.String(), err
}

// adminCLIWithWorld is an adminCLI over a database holding the world worldYAML describes.
func adminCLIWithWorld(t *testing.T, worldYAML string) adminCLI {
	cli := adminCLI{t, pgtest.URL(t)}
	w, err := world.Parse([]byte(worldYAML), "test")
	require.NoError(t, err)
	require.NoError(t, cli.store().ApplyWorld(t.Context(), w))
	return cli
}

func (c adminCLI) store() *store.Store {
	st, err := store.Open(c.t.Context(), c.dbURL)
	require.NoError(c.t, err)
	c.t.Cleanup(st.Close)
	return st
}

const adaKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDYDwf/GP7/0Mx0x7KAyBCmrVKTfuakJuS8htuUCbjBN ada@laptop"

func TestUserCommands_CreateBlockAndUnblockUsers(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	out, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com", "--name", "Ada Lovelace")
	require.NoError(t, err)
	assert.Regexp(t, `^created user ada \(id \d+\)\n$`, out)

	ada, err := cli.store().UserByUsername(t.Context(), "ada")
	require.NoError(t, err)
	assert.Equal(t, "Ada Lovelace", ada.Name)
	assert.Equal(t, "active", ada.State)

	out, err = cli.run("user", "block", "ada")
	require.NoError(t, err)
	assert.Contains(t, out, "blocked user ada")
	ada, _ = cli.store().UserByUsername(t.Context(), "ada")
	assert.Equal(t, "blocked", ada.State)

	_, err = cli.run("user", "unblock", "ADA")
	require.NoError(t, err)
	ada, _ = cli.store().UserByUsername(t.Context(), "ada")
	assert.Equal(t, "active", ada.State)
}

func TestKeyCommands_AddAndRemoveAUsersSSHKey(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	_, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com")
	require.NoError(t, err)

	// Flags may follow the positional arguments.
	out, err := cli.run("key", "add", "ada", adaKey, "--title", "laptop")
	require.NoError(t, err)
	assert.Regexp(t, `^added key \d+ for ada: SHA256:`, out)

	parsed, err := sshkey.Parse(adaKey)
	require.NoError(t, err)
	key, err := cli.store().AuthKeyByFingerprint(t.Context(), sshkey.Fingerprint(parsed.Blob))
	require.NoError(t, err, "the key authenticates right away")
	assert.Equal(t, "laptop", key.Title)

	_, err = cli.run("key", "remove", strings.Fields(strings.TrimPrefix(out, "added key "))[0])
	require.NoError(t, err)
	_, err = cli.store().AuthKeyByFingerprint(t.Context(), sshkey.Fingerprint(parsed.Blob))
	assert.ErrorIs(t, err, store.ErrNotFound)
}

func TestAdminCommands_RefuseBadInputInOneLine(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	_, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com")
	require.NoError(t, err)
	_, err = cli.run("key", "add", "ada", adaKey)
	require.NoError(t, err)

	cases := map[string][]string{
		"taken username":          {"user", "create", "--username", "ADA", "--email", "other@example.com"},
		"taken email":             {"user", "create", "--username", "bob", "--email", "ada@example.com"},
		"invalid username":        {"user", "create", "--username", "-bob", "--email", "bob@example.com"},
		"invalid email":           {"user", "create", "--username", "bob", "--email", "bob"},
		"block an unknown user":   {"user", "block", "nobody"},
		"key for an unknown user": {"key", "add", "nobody", adaKey},
		"key already in use":      {"key", "add", "ada", adaKey},
		"not a key":               {"key", "add", "ada", "ssh-rsa not-base64!"},
		// Named ssh-ed25519 and well framed, but a 31-byte point is no ed25519 key.
		"a blob that is no key of its type": {"key", "add", "ada",
			"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAHwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="},
		"remove an unknown key": {"key", "remove", "999"},
		"remove a non-number":   {"key", "remove", "eleven"},
		"missing argument":      {"key", "remove"},
		"unknown action":        {"user", "promote", "ada"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(args...)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestTokenCommands_IssueATokenShownOnceAndRevokeIt(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	_, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com", "--admin")
	require.NoError(t, err)

	out, err := cli.run("token", "issue", "ada", "--name", "billing", "--scopes", "api, admin_mode")
	require.NoError(t, err)
	lines := strings.Split(out, "\n")
	token := lines[0]
	require.True(t, strings.HasPrefix(token, "glpat-"), out)
	assert.Regexp(t, `^# personal access token \d+ for ada, scopes api,admin_mode, expires \d{4}-\d\d-\d\d;`, lines[1])

	owner, err := accesstoken.Verify(t.Context(), cli.store(), token, time.Now())
	require.NoError(t, err)
	assert.True(t, owner.Admin)
	assert.Equal(t, []string{"api", "admin_mode"}, owner.Scopes)

	id := strings.Fields(strings.TrimPrefix(lines[1], "# personal access token "))[0]
	_, err = cli.run("token", "revoke", id)
	require.NoError(t, err)
	_, err = accesstoken.Verify(t.Context(), cli.store(), token, time.Now())
	assert.ErrorIs(t, err, accesstoken.ErrRevoked)
}

func TestTwoFactorEnable_PrintsAnOTPAuthURIWhoseCodesVerify(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	_, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com")
	require.NoError(t, err)

	out, err := cli.run("2fa", "enable", "ada", "--issuer", "gitlab.example.com")
	require.NoError(t, err)
	uri, err := url.Parse(strings.Split(out, "\n")[0])
	require.NoError(t, err)
	assert.Equal(t, "otpauth", uri.Scheme)
	assert.Equal(t, "totp", uri.Host)
	assert.Equal(t, "/gitlab.example.com:ada", uri.Path)

	ada, err := cli.store().UserByUsername(t.Context(), "ada")
	require.NoError(t, err)
	assert.True(t, ada.OTPRequired)
	require.NotNil(t, ada.OTPSecret)
	assert.Equal(t, *ada.OTPSecret, uri.Query().Get("secret"))
	secret, err := twofactor.DecodeSecret(*ada.OTPSecret)
	require.NoError(t, err)
	now := time.Now()
	_, ok := twofactor.Match(secret, twofactor.Code(secret, twofactor.TimeStep(now), twofactor.CodeDigits), now)
	assert.True(t, ok, "an authenticator app fed the URI produces codes glia accepts")
}

func TestErrorTrackingKeyCreate_AddsAnActiveKeyTheCheckAccepts(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	w, err := world.Parse([]byte("users:\n  - username: ada\n    email: ada@example.com\nprojects:\n  - id: 5\n    full_path: ada/app\n    error_tracking: {enabled: true}\n"), "test")
	require.NoError(t, err)
	require.NoError(t, cli.store().ApplyWorld(t.Context(), w))

	out, err := cli.run("error-tracking-key", "create", "ada/app")
	require.NoError(t, err)
	key := strings.Split(out, "\n")[0]
	assert.True(t, strings.HasPrefix(key, "glet_"), out)
	enabled, err := errortracking.Enabled(t.Context(), cli.store(), 5, key)
	require.NoError(t, err)
	assert.True(t, enabled)
}

func TestCredentialCommands_RefuseBadInputInOneLine(t *testing.T) {
	cli := adminCLI{t, pgtest.URL(t)}
	_, err := cli.run("user", "create", "--username", "ada", "--email", "ada@example.com")
	require.NoError(t, err)
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"token for an unknown user":  {[]string{"token", "issue", "nobody", "--name", "x", "--scopes", "api"}, `there is no user "nobody"`},
		"token with a bad scope":     {[]string{"token", "issue", "ada", "--name", "x", "--scopes", "everything"}, "Invalid scope: 'everything'"},
		"token without scopes":       {[]string{"token", "issue", "ada", "--name", "x"}, "No token scopes specified"},
		"token with a bad date":      {[]string{"token", "issue", "ada", "--name", "x", "--scopes", "api", "--expires-at", "someday"}, "Invalid token expiry date"},
		"revoke an unknown token":    {[]string{"token", "revoke", "999"}, "there is no personal access token 999"},
		"2fa for an unknown user":    {[]string{"2fa", "enable", "nobody"}, `there is no user "nobody"`},
		"key for an unknown project": {[]string{"error-tracking-key", "create", "nobody/nothing"}, `there is no project "nobody/nothing"`},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(tc.args...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}
