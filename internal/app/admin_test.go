package app

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/sshkey"
	"github.com/glia-dev/glia/internal/store"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
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
		"remove an unknown key":   {"key", "remove", "999"},
		"remove a non-number":     {"key", "remove", "eleven"},
		"missing argument":        {"key", "remove"},
		"unknown action":          {"user", "promote", "ada"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := cli.run(args...)
			require.Error(t, err)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}
