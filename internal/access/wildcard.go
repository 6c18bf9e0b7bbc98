package access

import "strings"

// refNameMatches is GitLab's ProtectedRefMatcher#matches?: a name without "*" matches itself
// exactly (case-sensitive); each "*" of a wildcard matches any run of characters, "/" included,
// so "release/*" matches "release/1.0/hotfix" and "*-stable" matches "9-0-stable".
func refNameMatches(pattern, name string) bool {
	if !strings.Contains(pattern, "*") {
		return pattern == name
	}
	parts := strings.Split(pattern, "*")
	first, last := parts[0], parts[len(parts)-1]
	if len(name) < len(first)+len(last) || !strings.HasPrefix(name, first) || !strings.HasSuffix(name, last) {
		return false
	}
	// The literal parts between the stars must appear in order in what the prefix and suffix
	// leave; taking each at its first occurrence leaves the most room for the rest.
	rest := name[len(first) : len(name)-len(last)]
	for _, part := range parts[1 : len(parts)-1] {
		i := strings.Index(rest, part)
		if i < 0 {
			return false
		}
		rest = rest[i+len(part):]
	}
	return true
}
