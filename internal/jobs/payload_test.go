package jobs

import (
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/receive"
	"github.com/glia-dev/glia/internal/store"
)

// The push event body in GitLab's key order, byte for byte (testdata/*.golden.json, indented
// for reading).
func TestPushPayload_IsGitLabsPushEventBody(t *testing.T) {
	main := "main"
	p := store.HookProject{NamespaceName: "GNU Wget", Project: store.Project{
		ID: 3, Name: "Wget2", FullPath: "gnuwget/wget2", Visibility: "public", DefaultBranch: &main,
	}}
	pusher := store.User{ID: 1, Username: "root", Name: "Administrator"}
	cfg := Config{ExternalURL: &url.URL{Scheme: "https", Host: "gitlab.example.com:8443"}}
	zero := strings.Repeat("0", 40)
	sha := "fd9e76b9136bdd9fe217061b497745792fe5a5ee"
	options := receive.ParsePushOptions([]string{"ci.skip", "ci.variable=A=1"})

	cases := map[string]struct {
		refType string
		change  receive.Change
	}{
		"push_event":         {refTypeBranch, receive.Change{OldRev: zero, NewRev: sha, Ref: "refs/heads/feature"}},
		"push_event_removed": {refTypeBranch, receive.Change{OldRev: sha, NewRev: zero, Ref: "refs/heads/feature"}},
		"tag_push_event":     {refTypeTag, receive.Change{OldRev: zero, NewRev: sha, Ref: "refs/tags/v1.0"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(pushPayload(cfg, p, pusher, options, tc.refType, tc.change), "", "  ")
			require.NoError(t, err)
			want, err := os.ReadFile("testdata/" + name + ".golden.json")
			require.NoError(t, err)
			assert.Equal(t, strings.TrimSpace(string(want)), string(got))
		})
	}
}
