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
		{"project-3", glRepository{KindProject, 3}},
		{"wiki-3", glRepository{KindWiki, 3}},
		{"design-3", glRepository{KindDesign, 3}},
		{"snippet-5", glRepository{KindSnippet, 5}},
		{"project-3-wiki", glRepository{KindWiki, 3}},
		{"group-22-wiki", glRepository{KindGroupWiki, 22}},
		{"project-99999999999999999999", glRepository{KindProject, 0}},
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
		assert.Equal(t, want, NormalizePath(in), in)
	}
}

func TestSplitKind_ReadsWikiDesignAndSnippetPaths(t *testing.T) {
	for path, want := range map[string][2]string{
		"gnuwget/wget2":             {KindProject, "gnuwget/wget2"},
		"gnuwget/wget2.wiki":        {KindWiki, "gnuwget/wget2"},
		"gnuwget/wget2.design":      {KindDesign, "gnuwget/wget2"},
		"snippets/12":               {KindSnippet, "snippets/12"},
		"gnuwget/wget2/snippets/12": {KindSnippet, "gnuwget/wget2/snippets/12"},
		"gnuwget/mysnippets/12":     {KindProject, "gnuwget/mysnippets/12"},
	} {
		kind, rest := splitKind(path)
		assert.Equal(t, want, [2]string{kind, rest}, path)
	}
}
