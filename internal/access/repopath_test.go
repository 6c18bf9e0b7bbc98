package access

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestNamespacePathParses_FollowsGitLabsProjectPathRegex(t *testing.T) {
	parses := []string{
		"acme/app", "acme/sub/app", "a/b", "alice/my.project", "Acme_1/app-2", "acme/.app",
		"apiary/app", "acme/admin/app", "acme/info/lfs", "_x/app", "acme/x.y/app", "acme/.",
	}
	fails := []string{
		"", "app", "/app", "acme/", "acme//app", "-acme/app", "acme./app", "acme.git/app", "acme.atom/app",
		"acme/app.git", "acme/app.atom", "acme/-app", "acme/a p", "admin/app", "API/app", "-/app",
		"acme/blob/app", "acme/-/app", "acme/info/lfs/objects/app", strings.Repeat("a", 257) + "/app",
	}
	for _, p := range parses {
		assert.True(t, namespacePathParses(p), "%q parses", p)
	}
	for _, p := range fails {
		assert.False(t, namespacePathParses(p), "%q does not parse", p)
	}
}
