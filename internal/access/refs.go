package access

import "strings"

const (
	branchRefPrefix = "refs/heads/"
	tagRefPrefix    = "refs/tags/"
)

// branchName is the branch a ref names, or "" for anything but refs/heads/<name>.
func branchName(ref string) string { return shortRefName(ref, branchRefPrefix) }

// tagName is the tag a ref names, or "" for anything but refs/tags/<name>.
func tagName(ref string) string { return shortRefName(ref, tagRefPrefix) }

func shortRefName(ref, prefix string) string {
	if !strings.HasPrefix(ref, prefix) {
		return ""
	}
	return ref[len(prefix):]
}

// startsWithFullSHA reports a name that begins with a full object id: 40 hexadecimal digits of
// either case (a SHA-256 id begins with 40 of them too). Such names would shadow commits.
func startsWithFullSHA(name string) bool {
	if len(name) < sha1Len {
		return false
	}
	return isHex(name[:sha1Len])
}

// Characters git never allows in a ref name: controls, DEL, space and ~ ^ : ? * [ \.
const forbiddenRefChars = " ~^:?*[\\\x7f"

// validRefName is GitLab's GitRefValidator.validate for a short branch or tag name, the rules of
// git check-ref-format that can apply to a name below refs/heads/ or refs/tags/.
func validRefName(name string) bool {
	switch {
	case name == "" || name == "HEAD":
		return false
	case strings.HasPrefix(name, "refs/heads/") || strings.HasPrefix(name, "refs/remotes/"):
		return false
	case strings.HasPrefix(name, "-"):
		return false
	case strings.HasSuffix(name, "/") || strings.HasSuffix(name, "."):
		return false
	case strings.ContainsAny(name, forbiddenRefChars) || hasControlByte(name):
		return false
	case strings.Contains(name, "..") || strings.Contains(name, "//") || strings.Contains(name, "@{"):
		return false
	}
	for _, component := range strings.Split(name, "/") {
		if strings.HasPrefix(component, ".") || strings.HasSuffix(component, ".lock") {
			return false
		}
	}
	return true
}

func hasControlByte(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 {
			return true
		}
	}
	return false
}
