package gitrepo_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/gitrepo"
	"github.com/glia-dev/glia/internal/gitrepo/gitrepotest"
)

// open opens the fixture's repository through the quarantine that Gitaly's env names.
func open(t *testing.T, f *gitrepotest.Fixture, env string) *gitrepo.Repo {
	t.Helper()
	r, err := gitrepo.Open(context.Background(), f.StorageRoot, f.RelativePath, gitrepo.ParseEnv(env))
	require.NoError(t, err)
	return r
}

func TestEmpty_FreshRepositoryIsEmpty(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)

	empty, err := open(t, f, "").Empty(context.Background())
	require.NoError(t, err)
	require.True(t, empty)
}

func TestEmpty_RepositoryWithABranchIsNotEmpty(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	f.SetBranch("main", f.Commit("", "initial"))

	empty, err := open(t, f, "").Empty(context.Background())
	require.NoError(t, err)
	require.False(t, empty)
}

func TestEmpty_TagsAloneLeaveTheRepositoryEmpty(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	f.SetRef("refs/tags/v1", f.Commit("", "initial"))

	empty, err := open(t, f, "").Empty(context.Background())
	require.NoError(t, err)
	require.True(t, empty, "GitLab calls a repository without branches empty")
}

func TestIsAncestor_FastForwardInQuarantineIsAnAncestor(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	f.SetBranch("main", old)
	pushed, quarantine := f.QuarantineCommit(old, "fast-forward")

	ok, err := open(t, f, gitrepotest.QuarantineEnv(quarantine)).IsAncestor(context.Background(), old, pushed)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestIsAncestor_QuarantinedCommitIsMissingWithoutTheQuarantine(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	pushed, _ := f.QuarantineCommit(old, "fast-forward")

	_, err := open(t, f, "").IsAncestor(context.Background(), old, pushed)
	require.ErrorIs(t, err, gitrepo.ErrMissingObject)
	require.ErrorContains(t, err, pushed)
}

func TestIsAncestor_RewrittenHistoryIsNotAnAncestor(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	base := f.Commit("", "initial")
	old := f.Commit(base, "published")
	f.SetBranch("main", old)
	rewritten, quarantine := f.QuarantineCommit(base, "amended")

	ok, err := open(t, f, gitrepotest.QuarantineEnv(quarantine)).IsAncestor(context.Background(), old, rewritten)
	require.NoError(t, err)
	require.False(t, ok, "a force push")
}

func TestIsAncestor_SeesGitalysOperationQuarantineOutsideTheRepository(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	merged, quarantine := f.GitalyQuarantineCommit(old, "merge from the web")
	require.True(t, strings.HasPrefix(quarantine, "../"), quarantine)

	ok, err := open(t, f, gitrepotest.QuarantineEnv(quarantine)).IsAncestor(context.Background(), old, merged)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestIsAncestor_StorageWithAColonInItsPath(t *testing.T) {
	t.Parallel()
	// Unquoted, GIT_ALTERNATE_OBJECT_DIRECTORIES would split this path and lose the repository's objects.
	f := gitrepotest.NewBareRepo(t, filepath.Join(t.TempDir(), "git:data"), hashedPath)
	old := f.Commit("", "initial")
	pushed, quarantine := f.QuarantineCommit(old, "fast-forward")

	ok, err := open(t, f, gitrepotest.QuarantineEnv(quarantine)).IsAncestor(context.Background(), old, pushed)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestIsAncestor_IgnoresReplaceRefs(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	unrelated := f.Commit("", "unrelated history")
	// With replace refs honoured, "unrelated" would descend from "old" and hide a force push.
	f.SetRef("refs/replace/"+unrelated, f.Commit(old, "fake descendant"))

	ok, err := open(t, f, "").IsAncestor(context.Background(), old, unrelated)
	require.NoError(t, err)
	require.False(t, ok)
}

func TestIsAncestor_WorksOnSHA256Repositories(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewSHA256BareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	pushed, quarantine := f.QuarantineCommit(old, "fast-forward")
	require.Len(t, pushed, 64)
	r := open(t, f, gitrepotest.QuarantineEnv(quarantine))

	ok, err := r.IsAncestor(context.Background(), old, pushed)
	require.NoError(t, err)
	require.True(t, ok)

	// A SHA-1-sized ID would be an abbreviation here: refused.
	_, err = r.IsAncestor(context.Background(), old[:40], pushed)
	require.ErrorIs(t, err, gitrepo.ErrInvalidObjectID)
}

func TestIsAncestor_RefusesWhatIsNotAFullObjectID(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	commit := f.Commit("", "initial")
	f.SetBranch("main", commit)
	r := open(t, f, "")

	for name, rev := range map[string]string{
		"empty":        "",
		"ref name":     "main",
		"HEAD":         "HEAD",
		"option":       "--output=/tmp/owned",
		"abbreviation": commit[:12],
		"too long":     commit + "0",
		"not hex":      strings.Repeat("g", 40),
		"revision":     commit[:38] + "^1",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := r.IsAncestor(context.Background(), rev, commit)
			require.ErrorIs(t, err, gitrepo.ErrInvalidObjectID)
			_, err = r.IsAncestor(context.Background(), commit, rev)
			require.ErrorIs(t, err, gitrepo.ErrInvalidObjectID)
			_, err = r.BranchesContaining(context.Background(), rev)
			require.ErrorIs(t, err, gitrepo.ErrInvalidObjectID)
		})
	}
}

func TestBranchesContaining_ListsTheBranchesWhoseHeadContainsTheCommit(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	base := f.Commit("", "initial")
	f.SetBranch("main", f.Commit(base, "second"))
	f.SetBranch("release/1.0", base)
	f.SetBranch("v1", base)
	f.SetRef("refs/tags/v1", base) // a tag of the same name must not turn the branch into "heads/v1"
	f.SetBranch("other", f.Commit("", "unrelated history"))

	branches, err := open(t, f, "").BranchesContaining(context.Background(), base)
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"main", "release/1.0", "v1"}, branches)
}

