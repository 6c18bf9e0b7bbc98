package project

import "strings"

// NormalizePath turns a repository as typed into the full path it names, as GitLab's
// RepoPath.parse does: one leading "/" and one trailing ".git" go (both are how git and
// GitLab Shell pass it along); case is left alone, lookups ignore it.
func NormalizePath(typed string) string {
	return strings.TrimSuffix(strings.TrimPrefix(typed, "/"), ".git")
}

// splitKind reads which repository a path names: "<project>.wiki" is the project's wiki,
// "<project>.design" its designs, "snippets/<id>" or "<project>/snippets/<id>" a snippet;
// anything else is the project repository (GitLab's Gitlab::GlRepository path suffixes).
func splitKind(path string) (kind, projectPath string) {
	switch {
	case strings.HasSuffix(path, ".wiki"):
		return KindWiki, strings.TrimSuffix(path, ".wiki")
	case strings.HasSuffix(path, ".design"):
		return KindDesign, strings.TrimSuffix(path, ".design")
	case isSnippetPath(path):
		return KindSnippet, path
	}
	return KindProject, path
}

func isSnippetPath(path string) bool {
	i := strings.LastIndex(path, "snippets/")
	if i < 0 || (i > 0 && path[i-1] != '/') {
		return false
	}
	id := path[i+len("snippets/"):]
	return id != "" && strings.Trim(id, "0123456789") == ""
}

// kindSuffix is what a kind adds to the project's path (".wiki", ".design", or nothing).
func kindSuffix(kind string) string {
	switch kind {
	case KindWiki, KindDesign:
		return "." + kind
	}
	return ""
}
