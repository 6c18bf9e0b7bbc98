package receive

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/glia-dev/glia/internal/project"
)

// glia has no merge requests. A push still gets GitLab's "create a merge request" links, and the
// merge request push options still get GitLab's validation warnings; nothing is created.

// mergeRequestBranchLimit is how many branches one push may carry merge request options for
// (MergeRequests::PushOptionsHandlerService::LIMIT).
const mergeRequestBranchLimit = 10

// target is the repository a push went to, with what merge request messages depend on.
type target struct {
	project.Project
	mergeRequestsEnabled bool
}

// mergeRequestBranches are the pushed branches merge requests are about: every branch the push
// created or updated, except the default branch, each once, in push order.
func mergeRequestBranches(changes []Change, defaultBranch string) []string {
	var out []string
	for _, c := range changes {
		branch, ok := c.Branch()
		if !ok || c.Deleted() || branch == defaultBranch || slices.Contains(out, branch) {
			continue
		}
		out = append(out, branch)
	}
	return out
}

// mergeRequestLinks are GitLab's "create a merge request" messages (MergeRequests::GetUrlsService)
// for a project repository that has commits and merge requests enabled.
func mergeRequestLinks(externalURL *url.URL, t target, changes []Change) []string {
	if t.Kind != project.KindProject || t.DefaultBranch == "" || !t.mergeRequestsEnabled {
		return nil
	}
	base := strings.TrimSuffix(externalURL.String(), "/") + "/" + t.FullPath + "/-/merge_requests/new?merge_request%5Bsource_branch%5D="
	var links []string
	for _, branch := range mergeRequestBranches(changes, t.DefaultBranch) {
		links = append(links, "To create a merge request for "+branch+", visit:\n  "+base+url.QueryEscape(branch))
	}
	return links
}

// pushOptionsWarning is the alert for merge request push options GitLab would refuse
// (PostReceiveService#process_mr_push_options, docs/gitlab-rules.md §9.3), or "" when there is
// nothing to say. raw are the options as sent; found is false when the repository is unknown,
// where GitLab says nothing either. Of GitLab's checks, the target branch's existence is left
// out: glia may not see the repository.
func pushOptionsWarning(raw []string, options PushOptions, found bool, t target, userKnown bool, changes []Change) string {
	if len(options["merge_request"]) == 0 || !found {
		return ""
	}
	if t.Kind != project.KindProject {
		return pushOptionsWarningText(raw, []string{"Push options are only supported for projects"})
	}
	branches := mergeRequestBranches(changes, t.DefaultBranch)
	var errs []string
	if !userKnown {
		errs = append(errs, "User is required")
	}
	if !t.mergeRequestsEnabled {
		errs = append(errs, "Merge requests are not enabled for project "+t.FullPath)
	}
	if len(branches) > mergeRequestBranchLimit {
		errs = append(errs, fmt.Sprintf("Too many branches pushed (%d were pushed, limit is %d)", len(branches), mergeRequestBranchLimit))
	}
	if len(errs) == 0 && !options.has("merge_request", "create") {
		// No branch has an open merge request (glia has none), so each would need creating.
		for _, branch := range branches {
			errs = append(errs, "A merge_request.create push option is required to create a merge request for branch "+branch)
		}
	}
	if len(errs) == 0 {
		return ""
	}
	return pushOptionsWarningText(raw, errs)
}

func pushOptionsWarningText(raw, errs []string) string {
	quoted := make([]string, len(raw))
	for i, o := range raw {
		quoted[i] = "'" + o + "'"
	}
	return "WARNINGS:\nError encountered with push options " + strings.Join(quoted, " ") + ": " + strings.Join(errs, "\n\n")
}
