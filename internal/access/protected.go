package access

// Protected refs as GitLab reads them: a ref is protected when any rule's name matches it, and an
// action is allowed when any access rule of any matching rule grants it (the lists are unioned).

func matchingBranches(rules []ProtectedBranch, name string) []ProtectedBranch {
	var out []ProtectedBranch
	for _, r := range rules {
		if refNameMatches(r.Name, name) {
			out = append(out, r)
		}
	}
	return out
}

func matchingTags(rules []ProtectedTag, name string) []ProtectedTag {
	var out []ProtectedTag
	for _, r := range rules {
		if refNameMatches(r.Name, name) {
			out = append(out, r)
		}
	}
	return out
}

func branchProtected(f *Facts, name string) bool {
	return len(matchingBranches(f.ProtectedBranches, name)) > 0
}

func tagProtected(f *Facts, name string) bool {
	return len(matchingTags(f.ProtectedTags, name)) > 0
}

// forcePushAllowed: one matching rule that allows force pushes is enough.
func forcePushAllowed(f *Facts, name string) bool {
	for _, r := range matchingBranches(f.ProtectedBranches, name) {
		if r.AllowForcePush {
			return true
		}
	}
	return false
}

// branchRules is the union of one access list (push or merge) over the rules matching name.
func branchRules(f *Facts, name string, list func(ProtectedBranch) []AccessRule) []AccessRule {
	var out []AccessRule
	for _, r := range matchingBranches(f.ProtectedBranches, name) {
		out = append(out, list(r)...)
	}
	return out
}

func pushRules(b ProtectedBranch) []AccessRule  { return b.Push }
func mergeRules(b ProtectedBranch) []AccessRule { return b.Merge }

func tagCreateRules(f *Facts, name string) []AccessRule {
	var out []AccessRule
	for _, r := range matchingTags(f.ProtectedTags, name) {
		out = append(out, r.Create...)
	}
	return out
}
