package accesstoken

import (
	"slices"
	"strconv"
	"strings"
)

// allowedScopes are the scopes GitLab Shell may ask for: GitLab's API, repository and registry
// scopes (VALID_PAT_SCOPES), sorted as GitLab lists them in its message. sudo, admin_mode and
// ai_features are never granted this way.
var allowedScopes = []string{
	"api", "create_runner", "k8s_proxy", "manage_runner", "read_api", "read_registry",
	"read_repository", "read_user", "self_rotate", "write_registry", "write_repository",
}

// administratorScopes are what an administrator may grant besides: the scopes GitLab keeps
// from SSH users because they act as an administrator (admin_mode, sudo).
var administratorScopes = append(slices.Clone(allowedScopes), "admin_mode", "sudo")

// firstInvalidScope returns the first scope outside allowed, as GitLab reports only that one.
func firstInvalidScope(scopes, allowed []string) (string, bool) {
	for _, s := range scopes {
		if !slices.Contains(allowed, s) {
			return s, true
		}
	}
	return "", false
}

// invalidScopeMessage is GitLab's message, whose list is a Ruby array's inspect:
// ["api", "create_runner", …].
func invalidScopeMessage(scope string, allowed []string) string {
	quoted := make([]string, len(allowed))
	for i, s := range allowed {
		quoted[i] = strconv.Quote(s)
	}
	return "Invalid scope: '" + scope + "'. Valid scopes are: [" + strings.Join(quoted, ", ") + "]"
}

// distinct drops repeated scopes, keeping the first occurrence's place: a token holds each
// scope once however often it was asked for.
func distinct(scopes []string) []string {
	seen := make(map[string]bool, len(allowedScopes))
	out := make([]string, 0, len(allowedScopes))
	for _, s := range scopes {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
