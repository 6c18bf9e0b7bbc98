package project

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseGLRepository_ReadsGitLabsGrammarAndRefusesAnythingElse(t *testing.T) {
	valid := []struct {
		in   string
		want glRepository
	}{
		{"project-3", glRepository{kindProject, 3}},
		{"wiki-3", glRepository{kindWiki, 3}},
		{"design-3", glRepository{kindDesign, 3}},
		{"snippet-5", glRepository{kindSnippet, 5}},
		{"project-3-wiki", glRepository{kindWiki, 3}},
		{"group-22-wiki", glRepository{kindGroupWiki, 22}},
		{"project-99999999999999999999", glRepository{kindProject, 0}},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseGLRepository(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	for _, in := range []string{"", "project", "project-", "project-x", "project-3x", "repo-3", "3",
		"project-3-design", "namespace-3-wiki", "group-3", "project-1-2-wiki", "project--3"} {
		t.Run("invalid "+in, func(t *testing.T) {
			_, err := parseGLRepository(in)
			assert.ErrorIs(t, err, ErrInvalidGLRepository)
		})
	}
}

func TestNormalizePath_DropsOneLeadingSlashAndOneGitSuffix(t *testing.T) {
	cases := map[string]string{
		"gnuwget/wget2":          "gnuwget/wget2",
		"/gnuwget/wget2.git":     "gnuwget/wget2",
		"gnuwget/wget2.git.git":  "gnuwget/wget2.git",
		"//gnuwget/wget2":        "/gnuwget/wget2",
		"GnuWget/Wget2.git":      "GnuWget/Wget2",
		"gnuwget/wget2.wiki.git": "gnuwget/wget2.wiki",
		"/":                      "",
	}
	for in, want := range cases {
		assert.Equal(t, want, normalizePath(in), in)
	}
}
