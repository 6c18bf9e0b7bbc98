package auth_test

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/auth"
	"github.com/glia-dev/glia/internal/testutil/fsowner"
)

func TestLoadShellSecret_GeneratesAPrivateHexSecretOnceAndKeepsIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", ".gitlab_shell_secret")
	first, created, err := auth.LoadShellSecret(path)
	require.NoError(t, err)
	assert.True(t, created)
	assert.Regexp(t, regexp.MustCompile(`^[0-9a-f]{32}\n$`), string(first))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())

	again, created, err := auth.LoadShellSecret(path)
	require.NoError(t, err)
	assert.False(t, created)
	assert.Equal(t, first, again)
}

func TestLoadKASSecret_RequiresBase64Of32Bytes(t *testing.T) {
	dir := t.TempDir()
	generated := filepath.Join(dir, "generated")
	key, created, err := auth.LoadKASSecret(generated)
	require.NoError(t, err)
	assert.True(t, created)
	assert.Len(t, key, 32)

	for name, content := range map[string]string{
		"not base64":  "%%%",
		"16 bytes":    base64.StdEncoding.EncodeToString(make([]byte, 16)),
		"only spaces": "   \n",
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
			_, _, err := auth.LoadKASSecret(path)
			assert.ErrorContains(t, err, "is malformed")
		})
	}
}

// A secret file glia did not write itself, where another user could have planted or changed it,
// is refused in one line that says why: glia would otherwise trust a secret someone else knows.
func TestLoadShellSecret_RefusesASecretOthersCouldHavePlanted(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		prepare func(t *testing.T, path string)
		reason  string
	}{
		"owned by another user": {
			prepare: func(t *testing.T, path string) {
				require.NoError(t, os.WriteFile(path, []byte("0123456789abcdef0123456789abcdef\n"), 0o600))
				fsowner.GiveToNobody(t, path)
			},
			reason: "is owned by nobody",
		},
		"writable by its group": {
			prepare: func(t *testing.T, path string) {
				require.NoError(t, os.WriteFile(path, []byte("0123456789abcdef0123456789abcdef\n"), 0o600))
				require.NoError(t, os.Chmod(path, 0o620))
			},
			reason: "is writable by its group (mode 0620)",
		},
		"writable by everyone": {
			prepare: func(t *testing.T, path string) {
				require.NoError(t, os.WriteFile(path, []byte("0123456789abcdef0123456789abcdef\n"), 0o600))
				require.NoError(t, os.Chmod(path, 0o606))
			},
			reason: "is writable by everyone (mode 0606)",
		},
		"a link another user planted": {
			prepare: func(t *testing.T, path string) {
				real := filepath.Join(filepath.Dir(path), "real")
				require.NoError(t, os.WriteFile(real, []byte("0123456789abcdef0123456789abcdef\n"), 0o600))
				require.NoError(t, os.Symlink(real, path))
				fsowner.GiveToNobody(t, path)
			},
			reason: "is a symbolic link owned by nobody",
		},
		"missing, in a directory others may write to": {
			prepare: func(t *testing.T, path string) {
				require.NoError(t, os.Chmod(filepath.Dir(path), 0o777))
			},
			reason: "is writable by everyone (mode 0777)",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir := filepath.Join(t.TempDir(), "secrets")
			require.NoError(t, os.Mkdir(dir, 0o700))
			path := filepath.Join(dir, ".gitlab_shell_secret")
			tc.prepare(t, path)
			_, _, err := auth.LoadShellSecret(path)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.reason)
			assert.Contains(t, err.Error(), dir)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

// Secrets are written without following links: a dangling link where the secret belongs is not
// followed to create a file elsewhere.
func TestLoadShellSecret_NeverWritesThroughALink(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	path := filepath.Join(dir, ".gitlab_shell_secret")
	require.NoError(t, os.Symlink(elsewhere, path))
	_, _, err := auth.LoadShellSecret(path)
	require.Error(t, err)
	assert.NoFileExists(t, elsewhere)
}
