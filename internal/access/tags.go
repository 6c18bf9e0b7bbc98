package access

import "strings"

// checkTag is GitLab's TagCheck for one change to refs/tags/* (docs/gitlab-rules.md §1.5).
//
// A tag exists when the change has an old revision: git's receive-pack has already verified
// that the old revision of every update and deletion is the ref's current value.
func (c *checker) checkTag(ch change) error {
	name := tagName(ch.ref)
	if name == "" {
		return nil
	}
	if !ch.creation() && !c.access.can(policy.adminTag) {
		return forbidden(msgChangeExistingTag)
	}
	if ch.creation() && name == c.f.Container.DefaultBranch {
		return forbidden(msgTagIsDefaultBranch)
	}
	if !ch.deletion() {
		if !validRefName(name) || strings.HasPrefix(name, tagRefPrefix) {
			return forbidden(msgProhibitedTagName)
		}
		if startsWithFullSHA(name) {
			return forbidden(msgHexTagName)
		}
	}
	if !tagProtected(c.f, name) {
		return nil
	}
	return c.checkProtectedTag(ch, name)
}

// checkProtectedTag: protected tags never move; a maintainer may delete one from the web; and
// every change that gets this far, a deletion included, needs the tag's create rules to allow it.
func (c *checker) checkProtectedTag(ch change, name string) error {
	if ch.update() {
		return forbidden(msgUpdateProtectedTag)
	}
	if ch.deletion() {
		if !c.access.policy().maintainer() {
			return forbidden(msgDeleteProtectedTag)
		}
		if !c.fromWeb() {
			return forbidden(msgDeleteProtectedTagWeb)
		}
	}
	if !c.access.canCreateProtectedTag(name) {
		return forbidden(msgCreateProtectedTagDeny)
	}
	return nil
}
