package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestValidRefName_FollowsGitLabsRefValidator(t *testing.T) {
	valid := []string{"main", "feature/x", "v1.0", "a-b_c", "ümlaut", "x@y", "a.b/c.d"}
	invalid := []string{
		"", "HEAD", "refs/heads/main", "refs/remotes/origin/x", "-x", "x/", "x.", "a b", "a~1", "a^",
		"a:b", "a?", "a*", "a[b", "a\\b", "a\x7f", "a\tb", "a..b", "a//b", "a@{1}", ".hidden", "dir/.hidden",
		"x.lock", "dir.lock/x",
	}
	for _, name := range valid {
		assert.True(t, validRefName(name), "%q is valid", name)
	}
	for _, name := range invalid {
		assert.False(t, validRefName(name), "%q is invalid", name)
	}
}

func TestRefNames_AreShortNamesOfBranchAndTagRefsOnly(t *testing.T) {
	assert.Equal(t, "main", branchName("refs/heads/main"))
	assert.Equal(t, "refs/tags/x", branchName("refs/heads/refs/tags/x"))
	assert.Empty(t, branchName("refs/heads/"))
	assert.Empty(t, branchName("refs/tags/v1"))
	assert.Equal(t, "v1", tagName("refs/tags/v1"))
	assert.Empty(t, tagName("refs/notes/commits"))
}
