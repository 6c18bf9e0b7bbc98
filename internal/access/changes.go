package access

import (
	"errors"
	"fmt"
	"strings"
)

// ErrMalformedChanges reports a changes value that is neither "_any" nor lines of
// "<oldrev> <newrev> <ref>" with 40- or 64-digit hexadecimal revisions. The wrapping error names
// the line (counted from 1); the caller answers 400.
var ErrMalformedChanges = errors.New("malformed changes")

const (
	sha1Len   = 40
	sha256Len = 64
)

// change is one ref update of a push.
type change struct {
	oldrev, newrev, ref string
}

// creation, deletion and update as GitLab reads them: an all-zero revision is no commit.
func (c change) creation() bool { return blankRev(c.oldrev) }
func (c change) deletion() bool { return blankRev(c.newrev) }
func (c change) update() bool   { return !c.creation() && !c.deletion() }

func blankRev(rev string) bool { return strings.Trim(rev, "0") == "" }

// parseChanges reads the raw changes of a push. Lines are separated by "\n"; surrounding
// whitespace (a "\r" included) is ignored, blank lines are skipped, and fields are separated by
// any run of whitespace, as GitLab's ChangesList reads them.
func parseChanges(raw string) ([]change, error) {
	var out []change
	for i, line := range strings.Split(raw, "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		if len(fields) != 3 {
			return nil, fmt.Errorf("%w: line %d: want \"<oldrev> <newrev> <ref>\", got %d fields", ErrMalformedChanges, i+1, len(fields))
		}
		for _, rev := range fields[:2] {
			if !isObjectID(rev) {
				return nil, fmt.Errorf("%w: line %d: %q is not a 40- or 64-digit hexadecimal revision", ErrMalformedChanges, i+1, rev)
			}
		}
		out = append(out, change{oldrev: fields[0], newrev: fields[1], ref: fields[2]})
	}
	return out, nil
}

func isObjectID(s string) bool {
	return (len(s) == sha1Len || len(s) == sha256Len) && isHex(s)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}
