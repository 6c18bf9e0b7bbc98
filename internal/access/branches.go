package access

import (
	"fmt"
	"strings"
)

// checkBranch is GitLab's BranchCheck for one change to refs/heads/* (docs/gitlab-rules.md §1.5): the
// default branch stays, new names must be valid, and protected branches follow their rules.
func (c *checker) checkBranch(ch change) error {
	name := branchName(ch.ref)
	if name == "" {
		return nil
	}
	if ch.deletion() && name == c.f.Container.DefaultBranch {
		return forbidden(msgDeleteDefaultBranch)
	}
	if !ch.deletion() {
		// GitLab's order: the SHA-like name first, then the general name rules.
		if startsWithFullSHA(name) {
			return forbidden(msgHexBranchName)
		}
		if !validRefName(name) {
			return forbidden(msgInvalidBranchName)
		}
	}
	if !branchProtected(c.f, name) {
		return nil
	}
	return c.checkProtectedBranch(ch, name)
}

// checkProtectedBranch: no force push unless a rule allows it; then the rules for creating,
// deleting or pushing to the branch. Into an empty repository every change is a first push.
func (c *checker) checkProtectedBranch(ch change, name string) error {
	force, err := c.repo.forcePush(ch)
	if err != nil {
		return err
	}
	if force && !forcePushAllowed(c.f, name) {
		return forbidden(msgForcePushProtectedBranch)
	}
	empty, err := c.repo.isEmpty()
	switch {
	case err != nil:
		return err
	case empty:
		return c.checkProtectedBranchPush(name, true)
	case ch.creation():
		return c.checkProtectedBranchCreation(ch, name)
	case ch.deletion():
		return c.checkProtectedBranchDeletion()
	}
	return c.checkProtectedBranchPush(name, false)
}

// checkProtectedBranchCreation: who may push to the branch may create it; who may only merge
// into it may create it from the web, from a commit that is already in a protected branch.
func (c *checker) checkProtectedBranchCreation(ch change, name string) error {
	if c.access.canPushToBranch(name, false) {
		return nil
	}
	if !c.access.canMergeToProtectedBranch(name) {
		return forbidden(msgCreateProtectedBranch)
	}
	based, err := c.repo.basedOnProtectedBranch(c.f, ch.newrev)
	if err != nil {
		return err
	}
	if !based {
		return forbidden(msgProtectedBranchBasis)
	}
	if !c.fromWeb() {
		return forbidden(msgCreateProtectedBranchWeb)
	}
	return nil
}

// checkProtectedBranchDeletion: maintainers delete protected branches, and only from the web.
func (c *checker) checkProtectedBranchDeletion() error {
	if !c.access.canDeleteProtectedBranch() {
		return forbidden(msgDeleteProtectedBranch)
	}
	if !c.fromWeb() {
		return forbidden(msgDeleteProtectedBranchWeb)
	}
	return nil
}

// checkProtectedBranchPush is the push rule check. GitLab first lets a merge request being
// merged into the branch through for users who may merge; glia has no merge requests, so every
// push takes the push rules.
func (c *checker) checkProtectedBranchPush(name string, emptyRepo bool) error {
	if c.access.canPushToBranch(name, emptyRepo) {
		return nil
	}
	if emptyRepo {
		return forbidden(fmt.Sprintf(msgPushProtectedBranchNoHead, c.f.Container.FullPath, c.projectMembersURL()))
	}
	return forbidden(msgPushProtectedBranch)
}

func (c *checker) projectMembersURL() string {
	return strings.TrimSuffix(c.f.Settings.ExternalURL, "/") + "/" + c.f.Container.FullPath + "/-/project_members"
}

// fromWeb: Gitaly's web operations (the UI and the API) report protocol "web".
func (c *checker) fromWeb() bool { return c.f.Request.Protocol == protocolWeb }
