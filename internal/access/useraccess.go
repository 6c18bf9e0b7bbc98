package access

// userAccess is what the push checks ask about refs: GitLab's UserAccess for a user, its
// DeployKeyAccess subclass for a deploy key. Either way the abilities are those of user: the
// acting user, or the deploy key's creator (a deploy key can only push for a creator who may
// still use git and read the project).
type userAccess struct {
	facts     *Facts
	user      *User
	deployKey *Key // the deploy key pushing, if one is
}

func newUserAccess(f *Facts) userAccess {
	a := userAccess{facts: f, user: f.Actor.User}
	if k := f.Actor.Key; k != nil && k.Deploy {
		a.deployKey = k
	}
	return a
}

func (a userAccess) policy() policy { return policy{user: a.user, project: a.facts.Container} }

func (a userAccess) mayUseGit() bool { return mayUseGit(a.user, a.facts.Settings) }

// can is GitLab's can_do_action?: the ability, for a user who may use git.
func (a userAccess) can(ability func(policy) bool) bool {
	return a.mayUseGit() && ability(a.policy())
}

// canPushForRef is PushCheck's question. A user needs push access to the project. A deploy key
// asks can_push_to_branch with the full ref name, which only a wildcard rule can match (a "*"
// rule makes every ref protected for a deploy key that is not listed on it).
func (a userAccess) canPushForRef(ref string) bool {
	if a.deployKey != nil {
		return a.canPushToBranch(ref, false)
	}
	return a.can(policy.pushCode)
}

// collaborates is can_collaborate?: a user with push access; a deploy key with write access to
// the project whose creator can read it.
func (a userAccess) collaborates() bool {
	if a.deployKey != nil {
		return a.facts.Container.DeployKeyCanPush && a.policy().readProject()
	}
	return a.policy().pushCode()
}

// canPushToBranch is can_push_to_branch?. emptyRepo matters only for protected branches.
func (a userAccess) canPushToBranch(name string, emptyRepo bool) bool {
	if !a.mayUseGit() || !a.collaborates() {
		return false
	}
	if !branchProtected(a.facts, name) {
		return true
	}
	return a.branchRuleGrants(name, pushRules, emptyRepo)
}

// The questions below are asked only after PushCheck let the change through, which means the
// user (or the deploy key's creator) may use git.

// canMergeToProtectedBranch is can_merge_to_branch?, asked only of protected branches being
// created, which means the repository is not empty.
func (a userAccess) canMergeToProtectedBranch(name string) bool {
	return a.branchRuleGrants(name, mergeRules, false)
}

// canDeleteProtectedBranch: a maintainer (GitLab's push_to_delete_protected_branch), whatever
// the branch's rules say.
func (a userAccess) canDeleteProtectedBranch() bool { return a.policy().maintainer() }

// canCreateProtectedTag: a create rule of the tag must grant it, except for deploy keys, which
// may always create protected tags.
func (a userAccess) canCreateProtectedTag(name string) bool {
	return a.deployKey != nil || a.anyGrants(tagCreateRules(a.facts, name))
}

// branchRuleGrants is ProtectedBranch.protected_ref_accessible_to?. In a repository without any
// branch yet, admins and maintainers may always create the branch, whatever its rules say.
func (a userAccess) branchRuleGrants(name string, list func(ProtectedBranch) []AccessRule, emptyRepo bool) bool {
	if emptyRepo && a.deployKey == nil && a.policy().maintainer() {
		return true
	}
	return a.anyGrants(branchRules(a.facts, name, list))
}

func (a userAccess) anyGrants(rules []AccessRule) bool {
	for _, r := range rules {
		if a.grants(r) {
			return true
		}
	}
	return false
}

// grants is ProtectedRefAccess#check_access for one rule.
//
// A deploy key passes only rules that name it. A user passes a rule naming them if they are a
// member of the project; "No one" passes nobody, admins included; "Admins" passes admins; a role
// rule passes members with push access whose own role reaches it. Admins are not members: on a
// branch for Maintainers, an admin who is not one is refused like anyone else.
func (a userAccess) grants(r AccessRule) bool {
	if a.deployKey != nil {
		return r.DeployKeyID != 0 && r.DeployKeyID == a.deployKey.ID
	}
	p := a.policy()
	switch {
	case r.UserID != 0:
		return p.user != nil && r.UserID == p.user.ID && p.membership() >= roleGuest
	case r.DeployKeyID != 0:
		return false
	case r.Role == RoleNoOne:
		return false
	case r.Role == RoleAdmin:
		return p.admin()
	}
	return p.pushCode() && p.membership() >= r.Role
}
