package access

import "strings"

// namespacePathParses reports whether a requested project path has a namespace part GitLab's
// router could serve: GitLab's check_namespace! matches "<path>.git" against
// PathRegex.full_project_git_path_regex. It says nothing about the namespace existing.
//
// The rules of that expression: at least "namespace/project"; every segment in GitLab's path
// format; the top-level namespace not one of GitLab's own top-level routes, and no deeper one a
// project or group route word (both compared without regard to case). The project segment's
// route-word rule can never apply, since ".git" rather than "/" follows it.
func namespacePathParses(path string) bool {
	i := strings.LastIndex(path, "/")
	if i < 0 {
		return false
	}
	namespace, project := path[:i], path[i+1:]
	if !projectSegment(project) {
		return false
	}
	// The route-word lookaheads see the rest of the path, ".git" included.
	rest := path + ".git"
	for n, segment := range strings.Split(namespace, "/") {
		words := groupRouteWords
		if n == 0 {
			words = topLevelRoutes
		}
		if !namespaceSegment(segment) || startsWithRouteWord(rest, words) {
			return false
		}
		rest = rest[len(segment)+1:]
	}
	return true
}

// startsWithRouteWord: s begins with "<word>/" for one of words, ignoring case.
func startsWithRouteWord(s string, words []string) bool {
	for _, w := range words {
		if len(s) > len(w) && strings.EqualFold(s[:len(w)], w) && s[len(w)] == '/' {
			return true
		}
	}
	return false
}

// namespaceSegment is NAMESPACE_FORMAT_REGEX: letters, digits, "_", "-" and "."; not starting
// with "-"; a single character must be a letter, digit or "_"; longer ones end in a letter,
// digit, "_" or "-"; at most 256 characters; not ending in ".git" or ".atom".
func namespaceSegment(s string) bool {
	if len(s) == 1 {
		return isWordChar(s[0])
	}
	if len(s) < 2 || len(s) > 256 || !pathChars(s) || s[0] == '-' || s[len(s)-1] == '.' {
		return false
	}
	return !hasReservedSuffix(s)
}

// projectSegment is PROJECT_PATH_FORMAT_REGEX: as a namespace segment, but up to 255 characters
// and free to end in ".".
func projectSegment(s string) bool {
	if s == "" || len(s) > 255 || !pathChars(s) || s[0] == '-' {
		return false
	}
	return !hasReservedSuffix(s)
}

func pathChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isWordChar(s[i]) && s[i] != '-' && s[i] != '.' {
			return false
		}
	}
	return true
}

func isWordChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_'
}

func hasReservedSuffix(s string) bool {
	return strings.HasSuffix(s, ".git") || strings.HasSuffix(s, ".atom")
}

// topLevelRoutes is GitLab's PathRegex::TOP_LEVEL_ROUTES: no top-level group or user may take
// these names.
var topLevelRoutes = []string{
	"-", ".well-known", "404.html", "422.html", "500.html", "502.html", "503.html", "admin", "api",
	"apple-touch-icon.png", "assets", "dashboard", "deploy.html", "explore", "favicon.ico",
	"favicon.png", "groups", "health_check", "help", "import", "jwt", "login", "o", "oauth",
	"profile", "projects", "public", "robots.txt", "s", "search", "sitemap", "sitemap.xml",
	"sitemap.xml.gz", "slash-command-logo.png", "snippets", "unsubscribes", "uploads", "users", "v2",
}

// groupRouteWords is PathRegex::ILLEGAL_GROUP_PATH_WORDS: the project wildcard routes (some span
// two or three segments) and the group routes.
var groupRouteWords = []string{
	"-", "badges", "blame", "blob", "builds", "commits", "create", "create_dir", "edit",
	"environments/folders", "files", "find_file", "gitlab-lfs/objects", "info/lfs/objects", "new",
	"preview", "raw", "refs", "tree", "update", "wikis",
}
