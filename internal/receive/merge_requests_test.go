package receive

import (
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/glia-dev/glia/internal/project"
)

var (
	zero = strings.Repeat("0", 40)
	sha  = strings.Repeat("a", 40)
)

func branchPush(name string) Change {
	return Change{OldRev: zero, NewRev: sha, Ref: "refs/heads/" + name}
}
func branchDelete(name string) Change {
	return Change{OldRev: sha, NewRev: zero, Ref: "refs/heads/" + name}
}

func wget2() target {
	return target{
		Project:              project.Project{Kind: project.KindProject, ID: 3, FullPath: "gnuwget/wget2", DefaultBranch: "main"},
		mergeRequestsEnabled: true,
	}
}

func TestMergeRequestLinks_ForPushedBranchesOtherThanTheDefault(t *testing.T) {
	external, _ := url.Parse("https://gitlab.example.com/")
	changes := []Change{
		branchPush("feature"), branchPush("main"), branchDelete("old"),
		{OldRev: zero, NewRev: sha, Ref: "refs/tags/v1"}, branchPush("fix/a b+c"), branchPush("feature"),
	}
	assert.Equal(t, []string{
		"To create a merge request for feature, visit:\n  https://gitlab.example.com/gnuwget/wget2/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature",
		"To create a merge request for fix/a b+c, visit:\n  https://gitlab.example.com/gnuwget/wget2/-/merge_requests/new?merge_request%5Bsource_branch%5D=fix%2Fa+b%2Bc",
	}, mergeRequestLinks(external, wget2(), changes))

	withRoot, _ := url.Parse("https://example.com/gitlab")
	assert.Equal(t, []string{
		"To create a merge request for feature, visit:\n  https://example.com/gitlab/gnuwget/wget2/-/merge_requests/new?merge_request%5Bsource_branch%5D=feature",
	}, mergeRequestLinks(withRoot, wget2(), changes[:1]), "a relative URL root stays")

	noMRs := wget2()
	noMRs.mergeRequestsEnabled = false
	empty := wget2()
	empty.DefaultBranch = ""
	wiki := wget2()
	wiki.Kind = project.KindWiki
	for name, tgt := range map[string]target{"merge requests disabled": noMRs, "empty repository": empty, "wiki": wiki} {
		assert.Empty(t, mergeRequestLinks(external, tgt, changes), name)
	}
}

func TestPushOptionsWarning_GitLabsMergeRequestChecks(t *testing.T) {
	feature := []Change{branchPush("feature")}
	opts := func(raw ...string) ([]string, PushOptions) { return raw, ParsePushOptions(raw) }
	prefix := "WARNINGS:\nError encountered with push options "
	many := make([]Change, 11)
	for i := range many {
		many[i] = branchPush("b" + string(rune('a'+i)))
	}
	noMRs := wget2()
	noMRs.mergeRequestsEnabled = false
	design := wget2()
	design.Kind = project.KindDesign

	cases := []struct {
		name      string
		raw       []string
		found     bool
		tgt       target
		userKnown bool
		changes   []Change
		want      string
	}{
		{"no merge request options", []string{"ci.skip"}, true, wget2(), true, feature, ""},
		{"create asked for: nothing to refuse", []string{"merge_request.create", "mr.target=main"}, true, wget2(), true, feature, ""},
		{"options without create", []string{"mr.title=x", "ci.skip"}, true, wget2(), true, []Change{branchPush("a"), branchPush("b")},
			prefix + "'mr.title=x' 'ci.skip': A merge_request.create push option is required to create a merge request for branch a\n\n" +
				"A merge_request.create push option is required to create a merge request for branch b"},
		{"only the default branch pushed", []string{"mr.title=x"}, true, wget2(), true, []Change{branchPush("main")}, ""},
		{"unknown repository: GitLab says nothing", []string{"mr.create"}, false, target{}, true, feature, ""},
		{"not a project repository", []string{"mr.create"}, true, design, true, feature,
			prefix + "'mr.create': Push options are only supported for projects"},
		{"every validation failure at once", []string{"mr.create"}, true, noMRs, false, many,
			prefix + "'mr.create': User is required\n\nMerge requests are not enabled for project gnuwget/wget2\n\n" +
				"Too many branches pushed (11 were pushed, limit is 10)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw, parsed := opts(tc.raw...)
			assert.Equal(t, tc.want, pushOptionsWarning(raw, parsed, tc.found, tc.tgt, tc.userKnown, tc.changes))
		})
	}
}
