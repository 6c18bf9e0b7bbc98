package safefile_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/safefile"
)

func TestWriteFile_ReplacesALinkInsteadOfWritingThroughIt(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	target := filepath.Join(t.TempDir(), "target")
	require.NoError(t, os.WriteFile(target, []byte("keep"), 0o644))
	path := filepath.Join(dir, "demo.json")
	require.NoError(t, os.Symlink(target, path))

	require.NoError(t, safefile.WriteFile(path, []byte("new")))
	content, err := os.ReadFile(target)
	require.NoError(t, err)
	assert.Equal(t, "keep", string(content))
	info, err := os.Lstat(path)
	require.NoError(t, err)
	assert.True(t, info.Mode().IsRegular())
	assert.Equal(t, fs.FileMode(0o600), info.Mode().Perm())
	content, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "new", string(content))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file is left behind")
}

func TestCreateFile_NeverReplacesWhatIsThere(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "secret")
	require.NoError(t, safefile.CreateFile(path, []byte("first")))
	err := safefile.CreateFile(path, []byte("second"))
	assert.True(t, errors.Is(err, fs.ErrExist), "%v", err)
	content, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "first", string(content))

	dangling := filepath.Join(dir, "dangling")
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	require.NoError(t, os.Symlink(elsewhere, dangling))
	assert.True(t, errors.Is(safefile.CreateFile(dangling, []byte("x")), fs.ErrExist))
	assert.NoFileExists(t, elsewhere)
}

func TestMkdirAll_CreatesAPrivateDirectoryAndRefusesOnesOthersMayWrite(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "a", "b")
	require.NoError(t, safefile.MkdirAll(dir))
	info, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, safefile.DirMode(), info.Mode().Perm())

	require.NoError(t, os.Chmod(dir, 0o775))
	err = safefile.MkdirAll(dir)
	var unsafe *safefile.UnsafeError
	require.ErrorAs(t, err, &unsafe)
	assert.Equal(t, dir+" is writable by its group (mode 0775)", err.Error())
	assert.ErrorContains(t, safefile.WriteFile(filepath.Join(dir, "f"), nil), "is writable by its group")
}

func TestReadFile_RefusesAFileOthersMayWrite(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "secret")
	require.NoError(t, os.WriteFile(path, []byte("s"), 0o600))
	content, err := safefile.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "s", string(content))

	require.NoError(t, os.Chmod(path, 0o666))
	_, err = safefile.ReadFile(path)
	assert.EqualError(t, err, path+" is writable by everyone (mode 0666)")

	_, err = safefile.ReadFile(filepath.Join(t.TempDir(), "missing"))
	assert.True(t, errors.Is(err, fs.ErrNotExist))
}
