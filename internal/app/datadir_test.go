package app

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/testutil/fsowner"
	"github.com/glia-dev/glia/internal/testutil/pgtest"
)

// A demo.json that is a symbolic link (planted, or left by someone) is replaced by a regular
// file of glia's own: what it pointed at is never written.
func TestServe_ReplacesASymlinkedDemoJSONAndLeavesItsTargetAlone(t *testing.T) {
	t.Parallel()
	dataDir := t.TempDir()
	target := filepath.Join(t.TempDir(), "precious")
	require.NoError(t, os.WriteFile(target, []byte("precious\n"), 0o644))
	demoJSON := filepath.Join(dataDir, "demo.json")
	require.NoError(t, os.Symlink(target, demoJSON))

	base, _, stop := startServe(t, "--demo", "--listen", "127.0.0.1:0", "--database-url", pgtest.URL(t), "--data-dir", dataDir)
	require.NoError(t, stop())

	content, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "precious\n", string(content), "the link's target was overwritten")
	info, err := os.Lstat(demoJSON)
	require.NoError(t, err)
	assert.True(t, info.Mode().IsRegular(), "demo.json is a regular file now, not %s", info.Mode())
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	var demo demoCredentials
	raw, err := os.ReadFile(demoJSON)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &demo))
	assert.Equal(t, base, demo.BaseURL)
}

// A data directory another user owns, or one others may write to, is where someone could plant
// secrets or links: glia refuses it, in one line that says why.
func TestServe_RefusesAnUnsafeDataDirectoryInOneLine(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		prepare func(t *testing.T, dir string)
		reason  string
	}{
		"owned by another user": {
			prepare: func(t *testing.T, dir string) { fsowner.GiveToNobody(t, dir) },
			reason:  "is owned by nobody",
		},
		"writable by its group": {
			prepare: func(t *testing.T, dir string) { require.NoError(t, os.Chmod(dir, 0o770)) },
			reason:  "is writable by its group (mode 0770)",
		},
		"writable by everyone": {
			prepare: func(t *testing.T, dir string) { require.NoError(t, os.Chmod(dir, 0o777)) },
			reason:  "is writable by everyone (mode 0777)",
		},
		"writable by everyone, sticky like /tmp": {
			prepare: func(t *testing.T, dir string) { require.NoError(t, os.Chmod(dir, 0o777|os.ModeSticky)) },
			reason:  "is writable by everyone",
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dataDir := filepath.Join(t.TempDir(), "data")
			require.NoError(t, os.Mkdir(dataDir, 0o700))
			tc.prepare(t, dataDir)
			for _, args := range [][]string{
				{"--database-url", "postgres://127.0.0.1:1/none?connect_timeout=1"},
				{}, // the private cluster
			} {
				err := Run(context.Background(), append([]string{"serve", "--listen", "127.0.0.1:0", "--data-dir", dataDir}, args...),
					noEnv, io.Discard, io.Discard)
				require.Error(t, err, args)
				assert.Contains(t, err.Error(), dataDir+" "+tc.reason, args)
				assert.NotContains(t, err.Error(), "\n", args)
			}
			entries, err := os.ReadDir(dataDir)
			require.NoError(t, err)
			assert.Empty(t, entries, "glia wrote into a directory it refused")
		})
	}
}
