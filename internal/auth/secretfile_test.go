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
