package gitrepo_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/gitrepo"
	"github.com/glia-dev/glia/internal/gitrepo/gitrepotest"
)

func TestOpen_RefusesPathsThatLeaveTheStorage(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	storage := filepath.Join(base, "storage")
	gitrepotest.NewBareRepo(t, storage, hashedPath)
	// Real repositories next to the storage: refused for their paths, before git runs.
	outside := gitrepotest.NewBareRepo(t, base, "outside.git")
	require.NoError(t, os.Mkdir(filepath.Join(outside.Dir, "objects", "incoming-x"), 0o755))

	for name, tc := range map[string]struct {
		relativePath string
		q            gitrepo.Quarantine
	}{
		"repository above the storage":   {relativePath: "../outside.git"},
		"repository escaping on the way": {relativePath: "@hashed/../../outside.git"},
		"absolute repository path":       {relativePath: outside.Dir},
		"no repository path":             {relativePath: ""},
		"NUL in the repository path":     {relativePath: hashedPath + "\x00"},
		"object directory above the storage": {
			relativePath: hashedPath,
			q:            gitrepo.Quarantine{ObjectDirectory: "../../../../../outside.git/objects/incoming-x"},
		},
		"alternate above the storage": {
			relativePath: hashedPath,
			q:            gitrepo.Quarantine{AlternateObjectDirectories: []string{"objects", "../../../../../outside.git/objects"}},
		},
		"absolute object directory": {
			relativePath: hashedPath,
			q:            gitrepo.Quarantine{ObjectDirectory: filepath.Join(outside.Dir, "objects", "incoming-x")},
		},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := gitrepo.Open(context.Background(), storage, tc.relativePath, tc.q)
			require.ErrorIs(t, err, gitrepo.ErrInvalidPath)
		})
	}
}

func TestOpen_AcceptsATransactionQuarantineElsewhereInTheStorage(t *testing.T) {
	t.Parallel()
	// Gitaly's transactions send a snapshot's path and a quarantine in the transaction's
	// staging directory, both in the storage but neither inside the other.
	f := gitrepotest.NewBareRepo(t, t.TempDir(), "+gitaly/staging/17/snapshot/"+hashedPath)
	require.NoError(t, os.MkdirAll(filepath.Join(f.StorageRoot, "+gitaly/staging/17/quarantine"), 0o755))

	_, err := gitrepo.Open(context.Background(), f.StorageRoot, f.RelativePath,
		gitrepo.Quarantine{ObjectDirectory: "../../../../../../../../+gitaly/staging/17/quarantine"})
	require.NoError(t, err)
}

func TestOpen_RefusesWhatIsNotARepository(t *testing.T) {
	t.Parallel()
	storage := t.TempDir()
	require.NoError(t, os.MkdirAll(filepath.Join(storage, "plain.git", "objects"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(storage, "file.git"), []byte("x"), 0o644))

	for _, relativePath := range []string{"missing.git", "plain.git", "file.git"} {
		t.Run(relativePath, func(t *testing.T) {
			_, err := gitrepo.Open(context.Background(), storage, relativePath, gitrepo.Quarantine{})
			require.ErrorIs(t, err, gitrepo.ErrNotRepository)
		})
	}
}

func TestOpen_RefusesAMissingQuarantineDirectory(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)

	_, err := gitrepo.Open(context.Background(), f.StorageRoot, f.RelativePath,
		gitrepo.ParseEnv(gitrepotest.QuarantineEnv("objects/tmp_objdir-incoming-gone")))
	require.ErrorContains(t, err, "quarantine object directory")
	require.NotErrorIs(t, err, gitrepo.ErrNotRepository)
}
