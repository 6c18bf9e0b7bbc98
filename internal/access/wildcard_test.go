package access

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRefNameMatches_FollowsGitLabsWildcards(t *testing.T) {
	cases := []struct {
		pattern, name string
		want          bool
	}{
		{"main", "main", true},
		{"main", "Main", false},
		{"main", "main2", false},
		{"release/*", "release/1.0", true},
		{"release/*", "release/1.0/hotfix", true},
		{"release/*", "release/", true},
		{"release/*", "release", false},
		{"*-stable", "9-0-stable", true},
		{"*-stable", "stable", false},
		{"*", "anything/at/all", true},
		{"*", "", true},
		{"v*.*", "v1.2", true},
		{"v*.*", "v12", false},
		{"a*b*c", "abc", true},
		{"a*b*c", "axxbyybzc", true},
		{"a*b*c", "acb", false},
		{"a*ab", "aab", true},
		{"feat.*", "featx1", false},
		{"feat[1]*", "feat[1]x", true},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, refNameMatches(tc.pattern, tc.name), "%q matching %q", tc.pattern, tc.name)
	}
}
