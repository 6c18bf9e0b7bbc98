package world_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/glia-dev/glia/internal/world"
)

func TestParse_ProjectHooksWithGitLabsDefaults(t *testing.T) {
	t.Parallel()
	w, err := world.Parse(yamlText(`
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		hooks:
			- url: https://ci.example.com/hook
			- url: http://127.0.0.1:9/
				token: s3cret
				push_events: false
				tag_push_events: true
`), "t.yaml")
	require.NoError(t, err)
	assert.Equal(t, []world.Hook{
		{URL: "https://ci.example.com/hook", PushEvents: true},
		{URL: "http://127.0.0.1:9/", Token: "s3cret", TagPushEvents: true},
	}, w.Projects[0].Hooks)
}

func TestParse_RefusesHooksWithoutAUsableURL(t *testing.T) {
	t.Parallel()
	cases := map[string]struct{ hooks, want string }{
		"missing url":  {"- token: x", "t.yaml:7: url is required"},
		"relative url": {"- url: /hook", `t.yaml:7: hook url "/hook" is not an absolute http or https URL`},
		"not http":     {"- url: ftp://example.com/", `t.yaml:7: hook url "ftp://example.com/" is not an absolute http or https URL`},
		"duplicate": {"- url: https://a.example/\n\t\t\t- url: https://a.example/",
			`t.yaml:8: duplicate hook of root/scratch "https://a.example/" (first at line 7)`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := world.Parse(yamlText(`
users:
	- username: root
		email: root@example.com
projects:
	- full_path: root/scratch
		hooks:
			`+tc.hooks+`
`), "t.yaml")
			require.Error(t, err)
			assert.Equal(t, tc.want, err.Error())
		})
	}
}