func TestBranchesContaining_QuarantinedCommitIsInNoBranch(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	f.SetBranch("main", old)
	pushed, quarantine := f.QuarantineCommit(old, "new branch")

	branches, err := open(t, f, gitrepotest.QuarantineEnv(quarantine)).BranchesContaining(context.Background(), pushed)
	require.NoError(t, err)
	require.Empty(t, branches)
}

func TestBranchesContaining_MissingCommitIsAnError(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	f.SetBranch("main", f.Commit("", "initial"))

	_, err := open(t, f, "").BranchesContaining(context.Background(), strings.Repeat("1", 40))
	require.ErrorIs(t, err, gitrepo.ErrMissingObject)
}

func TestRepo_StopsWhenTheContextIsCancelled(t *testing.T) {
	t.Parallel()
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	commit := f.Commit("", "initial")
	r := open(t, f, "")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := r.Empty(ctx)
	require.ErrorIs(t, err, context.Canceled)
	_, err = r.IsAncestor(ctx, commit, commit)
	require.ErrorIs(t, err, context.Canceled)
	_, err = r.BranchesContaining(ctx, commit)
	require.ErrorIs(t, err, context.Canceled)
}

// Not parallel: it changes the process environment, which git must not inherit.
func TestRepo_IgnoresTheProcessGitEnvironment(t *testing.T) {
	f := gitrepotest.NewBareRepo(t, t.TempDir(), hashedPath)
	old := f.Commit("", "initial")
	newer := f.Commit(old, "second")
	f.SetBranch("main", newer)
	decoy := gitrepotest.NewBareRepo(t, t.TempDir(), "decoy.git")
	t.Setenv("GIT_DIR", decoy.Dir)
	t.Setenv("GIT_OBJECT_DIRECTORY", filepath.Join(decoy.Dir, "objects")) // without the commits
	t.Setenv("GIT_CONFIG_PARAMETERS", "bogus")                            // a git reading it dies

	r := open(t, f, "")
	ok, err := r.IsAncestor(context.Background(), old, newer)
	require.NoError(t, err)
	require.True(t, ok)
	branches, err := r.BranchesContaining(context.Background(), old)
	require.NoError(t, err)
	require.Equal(t, []string{"main"}, branches)
}
