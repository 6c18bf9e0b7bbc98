package project

import "strings"

// normalizePath turns a repository as typed into the full path it names, as GitLab's
// RepoPath.parse does: one leading "/" and one trailing ".git" go (both are how git and
// GitLab Shell pass it along); case is left alone, lookups ignore it.
func normalizePath(typed string) string {
	return strings.TrimSuffix(strings.TrimPrefix(typed, "/"), ".git")
}
